package ordo.gateway.pipeline;

import ordo.gateway.config.StagesKind;
import ordo.gateway.config.SnapshotMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ordo.engine.EventSink;
import ordo.journal.Durability;
import ordo.journal.Journal;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A core that fails to start leaves nothing behind: no thread, and the data directory free for the next try. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrdoCoreStartFailureTest
{
    @TempDir
    Path dataDir;

    /** The snapshot threads and the page prefetcher: started before the ring, so a failing start must stop them. */
    private static List<Thread> coreThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && (t.getName().startsWith("ordo-snapshot") || t.getName().startsWith("ordo-pages")))
            .toList();
    }

    @Test
    void aCoreThatFailsAfterRecoveryStopsItsSnapshotAndPageThreadsAndReleasesTheJournal() throws InterruptedException
    {
        final List<Thread> before = coreThreads();
        // A ring that is not a power of two is refused by the Disruptor, after recovery has run.
        assertThatThrownBy(() -> OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking",
            StagesKind.PARALLEL, 1000, 1_000_000, 300, 3, SnapshotMode.SHADOW, 0, SystemEpochClock.INSTANCE)))
            .isInstanceOf(IllegalArgumentException.class);

        final List<Thread> leaked = new java.util.ArrayList<>(coreThreads());
        leaked.removeAll(before);
        for (final Thread thread : leaked)
        {
            thread.join(5_000);
        }
        assertThat(leaked).allMatch(t -> !t.isAlive());
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            assertThat(journal.lastSeq()).isZero();
        }
    }

    /**
     * A start that fails once the ring's threads run (here the clock's first reading, taken by the housekeeper as it
     * starts; a stage thread the JVM cannot make fails there too) stops them before it closes the journal they
     * write, and frees the data directory. It left them running, and the journal open, once.
     */
    @Test
    void aCoreThatFailsAfterItsStagesStartedStopsThemAndReleasesTheJournal() throws InterruptedException
    {
        final List<Thread> before = ordoThreads();
        final org.agrona.concurrent.EpochClock broken = () ->
        {
            throw new IllegalStateException("no clock source");
        };

        assertThatThrownBy(() -> OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking",
            StagesKind.PARALLEL, 1024, 1_000_000, 300, 3, SnapshotMode.SHADOW, 0, broken)))
            .isInstanceOf(IllegalStateException.class).hasMessage("no clock source");

        final List<Thread> leaked = new java.util.ArrayList<>(ordoThreads());
        leaked.removeAll(before);
        for (final Thread thread : leaked)
        {
            thread.join(5_000);
        }
        assertThat(leaked).as("stage, snapshot, page and housekeeping threads").allMatch(t -> !t.isAlive());
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            assertThat(journal.lastSeq()).isZero();
        }
    }

    private static List<Thread> ordoThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("ordo-"))
            .toList();
    }

    /**
     * A start that runs out of memory making the preallocation says so with the settings and the JVM's limits named
     * (it was a bare OutOfMemoryError from inside the engine), and frees the journal.
     */
    @Test
    void aCoreWhosePreallocationDoesNotFitReleasesTheJournal()
    {
        // More holds than an array can index: the live engine's preallocation fails at once, after recovery.
        assertThatThrownBy(() -> OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking",
            StagesKind.PARALLEL, 1024, 1_000_000, 300, 3, SnapshotMode.INLINE, Integer.MAX_VALUE,
            SystemEpochClock.INSTANCE)))
            .isInstanceOf(ordo.gateway.config.ConfigException.class)
            .hasMessageContaining("the start ran out of memory")
            .hasMessageContaining("(preallocateHolds: " + Integer.MAX_VALUE + ", preallocateOrders: 0)")
            .hasMessageContaining("heap is up to").hasMessageContaining("-Xmx")
            .hasMessageContaining("-XX:MaxDirectMemorySize")
            .hasMessageNotContaining("shadow")
            .hasCauseInstanceOf(OutOfMemoryError.class);

        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            assertThat(journal.lastSeq()).isZero();
        }
    }

    /**
     * Out of memory while restoring the state (here from the events the replay raises; in life, a heap too small for
     * a large snapshot, twice over in shadow mode) ends the start with one clear message and frees the journal: it
     * was a bare OutOfMemoryError and a stack trace, without an {@code ordo:} line (found in QA).
     */
    @Test
    void aCoreThatRunsOutOfMemoryRestoringSaysSoAndReleasesTheJournal()
    {
        RecoveryTest.writeNetwork(dataDir);
        final EventSink outOfMemory = (type, seq, time, entity) ->
        {
            // Constructed: every OutOfMemoryError the JVM throws itself costs one of its few preallocated ones.
            throw new OutOfMemoryError("Java heap space");
        };

        assertThatThrownBy(() -> OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking",
            StagesKind.PARALLEL, 1024, 1_000_000, 300, 3, SnapshotMode.SHADOW, 0, SystemEpochClock.INSTANCE),
            outOfMemory))
            .isInstanceOf(ordo.gateway.config.ConfigException.class)
            .hasMessageContaining("the start ran out of memory (Java heap space) restoring the state in " + dataDir)
            .hasMessageContaining("in shadow mode a snapshot is restored twice, the shadow snapshotter's engine a " +
                "second copy of the state")
            .hasMessageContaining("heap is up to").hasMessageContaining("or set snapshot.mode: inline")
            .hasMessageContaining("The data directory is unchanged")
            .hasCauseInstanceOf(OutOfMemoryError.class);

        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            assertThat(journal.lastSeq()).isEqualTo(3);
        }
    }

    /** In shadow mode the message names the shadow's engine and its copy of the state, and the inline mode's way out. */
    @Test
    void theStartsOutOfMemoryMessageInShadowModeNamesTheShadowsCopyOfTheState()
    {
        // A constructed error: every OutOfMemoryError the JVM throws itself costs one of its few preallocated ones
        // with a stack trace, which other tests of this JVM read.
        final OutOfMemoryError cause = new OutOfMemoryError("Cannot reserve 1048640 bytes of direct buffer memory");
        final ordo.gateway.config.ConfigException explained = OrdoCore.outOfMemoryAtStart(new OrdoCore.Settings(dataDir,
            Durability.PROCESS, "blocking", StagesKind.PARALLEL, 1024, 1_000_000, 300, 3, SnapshotMode.SHADOW, 0,
            50_000_000, SystemEpochClock.INSTANCE), cause);

        assertThat(explained).hasCause(cause)
            .hasMessageContaining("(Cannot reserve 1048640 bytes of direct buffer memory)")
            .hasMessageContaining("(preallocateHolds: 0, preallocateOrders: 50000000)")
            .hasMessageContaining("the shadow snapshotter's engine, which holds a second copy of the state")
            .hasMessageContaining("or set snapshot.mode: inline");
    }
}
