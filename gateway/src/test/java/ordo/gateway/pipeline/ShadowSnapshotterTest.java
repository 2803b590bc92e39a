package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shadow snapshotter on its own, against a journal the test controls. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShadowSnapshotterTest
{
    @TempDir
    Path dataDir;

    @Test
    void aRequestWithNothingJournaledPastTheSeedWritesNoSnapshot() throws IOException
    {
        final SnapshotStore store = SnapshotStore.open(dataDir, 10);
        final CoreHealth health = new CoreHealth();
        final SnapshotWriter writer = new SnapshotWriter(store);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            health.resetProgress(journal.lastSeq());
            final ShadowSnapshotter shadow = new ShadowSnapshotter(journal, store, writer, health);
            try
            {
                assertThat(shadow.request()).isTrue();
                // A second request is accepted only once the first has been served.
                awaitUntil(shadow::request);
            }
            finally
            {
                shadow.close();
                writer.close();
            }
        }
        // The engine at seq 0 holds nothing a restart needs: a snapshot of it only costs a write.
        assertThat(writer.lastWrittenSeq()).isEqualTo(-1);
        assertThat(store.list()).isEmpty();
    }

    private static void awaitUntil(final java.util.function.BooleanSupplier condition)
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
