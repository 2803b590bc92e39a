package ordo.bench;

import java.util.concurrent.TimeUnit;

import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Serialising and restoring the state of an engine holding {@link #orders} orders of {@link OrderPlacementBenchmark}'s
 * kind (3 lines, sourced over 50 nodes: each keeps its decision over 50 candidates), one thread: what the shadow
 * snapshotter does at every periodic snapshot, what close does for the shutdown snapshot, and what a restart does
 * (a restore, then the state hash it checks against the snapshot's). The
 * state is built once (unmeasured); the set-up checks that a restore of its snapshot has the engine's state hash and
 * prints the snapshot's size.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 3, time = 3)
@Fork(value = 1, jvmArgsPrepend = {"-Xms6g", "-Xmx6g", "-XX:+UseParallelGC"})
public class SnapshotBenchmark
{
    @Param({"100000"})
    public int orders;

    private Engine engine;
    private byte[] snapshot;

    @Setup(Level.Trial)
    public void placeOrders()
    {
        engine = OrderPlacementBenchmark.engineWithOrders(orders);
        snapshot = EngineSnapshot.toBytes(engine);
        if (EngineSnapshot.fromBytes(snapshot, EventSink.NONE).stateHash() != engine.stateHash())
        {
            throw new IllegalStateException("a restored snapshot has another state hash");
        }
        System.out.printf("%nsnapshot of %,d orders: %,d bytes (%,d per order)%n", orders, snapshot.length,
            snapshot.length / orders);
    }

    @Benchmark
    public byte[] write()
    {
        return EngineSnapshot.toBytes(engine);
    }

    @Benchmark
    public long restore()
    {
        return EngineSnapshot.fromBytes(snapshot, EventSink.NONE).lastSeq();
    }

    /** The state hash: what a restart checks of every engine it restores, and a snapshot records. */
    @Benchmark
    public long stateHash()
    {
        return engine.stateHash();
    }
}
