package ordo.gateway.pipeline;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * Names for the wait strategies. The default is {@code blocking} ({@link StageParkingWaitStrategy}): on a 2-core
 * machine that also runs Netty, spinning consumers starve the producers. {@code busy-spin} and {@code yielding} are
 * for machines with cores to spare; {@code disruptor-blocking} is the Disruptor's own (it spins while waiting for
 * upstream stages), kept for comparison.
 */
public final class WaitStrategies
{
    private WaitStrategies()
    {
    }

    public static WaitStrategy named(final String name)
    {
        return switch (name == null ? "blocking" : name)
        {
            case "blocking" -> new StageParkingWaitStrategy();
            case "disruptor-blocking" -> new BlockingWaitStrategy();
            case "timeout-blocking" -> new TimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS);
            case "sleeping" -> new SleepingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            case "busy-spin" -> new BusySpinWaitStrategy();
            default -> throw new IllegalArgumentException(
                "waitStrategy must be one of blocking, disruptor-blocking, timeout-blocking, sleeping, yielding, busy-spin: " + name);
        };
    }
}
