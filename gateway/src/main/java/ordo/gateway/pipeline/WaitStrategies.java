package ordo.gateway.pipeline;

import java.util.concurrent.TimeUnit;

import com.lmax.disruptor.BlockingWaitStrategy;
import com.lmax.disruptor.BusySpinWaitStrategy;
import com.lmax.disruptor.SleepingWaitStrategy;
import com.lmax.disruptor.TimeoutBlockingWaitStrategy;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.YieldingWaitStrategy;

/**
 * Names for the Disruptor wait strategies. The default is {@code blocking}: on a 2-core machine that also runs
 * Netty, spinning consumers starve the producers. {@code busy-spin} is for machines with cores to spare.
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
            case "blocking" -> new BlockingWaitStrategy();
            case "timeout-blocking" -> new TimeoutBlockingWaitStrategy(1, TimeUnit.MILLISECONDS);
            case "sleeping" -> new SleepingWaitStrategy();
            case "yielding" -> new YieldingWaitStrategy();
            case "busy-spin" -> new BusySpinWaitStrategy();
            default -> throw new IllegalArgumentException(
                "waitStrategy must be one of blocking, timeout-blocking, sleeping, yielding, busy-spin: " + name);
        };
    }
}
