package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/** Deterministic records for journal tests, and a handler that keeps what it is given. */
final class Fixtures {
    /** What a test expects back for one record. */
    record Entry(long seq, long timeMillis, int type, byte[] payload) {
        @Override
        public boolean equals(final Object o) {
            return o instanceof Entry e && e.seq == seq && e.timeMillis == timeMillis && e.type == type
                && Arrays.equals(e.payload, payload);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seq) * 31 + Arrays.hashCode(payload);
        }

        @Override
        public String toString() {
            return "Entry{seq=" + seq + ", time=" + timeMillis + ", type=" + type + ", payload=" + Arrays.toString(payload) + "}";
        }
    }

    static final long TIME_ZERO_MILLIS = 1_700_000_000_000L;

    private Fixtures() {
    }

    static long timeOf(final long seq) {
        return TIME_ZERO_MILLIS + seq * 7;
    }

    static int typeOf(final long seq) {
        return (int) (seq % 5) + 1;
    }

    /** Lengths 0..63, so some records have an empty payload. */
    static byte[] payloadOf(final long seq) {
        final byte[] payload = new byte[(int) ((seq * 37) % 64)];
        for (int i = 0; i < payload.length; i++) {
            payload[i] = (byte) (seq * 31 + i);
        }
        return payload;
    }

    static Entry entryOf(final long seq) {
        return new Entry(seq, timeOf(seq), typeOf(seq), payloadOf(seq));
    }

    /**
     * Appends seqs {@code from..to} as one batch (one group commit, so one Chronicle document) and
     * returns, by seq - from, the Chronicle index of the document holding each.
     */
    static long[] append(final Journal journal, final long from, final long to) {
        final long[] indexes = new long[(int) (to - from + 1)];
        for (long seq = from; seq <= to; seq++) {
            final byte[] payload = payloadOf(seq);
            journal.append(seq, timeOf(seq), typeOf(seq), new UnsafeBuffer(payload), 0, payload.length);
        }
        journal.endOfBatch();
        java.util.Arrays.fill(indexes, journal.lastIndex());
        return indexes;
    }

    /** Appends seqs {@code from..to}, each as a batch of its own, and returns the index of each. */
    static long[] appendEachInItsOwnBatch(final Journal journal, final long from, final long to) {
        final long[] indexes = new long[(int) (to - from + 1)];
        for (long seq = from; seq <= to; seq++) {
            indexes[(int) (seq - from)] = append(journal, seq, seq)[0];
        }
        return indexes;
    }

    static List<Entry> expected(final long from, final long to) {
        final List<Entry> entries = new ArrayList<>();
        for (long seq = from; seq <= to; seq++) {
            entries.add(entryOf(seq));
        }
        return entries;
    }

    static List<Entry> replayAll(final Path dataDir) {
        final Collector collector = new Collector();
        try (JournalReader reader = JournalReader.open(dataDir)) {
            reader.replay(collector);
        }
        return collector.entries;
    }

    /**
     * Reopens the journal, checks that it goes on from {@code lastSeq} and {@code lastChain}, appends the records up to
     * {@code to} in one batch, then checks that the whole journal verifies clean and replays as records 1..to.
     * Returns the verify report for further checks.
     */
    static VerifyReport continueAndCheckAll(final Path dataDir, final long lastSeq, final long lastChain,
        final long to) {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(lastSeq);
            assertThat(journal.lastChain()).isEqualTo(lastChain);
            append(journal, lastSeq + 1, to);
        }
        final VerifyReport report;
        try (JournalReader reader = JournalReader.open(dataDir)) {
            report = reader.verify();
        }
        assertThat(report.ok()).isTrue();
        assertThat(report.recordsVerified()).isEqualTo(to);
        assertThat(replayAll(dataDir)).containsExactlyElementsOf(expected(1, to));
        return report;
    }

    /** Copies every record it is handed; tests only, it allocates. */
    static final class Collector implements RecordHandler {
        final List<Entry> entries = new ArrayList<>();

        @Override
        public void onRecord(final long seq, final long timeMillis, final int type,
                             final DirectBuffer payload, final int offset, final int length) {
            final byte[] copy = new byte[length];
            payload.getBytes(offset, copy);
            entries.add(new Entry(seq, timeMillis, type, copy));
        }
    }
}
