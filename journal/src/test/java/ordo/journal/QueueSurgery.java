package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import net.openhft.chronicle.bytes.Bytes;
import net.openhft.chronicle.queue.ExcerptTailer;
import net.openhft.chronicle.queue.impl.single.SingleChronicleQueue;
import net.openhft.chronicle.wire.DocumentContext;

/**
 * Test-only surgery on a closed journal's .cq4 files, to simulate torn writes and tampering.
 *
 * <p>How a document is found on disk: a read-only tailer moves to the document's Chronicle index
 * (which {@link Journal#lastIndex()} reported right after the append) and reads it. Chronicle maps
 * the roll file with {@code MappedBytes} whose positions are file offsets, so inside the document
 * {@code bytes.readPosition()} is the file offset of the record's first byte and
 * {@code readRemaining()} its length; {@code tailer.currentFile()} is the roll file. The 4-byte
 * Chronicle header sits just before that offset. {@link #readRecord} cross-checks the location by
 * reading the seq back through a plain FileChannel.
 */
final class QueueSurgery {
    record Location(Path file, long offset, int length) {
    }

    private QueueSurgery() {
    }

    /**
     * Writes seqs 1..{@code records}, each a document of its own ({@link Fixtures#appendEachInItsOwnBatch}), then cuts
     * the roll file {@code bytesIn} bytes into seq {@code cutSeq}'s document; answers the indexes and where that was.
     */
    static Cut writeAndCutInside(final Path dataDir, final int records, final int cutSeq, final int bytesIn)
        throws java.io.IOException {
        final long[] indexes;
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS)) {
            indexes = Fixtures.appendEachInItsOwnBatch(journal, 1, records);
        }
        final Location at = locate(dataDir, indexes[cutSeq - 1]);
        try (java.nio.channels.FileChannel file = java.nio.channels.FileChannel.open(at.file(),
            java.nio.file.StandardOpenOption.WRITE)) {
            file.truncate(at.offset() + bytesIn);
        }
        return new Cut(indexes, at, at.offset() + bytesIn);
    }

    /**
     * Appends seqs 1..{@code records} to {@code journal} (of {@code dataDir}), each a document of {@code payloadBytes}
     * bytes of its seq, and answers where each document ends in its roll file and that file: enough of them fill
     * chunks past a roll file's first (the large files the damage tests cut).
     */
    static Large appendLarge(final Journal journal, final Path dataDir, final int records, final int payloadBytes) {
        final long[] ends = new long[records];
        Path file = null;
        final byte[] payload = new byte[payloadBytes];
        for (int seq = 1; seq <= records; seq++) {
            java.util.Arrays.fill(payload, (byte) seq);
            journal.append(seq, Fixtures.timeOf(seq), Fixtures.typeOf(seq), new org.agrona.concurrent.UnsafeBuffer(payload),
                0, payload.length);
            journal.endOfBatch();
            final Location at = locate(dataDir, journal.lastIndex());
            ends[seq - 1] = at.offset() + at.length();
            file = at.file();
        }
        return new Large(ends, file);
    }

    /** Where each document {@link #appendLarge} wrote ends (by seq − 1), and the roll file they are in. */
    record Large(long[] ends, Path file) {
        /** How many documents lie wholly before byte {@code cut}. */
        int before(final long cut) {
            int n = 0;
            while (n < ends.length && ends[n] <= cut) {
                n++;
            }
            return n;
        }
    }

    /** What {@link #writeAndCutInside} wrote and where it cut. */
    record Cut(long[] indexes, Location document, long at) {
    }

    static Location locate(final Path dataDir, final long index) {
        try (SingleChronicleQueue queue = JournalFiles.openForReading(dataDir);
             ExcerptTailer tailer = queue.createTailer()) {
            assertThat(tailer.moveToIndex(index)).as("document at index 0x%x exists", index).isTrue();
            try (DocumentContext dc = tailer.readingDocument()) {
                assertThat(dc.isPresent()).isTrue();
                assertThat(dc.index()).isEqualTo(index);
                final Bytes<?> bytes = dc.wire().bytes();
                return new Location(tailer.currentFile().toPath(), bytes.readPosition(), (int) bytes.readRemaining());
            }
        }
    }

    static byte[] readRecord(final Location at) throws IOException {
        final ByteBuffer buffer = ByteBuffer.allocate(at.length());
        try (FileChannel channel = FileChannel.open(at.file(), StandardOpenOption.READ)) {
            channel.read(buffer, at.offset());
        }
        return buffer.array();
    }

    static void writeRecord(final Location at, final byte[] record) throws IOException {
        assertThat(record).hasSize(at.length());
        try (FileChannel channel = FileChannel.open(at.file(), StandardOpenOption.WRITE)) {
            channel.write(ByteBuffer.wrap(record), at.offset());
            channel.force(true);
        }
    }

    /** Simulates a torn write: bytes from {@code from} to the end of the record never reached the disk. */
    static void zeroFrom(final Location at, final int from) throws IOException {
        final byte[] record = readRecord(at);
        boolean changed = false;
        for (int i = from; i < record.length; i++) {
            changed |= record[i] != 0;
            record[i] = 0;
        }
        assertThat(changed).as("zeroing from byte %d changes the record", from).isTrue();
        writeRecord(at, record);
    }

    /** Flips one bit: corruption a CRC catches. */
    static void flipBit(final Location at, final int offset) throws IOException {
        final byte[] record = readRecord(at);
        record[offset] ^= 0x10;
        writeRecord(at, record);
    }

    /** Changes one payload byte and fixes up the CRC, as a tamperer would; the chain is left alone. */
    static void tamperPayload(final Location at, final int payloadByte) throws IOException {
        final byte[] record = readRecord(at);
        final ByteBuffer view = ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN);
        final int length = (view.getInt(JournalRecord.TYPE_OFFSET) >>> 16) | (record[JournalRecord.LENGTH_OFFSET + 2] & 0xFF) << 16;
        final int payloadAt = payloadOffsetOf(record);
        assertThat(payloadByte).isBetween(0, length - 1);
        record[payloadAt + payloadByte] ^= 0x01;
        final CRC32C crc = new CRC32C();
        crc.update(record, 0, payloadAt + length);
        view.putInt(payloadAt + length, (int) crc.getValue());
        writeRecord(at, record);
    }

    /**
     * Overwrites the Chronicle header of the document slot right after {@code at}. Chronicle pads
     * the position of each header to a multiple of 4 (queue data format 1).
     */
    static void setHeaderAfter(final Location at, final int header) throws IOException {
        final long end = at.offset() + at.length();
        final long headerPosition = (end + 3) & ~3L;
        final ByteBuffer buffer = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0, header);
        try (FileChannel channel = FileChannel.open(at.file(), StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            final ByteBuffer current = ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN);
            channel.read(current, headerPosition);
            assertThat(current.getInt(0)).as("slot after the last document is still unwritten").isZero();
            channel.write(buffer, headerPosition);
            channel.force(true);
        }
    }

    /** Where the payload of the record starting at {@code record[0]} begins: after a FULL or a NEXT header. */
    static int payloadOffsetOf(final byte[] record) {
        final int kind = record[JournalRecord.HEAD_OFFSET] & 0x0F;
        assertThat(record[JournalRecord.HEAD_OFFSET] >>> 4).as("format version").isEqualTo(JournalRecord.FORMAT_VERSION);
        return kind == JournalRecord.KIND_FULL ? JournalRecord.FULL_PAYLOAD_OFFSET : JournalRecord.NEXT_PAYLOAD_OFFSET;
    }
}
