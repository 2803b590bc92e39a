package ordo.gateway.payments;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Payment settings (configuration section {@code payments}). {@link #toString()} never shows a secret.
 *
 * @param stripe                  the Stripe client; disabled without a secret key (the default)
 * @param webhookSecrets          per provider name ({@code stripe}, {@code offline}), the one or two secrets its
 *                                webhooks are signed with: two while a secret is being rotated. A provider without
 *                                secrets has its webhooks refused. Default none
 * @param webhookToleranceSeconds how far a webhook's signed time may be from ours, either way. Default 300
 * @param adapter                 how provider calls are run (section {@code payments.adapter})
 */
public record PaymentsConfig(StripeConfig stripe, Map<String, List<String>> webhookSecrets,
    int webhookToleranceSeconds, PaymentAdapterConfig adapter)
{
    public static final int DEFAULT_WEBHOOK_TOLERANCE_SECONDS = 300;
    /** The providers Ordo knows; also the names the orders API accepts. */
    public static final List<String> PROVIDER_NAMES = List.of(StripeProvider.NAME, OfflineProvider.NAME);

    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1,512}");

    public PaymentsConfig
    {
        if (stripe == null)
        {
            throw new IllegalArgumentException("payments.stripe settings are required");
        }
        webhookSecrets = checkSecrets(webhookSecrets);
        if (webhookToleranceSeconds < 1 || webhookToleranceSeconds > 3600)
        {
            throw new IllegalArgumentException(
                "payments.webhookToleranceSeconds must be between 1 and 3600, got " + webhookToleranceSeconds);
        }
        if (adapter == null)
        {
            throw new IllegalArgumentException("payments.adapter settings are required");
        }
    }

    /** With the adapter at its defaults. */
    public PaymentsConfig(final StripeConfig stripe, final Map<String, List<String>> webhookSecrets,
        final int webhookToleranceSeconds)
    {
        this(stripe, webhookSecrets, webhookToleranceSeconds, PaymentAdapterConfig.defaults());
    }

    public static PaymentsConfig defaults()
    {
        return new PaymentsConfig(StripeConfig.defaults(), Map.of(), DEFAULT_WEBHOOK_TOLERANCE_SECONDS);
    }

    public PaymentsConfig withStripe(final StripeConfig value)
    {
        return new PaymentsConfig(value, webhookSecrets, webhookToleranceSeconds, adapter);
    }

    public PaymentsConfig withWebhookSecrets(final String provider, final List<String> secrets)
    {
        final Map<String, List<String>> copy = new LinkedHashMap<>(webhookSecrets);
        copy.put(provider, secrets);
        return new PaymentsConfig(stripe, copy, webhookToleranceSeconds, adapter);
    }

    public PaymentsConfig withAdapter(final PaymentAdapterConfig value)
    {
        return new PaymentsConfig(stripe, webhookSecrets, webhookToleranceSeconds, value);
    }

    @Override
    public String toString()
    {
        final StringBuilder secrets = new StringBuilder("{");
        for (final Map.Entry<String, List<String>> entry : webhookSecrets.entrySet())
        {
            secrets.append(secrets.length() == 1 ? "" : ", ")
                .append(entry.getKey()).append("=").append(entry.getValue().size()).append(" secret(s) ***");
        }
        return "PaymentsConfig[stripe=" + stripe + ", webhookSecrets=" + secrets.append("}")
            + ", webhookToleranceSeconds=" + webhookToleranceSeconds + ", adapter=" + adapter + "]";
    }

    private static Map<String, List<String>> checkSecrets(final Map<String, List<String>> value)
    {
        if (value == null)
        {
            return Map.of();
        }
        final Map<String, List<String>> copy = new LinkedHashMap<>();
        for (final Map.Entry<String, List<String>> entry : value.entrySet())
        {
            final String key = "payments.webhookSecrets." + entry.getKey();
            if (!PROVIDER_NAMES.contains(entry.getKey()))
            {
                throw new IllegalArgumentException(
                    "unknown provider '" + key + "' (known: " + String.join(", ", PROVIDER_NAMES) + ")");
            }
            final List<String> secrets = entry.getValue();
            if (secrets == null || secrets.isEmpty() || secrets.size() > WebhookSignature.MAX_SECRETS)
            {
                throw new IllegalArgumentException(key + " must list one or two secrets (two while rotating)");
            }
            final Set<String> seen = new HashSet<>();
            for (int i = 0; i < secrets.size(); i++)
            {
                // The message names the entry, never the value: it is a secret.
                if (secrets.get(i) == null || !VISIBLE_ASCII.matcher(secrets.get(i)).matches())
                {
                    throw new IllegalArgumentException(
                        key + "[" + i + "] must be 1-512 visible ASCII characters without spaces");
                }
                if (!seen.add(secrets.get(i)))
                {
                    throw new IllegalArgumentException(key + " lists the same secret twice");
                }
            }
            copy.put(entry.getKey(), List.copyOf(secrets));
        }
        return Map.copyOf(copy);
    }
}
