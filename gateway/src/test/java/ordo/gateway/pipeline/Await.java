package ordo.gateway.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

/** Waiting in tests for what another thread does, without sleeping longer than needed. */
final class Await
{
    private Await()
    {
    }

    /** Waits for the condition, failing after 30 s (park returns at once once a test timeout has interrupted us). */
    static void until(final BooleanSupplier condition)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean())
        {
            if (System.nanoTime() - deadline > 0 || Thread.currentThread().isInterrupted())
            {
                throw new AssertionError("condition not met within 30 s");
            }
            LockSupport.parkNanos(1_000_000);
        }
    }
}
