package ordo.bench.load;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Base64;

import org.HdrHistogram.Histogram;

/**
 * Latency percentiles of a run's measured answers, in microseconds (HdrHistogram, 3 significant digits).
 *
 * @param count answers measured
 * @param mean  arithmetic mean
 */
public record Latency(long count, double mean, long p50, long p90, long p99, long p999, long max)
{
    public static final Latency NONE = new Latency(0, 0, 0, 0, 0, 0, 0);

    public static Latency of(final Histogram micros)
    {
        if (micros.getTotalCount() == 0)
        {
            return NONE;
        }
        return new Latency(micros.getTotalCount(), micros.getMean(), micros.getValueAtPercentile(50),
            micros.getValueAtPercentile(90), micros.getValueAtPercentile(99), micros.getValueAtPercentile(99.9),
            micros.getMaxValue());
    }

    /** The whole distribution, for plots: base64 of HdrHistogram's compressed encoding (µs); null when empty. */
    public static String encode(final Histogram micros)
    {
        if (micros.getTotalCount() == 0)
        {
            return null;
        }
        final ByteBuffer buffer = ByteBuffer.allocate(micros.getNeededByteBufferCapacity());
        final int length = micros.encodeIntoCompressedByteBuffer(buffer);
        return Base64.getEncoder().encodeToString(Arrays.copyOf(buffer.array(), length));
    }
}
