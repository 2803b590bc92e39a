package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournalFollowerTest {
    @TempDir
    Path dataDir;

    @Test
    void eachPollDeliversWhatWasWrittenSinceTheLastOneInOrder() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS);
             JournalFollower follower = journal.follower(0)) {
            final Fixtures.Collector collector = new Fixtures.Collector();
            assertThat(follower.poll(Long.MAX_VALUE, collector).lastSeq()).isZero();

            Fixtures.append(journal, 1, 3);
            Fixtures.appendEachInItsOwnBatch(journal, 4, 5);
            final ScanResult first = follower.poll(Long.MAX_VALUE, collector);
            assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(1, 5));
            assertThat(first.lastSeq()).isEqualTo(5);
            assertThat(first.lastChain()).isEqualTo(journal.lastChain());

            assertThat(follower.poll(Long.MAX_VALUE, collector).lastSeq()).isEqualTo(5);
            assertThat(collector.entries).hasSize(5);

            Fixtures.append(journal, 6, 9);
            assertThat(follower.poll(Long.MAX_VALUE, collector).lastChain()).isEqualTo(journal.lastChain());
            assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(1, 9));
        }
    }

    @Test
    void aPollStopsAtTheDocumentThatReachesItsBoundAndTheNextGoesOnFromThere() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS);
             JournalFollower follower = journal.follower(0)) {
            Fixtures.appendEachInItsOwnBatch(journal, 1, 2);
            Fixtures.append(journal, 3, 6);
            Fixtures.appendEachInItsOwnBatch(journal, 7, 8);
            final Fixtures.Collector collector = new Fixtures.Collector();

            assertThat(follower.poll(2, collector).lastSeq()).isEqualTo(2);
            assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(1, 2));
            // Seq 4 lies inside the batch 3..6: one group commit, delivered whole.
            assertThat(follower.poll(4, collector).lastSeq()).isEqualTo(6);
            assertThat(follower.lastSeq()).isEqualTo(6);
            assertThat(follower.poll(Long.MAX_VALUE, collector).lastSeq()).isEqualTo(8);
            assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(1, 8));
        }
    }

    @Test
    void recordsUpToTheSnapshotSeqAreVerifiedNotDeliveredAndItsChainIsReported() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 4);
            final long chainAtFour = journal.lastChain();
            Fixtures.append(journal, 5, 7);
            try (JournalFollower follower = journal.follower(4)) {
                final Fixtures.Collector collector = new Fixtures.Collector();
                final ScanResult read = follower.poll(Long.MAX_VALUE, collector);

                assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(5, 7));
                assertThat(read.startSeq()).isEqualTo(4);
                assertThat(read.startChain()).isEqualTo(chainAtFour);
            }
        }
    }

    @Test
    void aTornTailRetiredWhenTheJournalReopenedIsSkippedLikeAFullScanSkipsIt() throws Exception {
        final long[] indexes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            indexes = Fixtures.appendEachInItsOwnBatch(journal, 1, 3);
        }
        QueueSurgery.zeroFrom(QueueSurgery.locate(dataDir, indexes[2]), 30);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS);
             JournalFollower follower = journal.follower(0)) {
            assertThat(journal.lastSeq()).isEqualTo(2);
            Fixtures.append(journal, 3, 5);
            final Fixtures.Collector collector = new Fixtures.Collector();

            final ScanResult read = follower.poll(Long.MAX_VALUE, collector);

            assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(1, 5));
            assertThat(read.markers()).isEqualTo(1);
            assertThat(read.hasTornTail()).isFalse();
        }
    }

    @Test
    void aRecordAlteredInThePastStopsTheFollowerAtThatRecord() throws Exception {
        final long[] indexes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            indexes = Fixtures.appendEachInItsOwnBatch(journal, 1, 4);
        }
        // Edit seq 2's payload after the fact (its CRC no longer holds), then let a writer go on past it.
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            QueueSurgery.tamperPayload(QueueSurgery.locate(dataDir, indexes[1]), 0);
            Fixtures.append(journal, 5, 5);
            try (JournalFollower follower = journal.follower(0)) {
                final Fixtures.Collector collector = new Fixtures.Collector();
                assertThatThrownBy(() -> follower.poll(Long.MAX_VALUE, collector))
                    .isInstanceOf(JournalCorruptException.class);
                assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(1, 1));
            }
        }
    }

    @Test
    void aFollowerOnItsOwnThreadKeepsUpWithAWriterAndNeverPassesTheCommittedSeq() throws Exception {
        // Batch sizes cycle through one record, a few, and more than one 64 KiB document holds.
        final int[] sizes = {1, 40, 2_500, 7};
        final long total = 40_000;
        final java.util.concurrent.atomic.AtomicLong committed = new java.util.concurrent.atomic.AtomicLong();
        final java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure =
            new java.util.concurrent.atomic.AtomicReference<>();
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS);
             JournalFollower follower = journal.follower(0)) {
            final Thread writer = new Thread(() -> {
                try {
                    long next = 1;
                    for (int batch = 0; next <= total; batch++) {
                        final long last = Math.min(total, next + sizes[batch % sizes.length] - 1);
                        Fixtures.append(journal, next, last);
                        committed.set(last);
                        next = last + 1;
                    }
                } catch (RuntimeException | Error e) {
                    writerFailure.set(e);
                }
            }, "journal-writer");
            writer.start();
            final Fixtures.Collector collector = new Fixtures.Collector();
            final long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (follower.lastSeq() < total && writerFailure.get() == null && System.nanoTime() < deadline) {
                final long bound = committed.get();
                final long before = follower.lastSeq();
                follower.poll(bound, collector);
                assertThat(follower.lastSeq()).as("read with %d committed", bound).isLessThanOrEqualTo(bound);
                if (follower.lastSeq() == before) {
                    java.util.concurrent.locks.LockSupport.parkNanos(100_000);
                }
            }
            writer.join(30_000);
            assertThat(writerFailure.get()).isNull();
            assertThat(collector.entries).containsExactlyElementsOf(Fixtures.expected(1, total));
            assertThat(follower.poll(Long.MAX_VALUE, collector).lastChain()).isEqualTo(journal.lastChain());
        }
    }

    @Test
    void aClosedJournalMakesNoFollower() {
        final Journal journal = Journal.open(dataDir, Durability.PROCESS);
        journal.close();
        assertThatThrownBy(() -> journal.follower(0)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("is closed");
    }
}
