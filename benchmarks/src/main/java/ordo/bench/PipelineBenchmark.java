package ordo.bench;

import ordo.gateway.config.StagesKind;
import ordo.gateway.config.SnapshotMode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.ResultCode;
import ordo.gateway.config.OrdoConfig;
import ordo.gateway.pipeline.CommandSlot;
import ordo.gateway.pipeline.OrdoCore;
import ordo.gateway.pipeline.ReplyTarget;
import ordo.journal.Durability;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The whole in-process pipeline without HTTP: one producer publishes reserve commands into the ring; journal (real
 * Chronicle Queue, {@code process} durability) ∥ engine → reply. An operation is one command acknowledged by the
 * reply stage; the producer keeps at most {@link #WINDOW} commands outstanding. Target: ≥ 2 M commands/s.
 *
 * <p>{@link #reserveThroughPipeline} publishes one command per claim, as the gateway does (one per request);
 * {@link #reserveThroughPipelinePublishedInBatches} claims and publishes {@link #PUBLISH_BATCH} at a time
 * ({@link OrdoCore#tryPublishBatch}), what a producer holding several requests at once could do. Every command is
 * still stamped, encoded, journaled, applied and acknowledged on its own.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 3)
@Measurement(iterations = 5, time = 3)
// ParallelGC as the server runs (benchmarks/run.sh, scripts/bench-server.sh): G1's refinement threads took CPU from
// the stage threads on every cross-region reference store into the ring's slots.
@Fork(value = 1, jvmArgsPrepend = {"-Xmx3g", "-XX:+UseParallelGC"})
public class PipelineBenchmark
{
    /** The key name a storefront's holds are journaled with: as long as the demo's. */
    private static final String ACTOR = "demo-storefront";
    static final int BATCH = 10_000;
    static final int WINDOW = 4_096;
    static final int PUBLISH_BATCH = 50;

    @Param({"yielding", "blocking"})
    public String waitStrategy;

    /** {@code parallel}: journaller ∥ engine → replier, a thread each; {@code fused}: the three on one thread. */
    @Param({"parallel", "fused"})
    public String stages;

    private Path dir;
    private OrdoCore core;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private long published;
    private final ReplyTarget target = this::onReply;
    /**
     * Engine time runs 10 s per published command, so each 1 s hold expires at the next command and ended
     * reservations pass their 24 h retention after ≈ 8.6 k commands and are recycled: the run measures reserve +
     * expiry in steady state with a cache-sized working set (EngineReserveBenchmark covers the memory-bound case).
     */
    static final long MILLIS_PER_CLOCK_READ = 10_000;
    private final AtomicLong fakeMillis = new AtomicLong(1_700_000_000_000L);
    private final org.agrona.concurrent.EpochClock clock = () -> fakeMillis.addAndGet(MILLIS_PER_CLOCK_READ);

    /** The last {@link #acknowledged} count the producer read: it re-reads only when the window looks full. */
    private long acknowledgedSeen;

    private void onReply(final CommandSlot slot)
    {
        // The reply stage lays out the answer's view (the engine leaves it to the stage that marshals answers, as
        // the gateway's does): reading its length pays for that here, and an OK without its view counts as a fault.
        if (slot.reply().code() != ResultCode.OK || slot.reply().dataLength() == 0)
        {
            rejected.incrementAndGet();
        }
        // One writer (the reply thread): an ordered store, not a locked increment per command.
        acknowledged.lazySet(acknowledged.get() + 1);
    }

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("ordo-jmh-pipeline");
        // No periodic snapshots during the run: engine time runs fast here, so a time-based one would fire often.
        // Inline mode, so that no shadow engine follows the journal on the second core (none would snapshot here).
        // The server's ring size: with 65 536 slots (~70 MB of slots, payloads and replies) every lap went through
        // DRAM and each stage missed on every slot, a cost the server's 8 192 slots (~9 MB) do not have. The window
        // of outstanding commands still fits the ring, so the producer never finds it full.
        core = OrdoCore.start(new OrdoCore.Settings(dir, Durability.PROCESS, waitStrategy,
            StagesKind.fromConfigName(stages), OrdoConfig.DEFAULT_RING_SIZE, Long.MAX_VALUE, Long.MAX_VALUE / 2_000, 1,
            SnapshotMode.INLINE, 0, clock));
        publishAndWait(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh-1",
            Codes.LocationType.WAREHOUSE, "wh-1", 0, 0, "SG", Codes.CAP_SHIP, 1000, 0, "SGD", true));
        publishAndWait(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "SKU-1", "sku", 1, 0,
            Long.MIN_VALUE, Long.MAX_VALUE, false));
        publishAndWait(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, "SKU-1", "wh-1",
            1L << 39, 0));
    }

    private void publishAndWait(final CommandType type, final java.util.function.Consumer<ordo.engine.PayloadWriter> body)
    {
        while (!core.tryPublish(type, body, (b, w) -> b.accept(w), target, null))
        {
            Thread.onSpinWait();
        }
        published++;
        awaitAcknowledged(published);
    }

    private void awaitAcknowledged(final long count)
    {
        while (acknowledged.get() < count)
        {
            LockSupport.parkNanos(50_000);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        core.close();
        if (rejected.get() != 0)
        {
            throw new IllegalStateException(rejected.get() + " commands were rejected or answered without a view");
        }
        // Every acknowledged command is in the journal and applied, and the two agree (the housekeeper's ticks are
        // journaled too, so the journal may hold more than was published here).
        final long journaled = core.health().journaledSeq();
        if (acknowledged.get() != published || journaled < published || journaled != core.health().appliedSeq())
        {
            throw new IllegalStateException("published " + published + ", acknowledged " + acknowledged.get() +
                ", journaled up to seq " + journaled + ", applied up to seq " + core.health().appliedSeq());
        }
        TempDirs.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reserveThroughPipeline()
    {
        for (int i = 0; i < BATCH; i++)
        {
            if (windowFull(1))
            {
                awaitRoom(1);
            }
            // With an actor, as the gateway journals a key's request (the key's name after the command's fields).
            while (!core.tryPublish(CommandType.RESERVE, this, PipelineBenchmark::encodeReserve, ACTOR, target, null))
            {
                LockSupport.parkNanos(20_000);
            }
            published++;
        }
        awaitAcknowledged(published);
        return published;
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long reserveThroughPipelinePublishedInBatches()
    {
        for (int i = 0; i < BATCH; i += PUBLISH_BATCH)
        {
            if (windowFull(PUBLISH_BATCH))
            {
                awaitRoom(PUBLISH_BATCH);
            }
            while (!core.tryPublishBatch(CommandType.RESERVE, PUBLISH_BATCH, this, PipelineBenchmark::encodeReserve,
                target))
            {
                LockSupport.parkNanos(20_000);
            }
            published += PUBLISH_BATCH;
        }
        awaitAcknowledged(published);
        return published;
    }

    /**
     * Parks (never spins: on 2 cores a spinning producer takes the core the stage threads need) until half the window
     * has drained, not just one slot: woken for every few acknowledgements, the producer spent more CPU on wake-ups
     * than on publishing, and that CPU came out of the pipeline's own threads.
     */
    private void awaitRoom(final int more)
    {
        final long enough = published + more - WINDOW / 2;
        while ((acknowledgedSeen = acknowledged.get()) < enough)
        {
            LockSupport.parkNanos(100_000);
        }
    }

    /** Reads the reply thread's counter only when the last value read says {@code more} would not fit the window. */
    private boolean windowFull(final int more)
    {
        if (published + more - acknowledgedSeen <= WINDOW)
        {
            return false;
        }
        acknowledgedSeen = acknowledged.get();
        return published + more - acknowledgedSeen > WINDOW;
    }

    /** A batch's hold, with its actor written here: a batch publish writes none of its own. */
    private static void encodeReserve(final PipelineBenchmark self, final int index, final ordo.engine.PayloadWriter w)
    {
        encodeReserve(self, w);
        CommandCodec.actor(w, ACTOR);
    }

    private static void encodeReserve(final PipelineBenchmark self, final ordo.engine.PayloadWriter w)
    {
        CommandCodec.reserveHeader(w, 0, 0, "web", "customer-1", null, 1_000, 1);
        CommandCodec.reserveLine(w, "SKU-1", 1);
    }
}
