package ordo.gateway.pipeline;

import ordo.gateway.config.StagesKind;
import ordo.gateway.config.SnapshotMode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.journal.Durability;
import ordo.journal.JournalReader;
import ordo.journal.Snapshot;
import ordo.journal.SnapshotInfo;
import ordo.journal.SnapshotStore;
import org.agrona.concurrent.CachedEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code snapshot.mode: shadow}: the periodic snapshots are taken by a second engine that replays the journal, never
 * by the engine thread; each must be exactly the snapshot the engine would have taken at the same seq, and each must
 * be one a restart can start from.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShadowSnapshotTest
{
    private static final long T0 = 1_800_000_000_000L;
    private static final int SKUS = 20;

    @TempDir
    Path dataDir;

    private final CachedEpochClock clock = new CachedEpochClock();
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final ReplyTarget target = slot ->
    {
        if (slot.type().isJournaled() && slot.reply().code() != ResultCode.OK)
        {
            refused.incrementAndGet();
        }
        answered.incrementAndGet();
    };
    private OrdoCore core;
    private long published;
    /** While armed, the engine thread waits here at its next event, as it would in a long serialisation. */
    private volatile java.util.concurrent.CountDownLatch engineGate;
    private final ordo.engine.EventSink gatedEvents = (type, seq, time, entity) ->
    {
        final java.util.concurrent.CountDownLatch gate = engineGate;
        if (gate != null)
        {
            try
            {
                gate.await(30, TimeUnit.SECONDS);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
        }
    };

    @AfterEach
    void stop()
    {
        openEngineGate();
        if (core != null)
        {
            core.close();
        }
    }

    private void start(final long everyCommands)
    {
        start(everyCommands, SnapshotMode.SHADOW, 0);
    }

    private void start(final long everyCommands, final SnapshotMode mode, final int preallocateHolds)
    {
        start(everyCommands, mode, preallocateHolds, 0);
    }

    private void start(final long everyCommands, final SnapshotMode mode, final int preallocateHolds,
        final int preallocateOrders)
    {
        if (clock.time() == 0)
        {
            clock.update(T0);
        }
        core = OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking", StagesKind.PARALLEL, 1024,
            everyCommands, 60, 1000, mode, preallocateHolds, preallocateOrders, clock));
    }

    private void openEngineGate()
    {
        final java.util.concurrent.CountDownLatch gate = engineGate;
        engineGate = null;
        if (gate != null)
        {
            gate.countDown();
        }
    }

    private void publish(final CommandType type, final java.util.function.Consumer<PayloadWriter> body)
    {
        while (!core.tryPublish(type, body, (b, w) -> b.accept(w), target, null))
        {
            LockSupport.parkNanos(10_000);
        }
        published++;
    }

    private void awaitAnswers()
    {
        Await.until(() -> answered.get() >= published);
    }


    /** A warehouse and SKUS SKUs with stock. */
    private void setUp()
    {
        publish(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh-1",
            Codes.LocationType.WAREHOUSE, "wh-1", 0, 0, "SG", Codes.CAP_SHIP, 1000, 0, "SGD", true));
        for (int i = 0; i < SKUS; i++)
        {
            final String sku = "SKU-" + i;
            publish(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, sku, sku, 1, 0, Long.MIN_VALUE,
                Long.MAX_VALUE, false));
            publish(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, "wh-1", 1_000_000, 0));
        }
    }

    /** Reservations {@code from..from + count - 1}, of one or two lines each. */
    private void reserve(final int from, final int count)
    {
        for (int i = from; i < from + count; i++)
        {
            final int n = i;
            final int lines = 1 + n % 2;
            publish(CommandType.RESERVE, w ->
            {
                CommandCodec.reserveHeader(w, 0, 0, "web", "c-" + n, "", TimeUnit.HOURS.toMillis(1), lines);
                for (int line = 0; line < lines; line++)
                {
                    CommandCodec.reserveLine(w, "SKU-" + (n + line * 7) % SKUS, 1 + n % 3);
                }
            });
        }
    }

    /** The file system's key of the snapshot file at {@code seq} (its inode): a file written in its place has another. */
    private Object fileKey(final long seq) throws IOException
    {
        final java.nio.file.Path file = store().list().stream().filter(i -> i.seq() == seq).findFirst().orElseThrow()
            .path();
        return java.nio.file.Files.readAttributes(file, java.nio.file.attribute.BasicFileAttributes.class).fileKey();
    }

    private SnapshotStore store()
    {
        return SnapshotStore.open(dataDir, 1000);
    }

    private Snapshot latest() throws IOException
    {
        return store().latestValid().orElseThrow();
    }

    @Test
    void theShadowsSnapshotIsByteForByteTheOneTheEngineTakesAtTheSameSeq() throws IOException
    {
        start(Long.MAX_VALUE, SnapshotMode.SHADOW, 1_000, 1_000); // both engines preallocated: still the same bytes
        // 1 000 orders' off-heap records (decisions; timelines, lines and allocations): a 1 MiB page of each.
        assertThat(core.engine().offHeapBytes()).isEqualTo(2L * 1024 * 1024);
        setUp();
        reserve(0, 300);
        awaitAnswers();
        assertThat(refused.get()).isZero();
        final long seq = core.engine().lastSeq();
        assertThat(core.lastSnapshotSeq()).isEqualTo(-1);

        clock.advance(TimeUnit.SECONDS.toMillis(61)); // due by time
        Await.until(() -> core.lastSnapshotSeq() == seq);
        final Snapshot shadow = latest();
        assertThat(shadow.seq()).isEqualTo(seq);
        assertThat(shadow.stateHash()).isEqualTo(liveStateHash());

        // Nothing was applied since: the stop takes no other snapshot (the shadow's holds its state), and the engine
        // thread's own serialisation at the same seq is the shadow's, byte for byte.
        final java.util.List<ordo.journal.SnapshotInfo> before = store().list();
        final Object file = fileKey(latest().seq());
        core.close();
        assertThat(core.stoppedClean()).as("the shadow's snapshot holds the last command").isTrue();
        final Engine engine = core.engine();
        core = null;
        assertThat(store().list()).isEqualTo(before);
        assertThat(fileKey(seq)).as("the same file, not one written in its place").isEqualTo(file);
        assertThat(latest().seq()).isEqualTo(seq);
        assertThat(engine.lastSeq()).isEqualTo(seq);
        assertThat(engine.stateHash()).isEqualTo(shadow.stateHash());
        assertThat(ordo.engine.EngineSnapshot.toBytes(engine)).isEqualTo(shadow.body().toByteArray());
    }

    /** A stop after a command the last snapshot does not hold takes one at that command, as before. */
    @Test
    void aStopAfterACommandNoSnapshotHoldsTakesOneAtIt() throws IOException
    {
        start(Long.MAX_VALUE, SnapshotMode.SHADOW, 0);
        setUp();
        reserve(0, 50);
        awaitAnswers();
        clock.advance(TimeUnit.SECONDS.toMillis(61));
        final long periodic = core.engine().lastSeq();
        Await.until(() -> core.lastSnapshotSeq() == periodic);
        reserve(50, 1);
        awaitAnswers();
        final long seq = core.engine().lastSeq();
        assertThat(seq).isEqualTo(periodic + 1);

        core.close();

        assertThat(core.stoppedClean()).isTrue();
        core = null;
        assertThat(latest().seq()).isEqualTo(seq);
    }

    /**
     * The buffer the shadow serialises into is made at start-up with room for the preallocated holds
     * ({@code Body.capacityFor}), so that a snapshot during traffic neither grows it nor leaves a new one for the
     * young collection to copy. That needs each hold of the common kind (one line, a short customer id) to take at
     * most {@code BYTES_PER_HOLD} bytes of snapshot: measured here as what 4 000 more such holds add.
     */
    @Test
    void aSnapshotTakesNoMoreBytesPerHoldThanTheShadowsBufferIsSizedFor() throws IOException
    {
        start(Long.MAX_VALUE, SnapshotMode.SHADOW, 0);
        setUp();
        reserveOneLine(0, 4_000);
        awaitAnswers();
        clock.advance(TimeUnit.SECONDS.toMillis(61));
        final long first = core.engine().lastSeq();
        Await.until(() -> core.lastSnapshotSeq() == first);
        final long before = latest().body().length();

        reserveOneLine(4_000, 4_000);
        awaitAnswers();
        assertThat(refused.get()).isZero();
        clock.advance(TimeUnit.SECONDS.toMillis(61));
        final long second = core.engine().lastSeq();
        Await.until(() -> core.lastSnapshotSeq() == second);
        final long perHold = (latest().body().length() - before) / 4_000;

        assertThat(perHold).as("snapshot bytes per one-line hold").isPositive()
            .isLessThanOrEqualTo(ShadowSnapshotter.Body.BYTES_PER_HOLD);
        assertThat(ShadowSnapshotter.Body.capacityFor(0)).isEqualTo(1 << 20);
        assertThat(ShadowSnapshotter.Body.capacityFor(4_000_000))
            .isEqualTo((1 << 20) + 4_000_000 * ShadowSnapshotter.Body.BYTES_PER_HOLD);
        assertThat(ShadowSnapshotter.Body.capacityFor(100_000_000))
            .isEqualTo(ShadowSnapshotter.Body.MAX_INITIAL_CAPACITY);
    }

    /** One-line holds {@code from..from + count - 1} by customers with ids as short as the load harness's. */
    private void reserveOneLine(final int from, final int count)
    {
        for (int i = from; i < from + count; i++)
        {
            final int n = i;
            publish(CommandType.RESERVE, w ->
            {
                CommandCodec.reserveHeader(w, 0, 0, "web", "R1-" + n, "", TimeUnit.HOURS.toMillis(1), 1);
                CommandCodec.reserveLine(w, "SKU-" + n % SKUS, 1);
            });
        }
    }

    @Test
    void inlineModeStillTakesThePeriodicSnapshotOnTheEngineThread() throws IOException
    {
        start(Long.MAX_VALUE, SnapshotMode.INLINE, 0);
        setUp();
        reserve(0, 100);
        awaitAnswers();
        final long seq = core.engine().lastSeq();

        clock.advance(TimeUnit.SECONDS.toMillis(61)); // due by time
        Await.until(() -> core.lastSnapshotSeq() == seq);
        assertThat(latest().stateHash()).isEqualTo(liveStateHash());
    }

    /**
     * Inline, after a snapshot was refused as too large, the periodic one is not asked for again for ten minutes: each
     * attempt would stop the engine thread for as long as serialising 2 GiB takes, to fail again.
     */
    @Test
    void inlineModeWaitsTenMinutesAfterASnapshotTooLarge() throws IOException
    {
        start(Long.MAX_VALUE, SnapshotMode.INLINE, 0);
        setUp();
        reserve(0, 100);
        awaitAnswers();
        final long seq = core.engine().lastSeq();
        core.health().snapshotTooLarge(seq - 1); // as the engine thread records a refusal

        clock.advance(TimeUnit.SECONDS.toMillis(61)); // due by time: the housekeeper notices the refusal, asks nothing
        LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20 * Housekeeper.PERIOD_MILLIS));
        assertThat(core.lastSnapshotSeq()).as("no attempt inside the wait").isLessThan(seq);

        clock.advance(TimeUnit.MINUTES.toMillis(10));
        Await.until(() -> core.lastSnapshotSeq() == seq);
    }

    @Test
    void aSnapshotIsWrittenWhileTheEngineThreadCannotApplyAnything() throws IOException
    {
        final long journaled = startWithTheEngineHeldUp(SnapshotMode.SHADOW);
        clock.advance(TimeUnit.SECONDS.toMillis(61)); // due by time

        Await.until(() -> core.lastSnapshotSeq() == journaled);
        assertThat(core.health().appliedSeq()).isLessThan(journaled);
        openEngineGate();
        awaitAnswers();
        assertThat(refused.get()).isZero();
        assertThat(latest().seq()).isEqualTo(journaled);
        assertThat(latest().stateHash()).isEqualTo(liveStateHash());
    }

    /**
     * Close waits for what is in the ring (the engine held up at the first of 50 commands when it starts) before it
     * halts the stages: every reply leaves and the shutdown snapshot covers all 50.
     */
    @Test
    void closeWaitsForTheRingToDrainBeforeItHalts() throws Exception
    {
        final long journaled = startWithTheEngineHeldUp(SnapshotMode.INLINE);
        final Thread opener = new Thread(() ->
        {
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(300));
            openEngineGate();
        });
        opener.start();
        core.close();
        core = null;
        opener.join();

        assertThat(answered.get()).as("replies delivered by close").isEqualTo(published);
        assertThat(refused.get()).isZero();
        assertThat(latest().seq()).as("the shutdown snapshot").isEqualTo(journaled);
    }

    /**
     * Starts a core, applies 10 holds, then publishes 50 more with the engine held up at the first of them: answers
     * the seq the journal stage has committed (it runs beside the engine, so it commits all 50 while the engine waits).
     */
    private long startWithTheEngineHeldUp(final SnapshotMode mode)
    {
        clock.update(T0);
        core = OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking", StagesKind.PARALLEL, 1024,
            Long.MAX_VALUE, 60, 1000, mode, 0, clock), gatedEvents);
        setUp();
        reserve(0, 10);
        awaitAnswers();
        final long applied = core.engine().lastSeq();

        engineGate = new java.util.concurrent.CountDownLatch(1);
        reserve(10, 50);
        final long journaled = applied + 50;
        Await.until(() -> core.health().journaledSeq() == journaled);
        return journaled;
    }

    /** The live engine's hash, asked through the ring like any query. */
    private long liveStateHash()
    {
        final AtomicLong hash = new AtomicLong();
        final AtomicLong done = new AtomicLong();
        while (!core.tryPublish(CommandType.QUERY_STATE_HASH, null, (r, w) -> { }, slot ->
        {
            hash.set(slot.reply().b());
            done.set(1);
        }, null))
        {
            LockSupport.parkNanos(10_000);
        }
        Await.until(() -> done.get() == 1);
        return hash.get();
    }

    @Test
    void snapshotsTakenWhileCommandsFlowEachMatchAReplayOfTheJournalToTheirSeqAndARestartStartsFromThem()
        throws IOException
    {
        start(150);
        setUp();
        for (int chunk = 0; chunk < 5; chunk++)
        {
            final long before = core.lastSnapshotSeq();
            reserve(chunk * 400, 400);
            // The next chunk goes in as soon as a snapshot is written: the shadow may be serialising meanwhile.
            Await.until(() -> core.lastSnapshotSeq() > before);
        }
        awaitAnswers();
        core.close();
        core = null;

        final List<SnapshotInfo> taken = store().list();
        assertThat(taken).hasSizeGreaterThan(3);
        final Map<Long, Snapshot> bySeq = snapshotsBySeq(taken);
        final Engine replayed = replayMatching(bySeq);

        // Keep only the oldest periodic snapshot: a restart loads it and replays the rest of the journal.
        final long oldest = bySeq.keySet().stream().mapToLong(Long::longValue).min().orElseThrow();
        for (final SnapshotInfo info : taken)
        {
            if (info.seq() != oldest)
            {
                java.nio.file.Files.delete(info.path());
            }
        }
        start(Long.MAX_VALUE);
        assertThat(core.engine().lastSeq()).isEqualTo(replayed.lastSeq());
        assertThat(liveStateHash()).isEqualTo(replayed.stateHash());
    }

    private Map<Long, Snapshot> snapshotsBySeq(final List<SnapshotInfo> taken) throws IOException
    {
        final Map<Long, Snapshot> bySeq = new HashMap<>();
        for (final SnapshotInfo info : taken)
        {
            final Snapshot s = store().read(info);
            bySeq.put(s.seq(), s);
        }
        return bySeq;
    }

    /**
     * One replay of the whole journal; at each snapshot's seq the replayed engine must have its hash and serialise to
     * its bytes. Returns the replayed engine.
     */
    private Engine replayMatching(final Map<Long, Snapshot> bySeq)
    {
        final Engine replayed = new Engine();
        final Reply reply = new Reply();
        final Map<Long, Long> matched = new HashMap<>();
        try (JournalReader reader = JournalReader.open(dataDir))
        {
            final LongSupplier index = reader::currentIndex;
            reader.replay(0, (seq, time, type, payload, offset, length) ->
            {
                Recovery.apply(replayed, index, seq, time, type, payload, offset, length, reply);
                final Snapshot s = bySeq.get(seq);
                if (s != null)
                {
                    assertThat(replayed.stateHash()).as("state hash at seq %d", seq).isEqualTo(s.stateHash());
                    assertThat(ordo.engine.EngineSnapshot.toBytes(replayed)).as("snapshot at seq %d", seq)
                        .isEqualTo(s.body().toByteArray());
                    matched.put(seq, s.stateHash());
                }
            });
        }
        assertThat(matched.keySet()).containsExactlyInAnyOrderElementsOf(bySeq.keySet());
        return replayed;
    }

    /**
     * After a restart from a snapshot, the shadow engine is the one start-up restored beside the live engine from that
     * snapshot (Recovery.Result.twin), not one it restored again itself; the snapshots it takes after the restart must
     * still be the ones a replay of the journal reaches.
     */
    @Test
    void afterARestartTheShadowRestoredBesideTheLiveEngineSnapshotsWhatAReplayReaches() throws IOException
    {
        start(Long.MAX_VALUE);
        assertThat(core.shadowSeededFromTwin()).as("no snapshot yet: an empty twin").isTrue();
        setUp();
        reserve(0, 300);
        awaitAnswers();
        core.close(); // the shutdown snapshot: the restart restores it
        core = null;
        final long restartSeq = latest().seq();

        start(150);
        assertThat(core.engine().lastSeq()).isEqualTo(restartSeq);
        assertThat(core.shadowSeededFromTwin()).as("the shadow is the twin start-up restored").isTrue();
        for (int chunk = 0; chunk < 3; chunk++)
        {
            final long before = core.lastSnapshotSeq();
            reserve(300 + chunk * 200, 200);
            Await.until(() -> core.lastSnapshotSeq() > before);
        }
        awaitAnswers();
        core.close();
        core = null;

        final Map<Long, Snapshot> bySeq = snapshotsBySeq(store().list());
        assertThat(bySeq.keySet().stream().filter(seq -> seq > restartSeq).count())
            .as("snapshots taken after the restart").isGreaterThanOrEqualTo(3);
        replayMatching(bySeq);
    }
}
