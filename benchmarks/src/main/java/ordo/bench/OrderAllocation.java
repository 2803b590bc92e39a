package ordo.bench;

import java.lang.management.ManagementFactory;
import java.util.Locale;

/**
 * What {@link OrderPlacementBenchmark}'s {@code -prof gc} figure is made of. JMH counts every byte the benchmark thread
 * allocates during an iteration, and that includes the unmeasured set-up of each invocation: a fresh engine, its
 * network (50 nodes × 200 SKUs of stock cells) and its preallocation, for every batch of
 * {@value OrderPlacementBenchmark#BATCH} orders. This runs the same set-up and batches on one thread and reports the
 * two apart, from the thread's own allocation counter: bytes per order of the set-up (spread over its batch) and of
 * placing the orders themselves.
 *
 * <pre>java @etc/jvm.options -Xmx3g -cp benchmarks/target/ordo-benchmarks.jar ordo.bench.OrderAllocation [nodes] [batches]</pre>
 */
public final class OrderAllocation
{
    private OrderAllocation()
    {
    }

    public static void main(final String[] args)
    {
        final int nodes = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        final int batches = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        final com.sun.management.ThreadMXBean threads =
            (com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean();
        final long thread = Thread.currentThread().getId();
        final OrderPlacementBenchmark benchmark = new OrderPlacementBenchmark();
        benchmark.nodes = nodes;
        benchmark.encodeOrders();
        for (int batch = 1; batch <= batches; batch++)
        {
            final long start = threads.getThreadAllocatedBytes(thread);
            benchmark.freshNetwork();
            final long built = threads.getThreadAllocatedBytes(thread);
            benchmark.placeOrders();
            final long placed = threads.getThreadAllocatedBytes(thread);
            System.out.printf(Locale.ROOT, "batch %d: set-up %.1f B/order, orders %.1f B/order, in all %.1f B/order%n",
                batch, (built - start) / (double)OrderPlacementBenchmark.BATCH,
                (placed - built) / (double)OrderPlacementBenchmark.BATCH,
                (placed - start) / (double)OrderPlacementBenchmark.BATCH);
        }
    }
}
