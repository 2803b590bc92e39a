package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import ordo.engine.Codes;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.EventSink;
import ordo.gateway.config.SnapshotMode;
import ordo.gateway.config.StagesKind;
import ordo.journal.DataDirException;
import ordo.journal.Durability;
import ordo.journal.Journal;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stage thread that does not stop when the core closes (a write to a failing disk that never returns) still holds
 * the journal's mapping: the journal is left open rather than closed under it, which would unmap the file the thread
 * writes through, and closed once the thread ends.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrdoCoreStuckStageTest
{
    @TempDir
    Path dataDir;

    /** While armed, the engine thread waits here at its next event (the fused stage: the journal's thread too). */
    private final CountDownLatch gate = new CountDownLatch(1);
    private volatile boolean armed;
    private final EventSink events = (type, seq, time, entity) ->
    {
        if (armed)
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
    private final AtomicLong answered = new AtomicLong();
    private final ReplyTarget target = slot -> answered.incrementAndGet();

    @AfterEach
    void release()
    {
        gate.countDown();
    }

    @Test
    void aStageThatDoesNotStopLeavesTheJournalOpenAndTheCoreStillCloses() throws InterruptedException
    {
        final List<Thread> before = stageThreads();
        final OrdoCore core = OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking",
            StagesKind.FUSED, 1024, 1_000_000, 300, 3, SnapshotMode.INLINE, 0, SystemEpochClock.INSTANCE), events);
        core.stopWaits(200, 200);
        publish(core, CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh-1",
            Codes.LocationType.WAREHOUSE, "wh-1", 0, 0, "SG", Codes.CAP_SHIP, 1000, 0, "SGD", true));
        publish(core, CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "SKU-1", "SKU-1", 1, 0,
            Long.MIN_VALUE, Long.MAX_VALUE, false));
        publish(core, CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, "SKU-1", "wh-1", 10, 0));
        Await.until(() -> answered.get() == 3);
        final List<Thread> stages = new java.util.ArrayList<>(stageThreads());
        stages.removeAll(before);
        assertThat(stages).as("the fused stage").hasSize(1);

        armed = true;
        publish(core, CommandType.RESERVE, w ->
        {
            CommandCodec.reserveHeader(w, 0, 0, "web", "c-1", "", TimeUnit.HOURS.toMillis(1), 1);
            CommandCodec.reserveLine(w, "SKU-1", 1);
        });
        Await.until(() -> stages.get(0).getState() == Thread.State.TIMED_WAITING && gate.getCount() == 1);
        core.close();

        assertThat(stages.get(0).isAlive()).as("still in its event").isTrue();
        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS)).isInstanceOf(DataDirException.class)
            .hasMessageContaining("already open in this process");
        gate.countDown();
        stages.get(0).join(10_000);
        assertThat(stages.get(0).isAlive()).as("the stage ends once its event returns (halted)").isFalse();
        // …and then the journal is closed: the data directory is free again, and the commands are all there.
        Await.until(() -> journalCloser() == null);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            assertThat(journal.lastSeq()).isEqualTo(4);
        }
    }

    private static Thread journalCloser()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().equals("ordo-journal-closer")).findFirst().orElse(null);
    }

    private void publish(final OrdoCore core, final CommandType type,
        final java.util.function.Consumer<ordo.engine.PayloadWriter> body)
    {
        while (!core.tryPublish(type, body, (b, w) -> b.accept(w), target, null))
        {
            LockSupport.parkNanos(10_000);
        }
    }

    private static List<Thread> stageThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("ordo-stage-"))
            .toList();
    }
}
