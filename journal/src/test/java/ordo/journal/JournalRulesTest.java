package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Rules markers: which rules version each record was written under, kept across reopening, salvage and replay. */
class JournalRulesTest {
    @TempDir
    Path dataDir;

    @TempDir
    Path salvaged;

    /** Seq and the rules version a reader names for it. */
    private record Written(long seq, int rules) {
    }

    @Test
    void eachRecordReadsBackWithTheRulesOfTheLastMarkerBeforeIt() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.rulesVersion()).isEqualTo(RulesMarker.UNRECORDED);
            Fixtures.append(journal, 1, 3);
            journal.recordRules(1);
            Fixtures.append(journal, 4, 6);
            Fixtures.appendEachInItsOwnBatch(journal, 7, 8);
        }
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.rulesVersion()).isEqualTo(1);
            journal.recordRules(2);
            Fixtures.append(journal, 9, 10);
        }

        assertThat(written(0)).containsExactly(
            new Written(1, 0), new Written(2, 0), new Written(3, 0),
            new Written(4, 1), new Written(5, 1), new Written(6, 1), new Written(7, 1), new Written(8, 1),
            new Written(9, 2), new Written(10, 2));
        // A replay that starts after a snapshot's seq still knows the rules of markers before it.
        assertThat(written(6)).containsExactly(
            new Written(7, 1), new Written(8, 1), new Written(9, 2), new Written(10, 2));
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.rulesVersion()).isEqualTo(2);
        }
    }

    @Test
    void aFollowerOfTheLiveJournalNamesTheRulesOfEachRecordAsItIsWritten() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 2);
            final List<Written> followed = new ArrayList<>();
            try (JournalFollower follower = journal.follower(1)) {
                final RecordHandler handler = (seq, time, type, payload, offset, length) ->
                    followed.add(new Written(seq, follower.rulesInEffect()));
                follower.poll(Long.MAX_VALUE, handler);
                journal.recordRules(5);
                Fixtures.append(journal, 3, 3);
                follower.poll(Long.MAX_VALUE, handler);
            }
            assertThat(followed).containsExactly(new Written(2, 0), new Written(3, 5));
        }
    }

    @Test
    void aMarkerTakesNoSeqAndNoChainLinkAndTheJournalStillVerifiesAndReplaysWhole() {
        final long chainBefore;
        final long chainAfter;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 5);
            chainBefore = journal.lastChain();
            final long indexBefore = journal.lastIndex();
            journal.recordRules(4);
            assertThat(journal.lastSeq()).isEqualTo(5);
            assertThat(journal.lastChain()).isEqualTo(chainBefore);
            assertThat(journal.lastIndex()).as("a document of its own").isGreaterThan(indexBefore);
            Fixtures.append(journal, 6, 9);
            chainAfter = journal.lastChain();
        }
        // The same records under no marker give the same chain: the marker is not part of it.
        try (Journal plain = Journal.open(salvaged, Durability.PROCESS)) {
            Fixtures.append(plain, 1, 5);
            Fixtures.append(plain, 6, 9);
            assertThat(plain.lastChain()).isEqualTo(chainAfter);
        }
        final VerifyReport report;
        try (JournalReader reader = JournalReader.open(dataDir)) {
            report = reader.verify();
        }
        assertThat(report.ok()).isTrue();
        assertThat(report.recordsVerified()).as("markers are not records").isEqualTo(9);
        assertThat(Fixtures.replayAll(dataDir)).containsExactlyElementsOf(Fixtures.expected(1, 9));
        final ScanResult afterFive;
        try (JournalReader reader = JournalReader.open(dataDir)) {
            afterFive = reader.replay(5, new Fixtures.Collector());
        }
        assertThat(afterFive.startSeq()).isEqualTo(5);
        assertThat(afterFive.startChain()).as("a snapshot at seq 5 matches past the marker").isEqualTo(chainBefore);
    }

    @Test
    void theSameVersionAgainWritesNothing() {
        final long index;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            journal.recordRules(3);
            Fixtures.append(journal, 1, 2);
            index = journal.lastIndex();
            journal.recordRules(3);
            assertThat(journal.lastIndex()).isEqualTo(index);
        }
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            journal.recordRules(3);
            assertThat(journal.lastIndex()).as("a restart under the same rules adds no marker").isEqualTo(index);
        }
    }

    @Test
    void aMarkerOnAnEmptyJournalCoversItsFirstRecords() {
        try (Journal journal = Journal.open(dataDir, Durability.SYNC)) {
            journal.recordRules(1);
        }
        try (Journal journal = Journal.open(dataDir, Durability.SYNC)) {
            assertThat(journal.lastSeq()).isZero();
            assertThat(journal.rulesVersion()).isEqualTo(1);
            Fixtures.append(journal, 1, 2);
        }
        assertThat(written(0)).containsExactly(new Written(1, 1), new Written(2, 1));
    }

    @Test
    void refusedInsideABatchForAnUnrecordedVersionAndAsACallersRecordType() {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThatThrownBy(() -> journal.recordRules(RulesMarker.UNRECORDED))
                .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> journal.recordRules(-1)).isInstanceOf(IllegalArgumentException.class);
            final UnsafeBuffer payload = new UnsafeBuffer(new byte[RulesMarker.LENGTH]);
            assertThatThrownBy(() -> journal.append(1, 0, JournalRecord.TYPE_RULES, payload, 0, RulesMarker.LENGTH))
                .isInstanceOf(IllegalArgumentException.class);
            journal.append(1, Fixtures.timeOf(1), 1, payload, 0, 0);
            assertThatThrownBy(() -> journal.recordRules(2))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("inside a batch");
            journal.endOfBatch();
            journal.recordRules(2);
            assertThat(journal.rulesVersion()).isEqualTo(2);
        }
    }

    @Test
    void aMarkerAfterATornTailFollowsItsDiscardMarker() throws Exception {
        final long[] indexes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            journal.recordRules(1);
            Fixtures.append(journal, 1, 3);
            indexes = Fixtures.appendEachInItsOwnBatch(journal, 4, 4);
        }
        QueueSurgery.zeroFrom(QueueSurgery.locate(dataDir, indexes[0]), 10);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(3);
            assertThat(journal.rulesVersion()).isEqualTo(1);
            journal.recordRules(2);
            Fixtures.append(journal, 4, 5);
        }
        assertThat(written(0)).containsExactly(
            new Written(1, 1), new Written(2, 1), new Written(3, 1), new Written(4, 2), new Written(5, 2));
        try (JournalReader reader = JournalReader.open(dataDir)) {
            assertThat(reader.verify().ok()).isTrue();
            assertThat(reader.replay(new Fixtures.Collector()).markers()).as("the torn tail's discard marker")
                .isEqualTo(1);
        }
    }

    @Test
    void aMarkerTornByACrashIsRetiredAndTheRulesBeforeItStay() throws Exception {
        final long markerIndex;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            journal.recordRules(1);
            Fixtures.append(journal, 1, 2);
            journal.recordRules(2);
            markerIndex = journal.lastIndex();
        }
        QueueSurgery.zeroFrom(QueueSurgery.locate(dataDir, markerIndex), 8);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(2);
            assertThat(journal.rulesVersion()).as("the torn marker never took effect").isEqualTo(1);
            journal.recordRules(2);
            Fixtures.append(journal, 3, 3);
        }
        assertThat(written(0)).containsExactly(new Written(1, 1), new Written(2, 1), new Written(3, 2));
    }

    @Test
    void aMarkerSharingItsDocumentWithARecordRefusesTheJournal() throws Exception {
        // A document no writer makes: record 1, then a rules marker, in one document, both CRC-valid.
        final JournalRecord codec = new JournalRecord();
        final byte[] payload = Fixtures.payloadOf(1);
        final int first = codec.encode(1, Fixtures.timeOf(1), Fixtures.typeOf(1), new UnsafeBuffer(payload), 0,
            payload.length, JournalRecord.GENESIS_CHAIN);
        final byte[] document = java.util.Arrays.copyOf(codec.array(), first);
        final long chain = codec.chain();
        final UnsafeBuffer version = new UnsafeBuffer(new byte[RulesMarker.LENGTH]);
        RulesMarker.write(version, 2);
        final int marker = codec.encode(1, Fixtures.timeOf(1), JournalRecord.TYPE_RULES, version, 0,
            RulesMarker.LENGTH, chain);
        final byte[] both = java.util.Arrays.copyOf(document, first + marker);
        System.arraycopy(codec.array(), 0, both, first, marker);
        java.nio.file.Files.createDirectories(JournalFiles.queueDir(dataDir));
        try (net.openhft.chronicle.queue.impl.single.SingleChronicleQueue queue =
                 JournalFiles.openForWriting(dataDir, Durability.PROCESS);
             net.openhft.chronicle.queue.ExcerptAppender appender = queue.createAppender();
             net.openhft.chronicle.wire.DocumentContext dc = appender.writingDocument()) {
            dc.wire().bytes().write(both);
        }

        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
            .isInstanceOfSatisfying(JournalCorruptException.class,
                e -> assertThat(e.kind()).isEqualTo(JournalCorruptException.Kind.INVALID_MARKER))
            .hasMessageContaining("shares its document");
    }

    @Test
    void aMarkerWhosePayloadIsNoVersionRefusesTheJournalThere() throws Exception {
        final long markerIndex;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 2);
            journal.recordRules(1);
            markerIndex = journal.lastIndex();
            Fixtures.append(journal, 3, 4);
        }
        // Version 1 with its lowest bit flipped is 0, and the CRC fixed up: only the payload check catches it.
        QueueSurgery.tamperPayload(QueueSurgery.locate(dataDir, markerIndex), 0);

        final VerifyReport report;
        try (JournalReader reader = JournalReader.open(dataDir)) {
            report = reader.verify();
        }
        assertThat(report.ok()).isFalse();
        assertThat(report.fault().kind()).isEqualTo(JournalCorruptException.Kind.INVALID_MARKER);
        assertThat(report.faultIndex()).isEqualTo(markerIndex);
        assertThat(report.recordsVerified()).isEqualTo(2);
        assertThatThrownBy(() -> Journal.open(dataDir, Durability.PROCESS))
            .isInstanceOf(JournalCorruptException.class)
            .hasMessageContaining("rules marker");
    }

    @Test
    void salvageCopiesEachMarkerWhereItWasAndTheSnapshotsUpToItsLastRecord() throws Exception {
        final long chain;
        final long chainAtTwo;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            Fixtures.append(journal, 1, 2);
            chainAtTwo = journal.lastChain();
            journal.recordRules(1);
            Fixtures.append(journal, 3, 4);
            journal.recordRules(2);
            Fixtures.appendEachInItsOwnBatch(journal, 5, 6);
            Fixtures.append(journal, 7, 9);
            chain = journal.lastChain();
            journal.recordRules(3);
        }
        // Salvage checks a snapshot's file and journal chain, not its body: those at or before the last record it
        // copies whose chain is the journal's there are copied; one recording another chain (a tail a crash retired)
        // is passed over.
        final SnapshotStore store = SnapshotStore.open(dataDir, 10);
        store.write(2, 0, 0, chainAtTwo, new byte[8]);
        store.write(4, 0, 0, chainAtTwo, new byte[8]);
        store.write(9, 0, 0, chain, new byte[8]);
        store.write(12, 0, 0, chain, new byte[8]);
        final Path to = salvaged.resolve("copy");
        final JournalSalvage.Report report = JournalSalvage.copyReadable(dataDir, to);

        assertThat(report.stoppedAt()).isNull();
        assertThat(report.lastSeq()).isEqualTo(9);
        assertThat(report.snapshotsCopied()).isEqualTo(2);
        assertThat(report.snapshotsSkipped()).as("seq 4's chain is not the journal's there").isEqualTo(1);
        assertThat(SnapshotStore.open(to).list()).extracting(SnapshotInfo::seq).containsExactly(9L, 2L);
        final Path original = dataDir;
        dataDir = to;
        assertThat(written(0)).containsExactly(
            new Written(1, 0), new Written(2, 0), new Written(3, 1), new Written(4, 1), new Written(5, 2),
            new Written(6, 2), new Written(7, 2), new Written(8, 2), new Written(9, 2));
        try (Journal journal = Journal.open(to, Durability.PROCESS)) {
            assertThat(journal.rulesVersion()).as("the marker after the last record too").isEqualTo(3);
            assertThat(journal.lastChain()).as("the original's documents, so its chain").isEqualTo(chain);
        }
        dataDir = original;
    }

    @Test
    void aSalvagedJournalHasTheOriginalsChainThroughSplitDocumentsTimeGapsAndARetiredTornTail() throws Exception {
        final long[] torn;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            journal.recordRules(1);
            // One batch past 64 KiB: the writer splits it into documents of its own.
            final UnsafeBuffer big = new UnsafeBuffer(new byte[10_000]);
            for (long seq = 1; seq <= 10; seq++) {
                journal.append(seq, Fixtures.timeOf(seq), 1, big, 0, big.capacity());
            }
            journal.endOfBatch();
            // One batch with a gap a NEXT record's time delta cannot hold: a FULL record inside the document.
            journal.append(11, Fixtures.timeOf(11), 1, big, 0, 8);
            journal.append(12, Fixtures.timeOf(11) + 100_000, 1, big, 0, 8);
            journal.append(13, Fixtures.timeOf(11) + 100_001, 1, big, 0, 8);
            journal.endOfBatch();
            torn = Fixtures.appendEachInItsOwnBatch(journal, 14, 14);
        }
        QueueSurgery.zeroFrom(QueueSurgery.locate(dataDir, torn[0]), 10);
        final long chain;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(13);
            Fixtures.append(journal, 14, 16);
            chain = journal.lastChain();
        }

        final Path to = salvaged.resolve("copy");
        final JournalSalvage.Report report = JournalSalvage.copyReadable(dataDir, to);

        assertThat(report.lastSeq()).isEqualTo(16);
        try (Journal journal = Journal.open(to, Durability.PROCESS)) {
            assertThat(journal.lastChain()).isEqualTo(chain);
        }
    }

    private List<Written> written(final long afterSeq) {
        final List<Written> written = new ArrayList<>();
        try (JournalReader reader = JournalReader.open(dataDir)) {
            reader.replay(afterSeq, (final long seq, final long time, final int type, final DirectBuffer payload,
                final int offset, final int length) -> written.add(new Written(seq, reader.rulesInEffect())));
        }
        return written;
    }
}
