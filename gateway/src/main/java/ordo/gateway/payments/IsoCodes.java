package ordo.gateway.payments;

import java.util.Currency;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * The currency and country codes a request may name: ISO 4217 currencies as {@link Currency#getAvailableCurrencies}
 * knows them, ISO 3166-1 alpha-2 countries as {@link Locale#getISOCountries()} lists them. Both upper case, built once
 * and only read after (any event-loop thread). A code of the right shape that names nothing (currency XXQ, country XX)
 * was taken, although the error for a wrong shape says "an ISO … code" (found in QA).
 *
 * <p>Beside the runtime's tables: XK (Kosovo: a user-assigned code that payment providers, carriers and the EU use,
 * which no JDK lists) and the currencies ISO 4217 added after Java 17's first data (VED 2021, SLE 2022, ZWG 2024,
 * XCG 2025), so a merchant's real code is not refused for the JRE's age (found in review).
 *
 * <p>Here in {@code payments} rather than {@code api} because both read money: the API's bodies (orders, locations,
 * refund settlements) and the payment webhooks, whose currency was only checked for its shape, so a signed event in
 * XXQ or XAU was applied and used up its event id (found in QA). The API already depends on this package.
 */
public final class IsoCodes
{
    private static final Set<String> CURRENCIES = currencies();
    private static final Set<String> COUNTRIES = countries();

    private IsoCodes()
    {
    }

    public static boolean isCurrency(final String code)
    {
        return code != null && CURRENCIES.contains(code);
    }

    public static boolean isCountry(final String code)
    {
        return code != null && COUNTRIES.contains(code);
    }

    private static Set<String> currencies()
    {
        final Set<String> codes = new HashSet<>(Set.of("VED", "SLE", "ZWG", "XCG"));
        for (final Currency currency : Currency.getAvailableCurrencies())
        {
            // No minor unit (XXX, XTS, XAU, XDR, …): not money an order can be priced in minor units of (found in QA).
            if (currency.getDefaultFractionDigits() >= 0)
            {
                codes.add(currency.getCurrencyCode());
            }
        }
        return Set.copyOf(codes);
    }

    private static Set<String> countries()
    {
        final Set<String> codes = new HashSet<>(Set.of(Locale.getISOCountries()));
        codes.add("XK");
        return Set.copyOf(codes);
    }
}
