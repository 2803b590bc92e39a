package ordo.bench.load;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * When a run's slow answers happened: the worst latency of the measured requests due in each {@link #WINDOW_MILLIS}
 * window of the run, and the stretches of adjacent windows whose worst reached a threshold, with wall-clock (UTC)
 * times to lay beside the server's log, {@code -Xlog:gc} and per-thread CPU. A percentile says how many requests were
 * slow; this says when, which is what names a cause: in the eleventh round it put the constant-rate stalls on the
 * journal page recycler's read-ahead rounds (docs/BENCHMARKS.md).
 *
 * <p>Turned on for a run by {@code -Dordo.bench.stalls=MS} on the load client (LoadMain, PeerMain): each run then
 * prints its stretches of at least MS milliseconds to standard error. Thread-safe: {@link #record} from any thread.
 */
final class StallTimeline
{
    static final long WINDOW_MILLIS = 10;
    private static final long WINDOW_NANOS = WINDOW_MILLIS * 1_000_000L;
    private static final DateTimeFormatter CLOCK =
        DateTimeFormatter.ofPattern("HH:mm:ss.SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final long startNanos;
    private final long startEpochMillis;
    private final AtomicLongArray worstMicros;

    /**
     * A stretch of adjacent windows whose worst latency reached the threshold.
     *
     * @param fromEpochMillis start of its first window (requests due from then on)
     * @param toEpochMillis   end of its last window
     * @param worstMicros     the worst latency of a request due in it
     */
    record Stall(long fromEpochMillis, long toEpochMillis, long worstMicros)
    {
        @Override
        public String toString()
        {
            return String.format(Locale.ROOT, "stall %s–%s UTC, worst %.1f ms",
                CLOCK.format(Instant.ofEpochMilli(fromEpochMillis)), CLOCK.format(Instant.ofEpochMilli(toEpochMillis)),
                worstMicros / 1_000.0);
        }
    }

    /**
     * A timeline of {@code seconds} from {@code startNanos} ({@link System#nanoTime()}), which is
     * {@code startEpochMillis} on the wall clock; requests due later are not kept.
     */
    StallTimeline(final long startNanos, final long startEpochMillis, final double seconds)
    {
        if (!(seconds > 0))
        {
            throw new IllegalArgumentException("seconds must be positive, got " + seconds);
        }
        this.startNanos = startNanos;
        this.startEpochMillis = startEpochMillis;
        this.worstMicros = new AtomicLongArray((int)Math.ceil(seconds * 1_000 / WINDOW_MILLIS));
    }

    /** A request due at {@code dueNanos} was answered after {@code latencyMicros}. */
    void record(final long dueNanos, final long latencyMicros)
    {
        final long window = (dueNanos - startNanos) / WINDOW_NANOS;
        if (dueNanos - startNanos >= 0 && window < worstMicros.length())
        {
            worstMicros.accumulateAndGet((int)window, latencyMicros, Math::max);
        }
    }

    /** The stretches whose worst latency is at least {@code thresholdMicros}, in time order. */
    List<Stall> stalls(final long thresholdMicros)
    {
        final List<Stall> stalls = new ArrayList<>();
        int from = -1;
        long worst = 0;
        for (int window = 0; window <= worstMicros.length(); window++)
        {
            final long micros = window < worstMicros.length() ? worstMicros.get(window) : 0;
            if (micros >= thresholdMicros && micros > 0)
            {
                from = from < 0 ? window : from;
                worst = Math.max(worst, micros);
            }
            else if (from >= 0)
            {
                stalls.add(new Stall(startEpochMillis + from * WINDOW_MILLIS, startEpochMillis + window * WINDOW_MILLIS,
                    worst));
                from = -1;
                worst = 0;
            }
        }
        return stalls;
    }
}
