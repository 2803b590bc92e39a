package ordo.gateway.payments;

import java.util.random.RandomGenerator;

/**
 * The pause before each retry: exponential from {@code initialMillis}, capped at {@code maxMillis}, with "equal
 * jitter" (half the pause fixed, half random) so that calls which failed together do not all retry together, while
 * a retry never comes sooner than half the exponential pause. Thread-safe when {@code random} is (such as
 * {@link java.util.Random}); tests pass a seeded one for repeatable pauses.
 */
public final class Backoff
{
    private final long initialMillis;
    private final long maxMillis;
    private final RandomGenerator random;

    public Backoff(final long initialMillis, final long maxMillis, final RandomGenerator random)
    {
        if (initialMillis < 1 || maxMillis < initialMillis)
        {
            throw new IllegalArgumentException("back-off needs 1 <= initialMillis <= maxMillis, got "
                + initialMillis + " and " + maxMillis);
        }
        this.initialMillis = initialMillis;
        this.maxMillis = maxMillis;
        this.random = random;
    }

    /** The configured pauses with {@code random} as the jitter source. */
    public static Backoff of(final StripeConfig config, final RandomGenerator random)
    {
        return new Backoff(config.initialBackoffMillis(), config.maxBackoffMillis(), random);
    }

    /**
     * The pause before retry {@code retry} (1 is the pause after the first failed attempt), in
     * {@code [ceiling - ceiling / 2, ceiling]} where {@code ceiling = min(maxMillis, initialMillis × 2^(retry-1))}.
     */
    public long delayMillis(final int retry)
    {
        if (retry < 1)
        {
            throw new IllegalArgumentException("retry counts from 1, got " + retry);
        }
        // Compared before shifting, so that the doubling cannot overflow however many retries there are.
        final int doublings = Math.min(retry - 1, 62);
        final long ceiling = initialMillis > (maxMillis >>> doublings) ? maxMillis : initialMillis << doublings;
        final long randomPart = ceiling / 2;
        return ceiling - randomPart + random.nextLong(randomPart + 1);
    }
}
