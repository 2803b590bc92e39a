package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.engine.SnapshotBytes;
import ordo.journal.SnapshotInfo;
import ordo.journal.SnapshotStore;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotWriterTest
{
    @TempDir
    Path dir;

    /**
     * The shutdown snapshot is the last one queued: close() waits for it however long the disk takes, past the period
     * it logs at (a close that gave up after a minute left it half-written). The store's writes hold its monitor, so
     * the test holding it is a disk that does not answer until it lets go.
     */
    @Test
    void closeWaitsForTheLastSnapshotHoweverLongItsWriteTakes() throws Exception
    {
        final SnapshotStore store = SnapshotStore.open(dir, 3);
        final SnapshotWriter writer = new SnapshotWriter(store, 50);
        final Thread closing = new Thread(writer::close, "closing");
        synchronized (store)
        {
            writer.submit(42, 1_800_000_000_000L, 7, 9, SnapshotBytes.of(new byte[] {1, 2, 3}));
            closing.start();
            Thread.sleep(500); // ten of close()'s periods, the write held all along
            assertThat(closing.isAlive()).as("close() still waiting for the write").isTrue();
            assertThat(writer.lastWrittenSeq()).isEqualTo(-1);
        }
        closing.join();

        assertThat(writer.lastWrittenSeq()).isEqualTo(42);
        assertThat(store.list()).extracting(SnapshotInfo::seq).containsExactly(42L);
    }

    /**
     * A body whose memory faults as it is written (a mapped page that cannot be read is an {@link InternalError}, not
     * an exception): that snapshot fails, logged, and the writer's thread goes on to write the next one — an Error
     * escaping ended the thread, and every later snapshot, the shutdown one included, was queued for nobody.
     */
    @Test
    void aSnapshotWhoseWriteFaultsLeavesTheWriterWritingTheNext() throws IOException
    {
        final SnapshotStore store = SnapshotStore.open(dir, 3);
        final SnapshotWriter writer = new SnapshotWriter(store, 50);
        final UnsafeBuffer faulting = new UnsafeBuffer(new byte[8])
        {
            @Override
            public byte[] byteArray()
            {
                throw new InternalError("a fault occurred in an unsafe memory access operation");
            }
        };
        try
        {
            writer.submit(10, 1_800_000_000_000L, 7, 9, new SnapshotBytes(new DirectBuffer[] {faulting}, 8));
            writer.submit(12, 1_800_000_000_001L, 7, 9, SnapshotBytes.of(new byte[] {2}));
            Await.until(() -> writer.lastWrittenSeq() == 12);
        }
        finally
        {
            writer.close();
        }
        assertThat(store.list()).extracting(SnapshotInfo::seq).containsExactly(12L);
    }
}
