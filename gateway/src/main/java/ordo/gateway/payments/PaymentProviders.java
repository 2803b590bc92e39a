package ordo.gateway.payments;

import java.time.Clock;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The payment providers by name, and their webhook endpoints. {@code offline} is always there; {@code stripe} only
 * when a secret key is configured. A provider's webhooks are accepted only when it has webhook secrets. Built once at
 * start-up; immutable and thread-safe. {@link #close()} releases the providers' HTTP clients.
 */
public final class PaymentProviders implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PaymentProviders.class);

    private final Map<String, PaymentProvider> providers;
    private final Map<String, ProviderWebhook> webhooks;

    /** Any providers and webhook endpoints, keyed by provider name; for tests and wiring of fakes. */
    public PaymentProviders(final Map<String, PaymentProvider> providers, final Map<String, ProviderWebhook> webhooks)
    {
        for (final Map.Entry<String, PaymentProvider> entry : providers.entrySet())
        {
            if (!entry.getKey().equals(entry.getValue().name()))
            {
                throw new IllegalArgumentException("provider '" + entry.getValue().name() + "' registered as '"
                    + entry.getKey() + "'");
            }
        }
        this.providers = Collections.unmodifiableMap(new LinkedHashMap<>(providers));
        this.webhooks = Collections.unmodifiableMap(new LinkedHashMap<>(webhooks));
    }

    public static PaymentProviders fromConfig(final PaymentsConfig config)
    {
        return fromConfig(config, Clock.systemUTC());
    }

    /** @param clock the clock webhook timestamps are checked against */
    public static PaymentProviders fromConfig(final PaymentsConfig config, final Clock clock)
    {
        final Map<String, PaymentProvider> providers = new LinkedHashMap<>();
        providers.put(OfflineProvider.NAME, new OfflineProvider());
        if (config.stripe().enabled())
        {
            providers.put(StripeProvider.NAME, new StripeProvider(config.stripe()));
        }
        final Map<String, ProviderWebhook> webhooks = new LinkedHashMap<>();
        for (final Map.Entry<String, List<String>> entry : config.webhookSecrets().entrySet())
        {
            final WebhookParser parser = StripeProvider.NAME.equals(entry.getKey())
                ? new StripeWebhookParser() : new OfflineWebhookParser();
            webhooks.put(entry.getKey(), new ProviderWebhook(
                new WebhookSignature(entry.getValue(), config.webhookToleranceSeconds(), clock), parser));
        }
        LOG.info("payment providers: {}; webhooks accepted for: {}", providers.keySet(), webhooks.keySet());
        return new PaymentProviders(providers, webhooks);
    }

    /** The provider of that name, if enabled. */
    public Optional<PaymentProvider> provider(final String name)
    {
        return Optional.ofNullable(providers.get(name));
    }

    public Set<String> names()
    {
        return providers.keySet();
    }

    /** The webhook endpoint of that provider, if it has webhook secrets. */
    public Optional<ProviderWebhook> webhook(final String provider)
    {
        return Optional.ofNullable(webhooks.get(provider));
    }

    @Override
    public void close()
    {
        for (final PaymentProvider provider : providers.values())
        {
            if (provider instanceof AutoCloseable)
            {
                try
                {
                    ((AutoCloseable)provider).close();
                }
                catch (final Exception e)
                {
                    LOG.warn("closing payment provider {} failed", provider.name(), e);
                }
            }
        }
    }
}
