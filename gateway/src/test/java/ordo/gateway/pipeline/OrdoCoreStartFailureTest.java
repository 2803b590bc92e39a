package ordo.gateway.pipeline;

import ordo.gateway.config.StagesKind;
import ordo.gateway.config.SnapshotMode;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

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

    @Test
    void aCoreWhosePreallocationDoesNotFitReleasesTheJournal()
    {
        // More holds than an array can index: the live engine's preallocation fails at once, after recovery.
        assertThatThrownBy(() -> OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking",
            StagesKind.PARALLEL, 1024, 1_000_000, 300, 3, SnapshotMode.INLINE, Integer.MAX_VALUE,
            SystemEpochClock.INSTANCE)))
            .isInstanceOf(OutOfMemoryError.class);

        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            assertThat(journal.lastSeq()).isZero();
        }
    }
}
