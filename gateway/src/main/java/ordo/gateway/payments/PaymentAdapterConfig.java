package ordo.gateway.payments;

/**
 * How the {@link PaymentAdapter} runs (configuration section {@code payments.adapter}).
 *
 * @param enabled            false: no provider is called and outstanding payment actions wait (for tests, and for
 *                           running a second server read-only against a copy of the data). Default true
 * @param workers            provider calls made at once; each call blocks its worker for up to the provider's
 *                           timeouts and retries. Default 2
 * @param scanIntervalMillis how often the outbox is read even when no new action was announced (the start-up scan
 *                           is what re-issues actions a crash left outstanding). Default 1000
 */
public record PaymentAdapterConfig(boolean enabled, int workers, int scanIntervalMillis)
{
    public static final int DEFAULT_WORKERS = 2;
    public static final int MAX_WORKERS = 32;
    public static final int DEFAULT_SCAN_INTERVAL_MILLIS = 1_000;

    public PaymentAdapterConfig
    {
        if (workers < 1 || workers > MAX_WORKERS)
        {
            throw new IllegalArgumentException(
                "payments.adapter.workers must be between 1 and " + MAX_WORKERS + ", got " + workers);
        }
        if (scanIntervalMillis < 10 || scanIntervalMillis > 3_600_000)
        {
            throw new IllegalArgumentException(
                "payments.adapter.scanIntervalMillis must be between 10 and 3600000, got " + scanIntervalMillis);
        }
    }

    public static PaymentAdapterConfig defaults()
    {
        return new PaymentAdapterConfig(true, DEFAULT_WORKERS, DEFAULT_SCAN_INTERVAL_MILLIS);
    }

    public PaymentAdapterConfig withEnabled(final boolean value)
    {
        return new PaymentAdapterConfig(value, workers, scanIntervalMillis);
    }

    public PaymentAdapterConfig withScanIntervalMillis(final int value)
    {
        return new PaymentAdapterConfig(enabled, workers, value);
    }
}
