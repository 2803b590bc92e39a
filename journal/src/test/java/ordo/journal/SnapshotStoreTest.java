package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import ordo.engine.SnapshotBytes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotStoreTest {
    @TempDir
    Path dataDir;

    private static byte[] bodyOf(final long seq, final int length) {
        final byte[] body = new byte[length];
        for (int i = 0; i < length; i++) {
            body[i] = (byte) (seq + i * 13);
        }
        return body;
    }

    private static SnapshotInfo write(final SnapshotStore store, final long seq) throws IOException {
        return store.write(seq, 1_000 + seq, 0xABCDL * seq, 0x1234L * seq, bodyOf(seq, 100 + (int) seq));
    }

    @Test
    void snapshotRoundTripsEveryField() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        final byte[] body = bodyOf(42, 200_000); // more than one I/O chunk
        final SnapshotInfo info = store.write(42, 1_700_000_000_123L, 0x1122334455667788L, 0x0A0B0C0D0E0F1011L, body);

        assertThat(info.path()).isEqualTo(dataDir.resolve("snapshots").resolve("snapshot-00000000000000000042.snap"));
        assertThat(info.sizeBytes()).isEqualTo(52 + body.length + 4);
        final Snapshot snapshot = store.latestValid().orElseThrow();
        assertThat(snapshot.seq()).isEqualTo(42);
        assertThat(snapshot.timeMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(snapshot.stateHash()).isEqualTo(0x1122334455667788L);
        assertThat(snapshot.journalChain()).isEqualTo(0x0A0B0C0D0E0F1011L);
        assertThat(snapshot.body().toByteArray()).isEqualTo(body);
        try (var files = Files.list(store.dir())) {
            assertThat(files).as("no temp file left behind").hasSize(1);
        }
    }

    @Test
    void aTempFileLeftByAWriteThatNeverFinishedIsDeletedByTheNextWriteAndIgnoredByReaders() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        write(store, 10);
        final Path leftover = store.dir().resolve("snapshot-00000000000000000015.snap.tmp");
        Files.write(leftover, bodyOf(15, 64)); // a crash between the temp file and its rename
        final Path unrelated = store.dir().resolve("notes.tmp");
        Files.write(unrelated, new byte[] {1});

        assertThat(store.latestValid().orElseThrow().seq()).isEqualTo(10);
        assertThat(store.list()).extracting(SnapshotInfo::seq).containsExactly(10L);
        assertThat(leftover).as("reading deletes nothing").exists();

        write(store, 20);

        assertThat(leftover).doesNotExist();
        assertThat(unrelated).as("only the store's own temp files").exists();
        assertThat(store.list()).extracting(SnapshotInfo::seq).containsExactly(20L, 10L);
    }

    /**
     * A write that fails (a full disk, in QA) leaves no temp file, and the next write deletes any leftover before it
     * writes, not only after it succeeds: on a full disk each failed attempt had left one, and they took the space.
     */
    @Test
    void aFailedWriteLeavesNoTempFileAndTheNextDeletesLeftoversFirst() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        write(store, 10);
        final Path leftover = store.dir().resolve("snapshot-00000000000000000015.snap.tmp");
        Files.write(leftover, bodyOf(15, 64));
        // A body that fails part-way through the write: its second block is memory the writer cannot take.
        final java.nio.ByteBuffer memory = java.nio.ByteBuffer.allocateDirect(64);
        final SnapshotBytes failing = new SnapshotBytes(new org.agrona.DirectBuffer[] {
            new org.agrona.concurrent.UnsafeBuffer(bodyOf(20, 1 << 20)),
            new org.agrona.concurrent.UnsafeBuffer(org.agrona.BufferUtil.address(memory), 64)}, (1 << 20) + 64);

        assertThatThrownBy(() -> store.write(20, 0, 0, 0, failing)).isInstanceOf(RuntimeException.class);

        try (var files = Files.list(store.dir())) {
            assertThat(files.map(p -> p.getFileName().toString()))
                .as("the leftover deleted first, the failed write's own temp file after it")
                .containsExactly("snapshot-00000000000000000010.snap");
        }
        assertThat(store.latestValid().orElseThrow().seq()).isEqualTo(10);
    }

    @Test
    void aLeftoverThatCannotBeDeletedDoesNotFailTheWriteThatSucceeded() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        write(store, 10);
        // Something by the temp files' name that deleteIfExists refuses (here a directory with a file in it).
        final Path stuck = Files.createDirectory(store.dir().resolve("snapshot-00000000000000000015.snap.tmp"));
        Files.write(stuck.resolve("x"), new byte[] {1});

        final SnapshotInfo written = write(store, 20);

        assertThat(written.seq()).isEqualTo(20);
        assertThat(store.latestValid().orElseThrow().seq()).isEqualTo(20);
    }

    @Test
    void aBodyCanComeInBlocksAndMayBeEmpty() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        store.write(1, 0, 0, JournalRecord.GENESIS_CHAIN, new byte[0]);
        assertThat(store.latestValid().orElseThrow().body().length()).isZero();

        final byte[][] blocks = {{1, 2}, {}, {3, 4, 5}, {6, 7, 9, 9}};
        store.write(2, 0, 0, 0, new SnapshotBytes(blocks, 7));
        assertThat(store.latestValid().orElseThrow().body().toByteArray()).containsExactly(1, 2, 3, 4, 5, 6, 7);
    }

    /** Blocks of direct memory (the shadow snapshotter's) are written as arrays are. */
    @Test
    void aBodyInDirectMemoryIsWrittenAsItsBytes() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        final org.agrona.concurrent.UnsafeBuffer first =
            new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(300_000));
        final org.agrona.concurrent.UnsafeBuffer second =
            new org.agrona.concurrent.UnsafeBuffer(java.nio.ByteBuffer.allocateDirect(10));
        final byte[] body = new byte[300_005];
        new java.util.SplittableRandom(3).nextBytes(body);
        first.putBytes(0, body, 0, 300_000);
        second.putBytes(0, body, 300_000, 5);
        store.write(4, 0, 0, 0, new SnapshotBytes(new org.agrona.DirectBuffer[]{first, second}, body.length));

        assertThat(store.latestValid().orElseThrow().body().toByteArray()).isEqualTo(body);
    }

    /** A body longer than a read block comes back in full blocks and a last exact one, and verifies. */
    @Test
    void aLargeBodyIsReadBackInBlocks() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        final byte[] body = new byte[SnapshotBytes.MAX_BLOCK_BYTES + 1000];
        new java.util.SplittableRandom(5).nextBytes(body);
        store.write(3, 0, 0, 0, new SnapshotBytes(new byte[][]{java.util.Arrays.copyOf(body, 1000),
            java.util.Arrays.copyOfRange(body, 1000, body.length)}, body.length));

        final SnapshotBytes read = store.latestValid().orElseThrow().body();
        assertThat(read.blocks()).isEqualTo(2);
        assertThat(read.blockLength(0)).isEqualTo(SnapshotBytes.MAX_BLOCK_BYTES);
        assertThat(read.block(1).capacity()).isEqualTo(1000);
        assertThat(read.toByteArray()).isEqualTo(body);
    }

    @Test
    void aHeadIsTheHeaderAndTheBodysFirstBytesOfAFileVerifiedWhole() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        // Over two I/O chunks of 256 KiB, in bytes that do not repeat with the chunk: a head copied from the wrong
        // chunk would not match.
        final byte[] body = new byte[600_000];
        new java.util.SplittableRandom(11).nextBytes(body);
        final SnapshotInfo info = store.write(42, 1_700_000_000_123L, 0x1122334455667788L, 0x0A0B0C0D0E0F1011L, body);

        final SnapshotHead head = store.readHead(info, 8);
        assertThat(head.seq()).isEqualTo(42);
        assertThat(head.timeMillis()).isEqualTo(1_700_000_000_123L);
        assertThat(head.stateHash()).isEqualTo(0x1122334455667788L);
        assertThat(head.journalChain()).isEqualTo(0x0A0B0C0D0E0F1011L);
        assertThat(head.bodyHead()).isEqualTo(java.util.Arrays.copyOf(body, 8));
        assertThat(store.readHead(info, 550_000).bodyHead()).as("a head across three I/O chunks")
            .isEqualTo(java.util.Arrays.copyOf(body, 550_000));
        assertThat(store.readHead(info, 0).bodyHead()).isEmpty();
        assertThatThrownBy(() -> store.readHead(info, -1)).isInstanceOf(IllegalArgumentException.class);
        final SnapshotInfo empty = store.write(43, 0, 0, 0, new byte[0]);
        assertThat(store.readHead(empty, 8).bodyHead()).as("shorter than asked").isEmpty();

        // A byte far past the head, changed: the CRC covers the whole body, so the head is refused too.
        try (RandomAccessFile file = new RandomAccessFile(info.path().toFile(), "rw")) {
            file.seek(52 + 580_000);
            final int b = file.read();
            file.seek(52 + 580_000);
            file.write(b ^ 0x01);
        }
        assertThatThrownBy(() -> store.readHead(info, 8)).isInstanceOf(IOException.class)
            .hasMessageContaining("crc32c mismatch");
    }

    @Test
    void latestValidIsTheHighestSeqNotTheNewestFile() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        write(store, 20);
        write(store, 10);
        assertThat(store.latestValid().orElseThrow().seq()).isEqualTo(20);
        assertThat(store.list()).extracting(SnapshotInfo::seq).containsExactly(20L, 10L);
    }

    @Test
    void latestValidSkipsACorruptedNewestFileAndLeavesItOnDisk() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        write(store, 10);
        final SnapshotInfo newest = write(store, 20);
        try (RandomAccessFile file = new RandomAccessFile(newest.path().toFile(), "rw")) {
            file.seek(60);
            final int b = file.read();
            file.seek(60);
            file.write(b ^ 0x01);
        }

        assertThat(store.latestValid().map(Snapshot::seq)).isEqualTo(Optional.of(10L));
        assertThat(newest.path()).exists();
    }

    @Test
    void latestValidSkipsATruncatedFileAndOneWhoseNameLies() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        write(store, 10);
        final SnapshotInfo truncated = write(store, 20);
        try (RandomAccessFile file = new RandomAccessFile(truncated.path().toFile(), "rw")) {
            file.setLength(file.length() - 1);
        }
        final SnapshotInfo renamed = write(store, 30);
        Files.move(renamed.path(), store.dir().resolve(SnapshotStore.fileName(40)));

        assertThat(store.latestValid().map(Snapshot::seq)).isEqualTo(Optional.of(10L));
    }

    @Test
    void anEmptyOrMissingStoreHasNoSnapshot() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir);
        assertThat(store.latestValid()).isEmpty();
        assertThat(store.list()).isEmpty();
    }

    /** The journal tools' store: it reads what a server wrote and makes nothing in the data dir they audit. */
    @Test
    void aReadOnlyStoreCreatesNothingReadsAMissingDirectoryAsEmptyAndRefusesToWrite() throws IOException {
        final SnapshotStore readOnly = SnapshotStore.openReadOnly(dataDir);

        assertThat(readOnly.list()).isEmpty();
        assertThat(readOnly.latestValid()).isEmpty();
        assertThat(dataDir.resolve("snapshots")).as("nothing created").doesNotExist();
        assertThatThrownBy(() -> write(readOnly, 7)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("read-only");
        assertThat(dataDir.resolve("snapshots")).doesNotExist();

        write(SnapshotStore.open(dataDir), 10);
        write(SnapshotStore.open(dataDir), 20);
        assertThat(readOnly.list()).extracting(SnapshotInfo::seq).containsExactly(20L, 10L);
        assertThat(readOnly.latestValid().orElseThrow().seq()).isEqualTo(20);
        assertThat(readOnly.readHead(readOnly.list().get(1), 4).seq()).isEqualTo(10);
    }

    @Test
    void retentionKeepsTheNewestN() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir, 2);
        for (long seq = 1; seq <= 5; seq++) {
            write(store, seq * 100);
        }
        assertThat(store.list()).extracting(SnapshotInfo::seq).containsExactly(500L, 400L);

        assertThat(SnapshotStore.open(dataDir).keep()).isEqualTo(SnapshotStore.DEFAULT_KEEP);
    }

    @Test
    void retentionNeverDeletesCorruptFilesNorCountsThemTowardsN() throws IOException {
        final SnapshotStore store = SnapshotStore.open(dataDir, 1);
        write(store, 100);
        final SnapshotInfo corrupt = write(store, 200); // 100 is deleted here
        try (RandomAccessFile file = new RandomAccessFile(corrupt.path().toFile(), "rw")) {
            file.setLength(10);
        }
        write(store, 300);
        write(store, 400);

        assertThat(store.list()).extracting(SnapshotInfo::seq).containsExactly(400L, 200L);
        assertThat(store.latestValid().orElseThrow().seq()).isEqualTo(400);
    }

    @Test
    void keepMustBePositive() {
        assertThatThrownBy(() -> SnapshotStore.open(dataDir, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void latestValidOnAnotherThreadSurvivesRetentionDeletingWhatItListed() throws Exception {
        // The shadow snapshotter seeds from latestValid on its own thread while the writer thread writes and
        // retains (keep 1: every write deletes the one before).
        final SnapshotStore writerStore = SnapshotStore.open(dataDir, 1);
        final SnapshotStore readerStore = writerStore; // one store, shared, as in OrdoCore
        write(writerStore, 1);
        final java.util.concurrent.atomic.AtomicBoolean writing = new java.util.concurrent.atomic.AtomicBoolean(true);
        final java.util.concurrent.atomic.AtomicReference<Throwable> writerFailure =
            new java.util.concurrent.atomic.AtomicReference<>();
        final Thread writer = new Thread(() -> {
            try {
                for (long seq = 2; seq <= 150; seq++) {
                    write(writerStore, seq);
                }
            } catch (IOException | RuntimeException e) {
                writerFailure.set(e);
            } finally {
                writing.set(false);
            }
        }, "snapshot-writer");
        writer.start();
        try {
            while (writing.get()) {
                assertThat(readerStore.latestValid()).isPresent();
            }
        } finally {
            writer.join(60_000);
        }
        assertThat(writerFailure.get()).isNull();
    }
}
