package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journaller's append and the replay loop must not allocate per record. Measured with the
 * JVM's per-thread allocation counter around many records after warm-up: a per-record allocation,
 * however small, would show up as at least {@code RECORDS} x 16 bytes. The allowance covers
 * one-off objects (a tailer per replay, Chronicle's occasional bookkeeping), not a per-record cost.
 */
class GarbageFreeTest {
    private static final int WARM_UP = 50_000;
    private static final int RECORDS = 50_000;
    private static final long ALLOWANCE_BYTES = 64 * 1024;

    @TempDir
    Path dataDir;

    private static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** Sums what it sees so the JIT cannot drop the loop; allocates nothing. */
    private static final class Summing implements RecordHandler {
        long sum;

        @Override
        public void onRecord(final long seq, final long timeMillis, final int type,
                             final DirectBuffer payload, final int offset, final int length) {
            sum += seq + type + length + (length > 0 ? payload.getByte(offset) : 0);
        }
    }

    @Test
    void appendAndReplayAllocateNothingPerRecordAfterWarmUp() {
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        final long appendBytes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            long seq = 0;
            for (int i = 0; i < WARM_UP; i++) {
                journal.append(++seq, seq, 1, payload, 0, (int) (seq & 63));
            }
            final long before = allocatedBytes();
            for (int i = 0; i < RECORDS; i++) {
                journal.append(++seq, seq, 1, payload, 0, (int) (seq & 63));
                if ((i & 15) == 0) {
                    journal.endOfBatch();
                }
            }
            appendBytes = allocatedBytes() - before;
        }

        final Summing handler = new Summing();
        final long replayBytes;
        try (JournalReader reader = JournalReader.open(dataDir)) {
            reader.replay(handler); // warm-up
            final long before = allocatedBytes();
            reader.replay(handler);
            replayBytes = allocatedBytes() - before;
        }

        assertThat(appendBytes).as("bytes allocated by %d appends", RECORDS).isLessThan(ALLOWANCE_BYTES);
        assertThat(replayBytes).as("bytes allocated replaying %d records", WARM_UP + RECORDS).isLessThan(ALLOWANCE_BYTES);
        assertThat(handler.sum).isPositive();
    }
}
