package ordo.journal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

import ordo.engine.SnapshotBytes;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * The snapshot file codec. Little-endian:
 *
 * <pre>
 *   0            8         12        20           28          36             44           52          52+n
 *   +------------+---------+---------+------------+-----------+--------------+------------+-----------+--------+
 *   | "ORDOSNAP" | version | seq     | timeMillis | stateHash | journalChain | bodyLength | body      | crc32c |
 *   | 8 bytes    | i32     | i64     | i64        | i64       | i64          | i64 = n    | n bytes   | i32    |
 *   +------------+---------+---------+------------+-----------+--------------+------------+-----------+--------+
 *   |&lt;---------------------------------- crc32c covers ------------------------------------------&gt;|
 * </pre>
 *
 * <p>A file is valid only if its size is exactly {@code 52 + bodyLength + 4}, magic and version
 * match, the seq equals the seq in its name, and the CRC matches. Reads stream in fixed chunks,
 * so verifying a large snapshot costs no more memory than one chunk; a body read to be kept is read into blocks
 * ({@link SnapshotBytes}), so it may be larger than an array.
 */
final class SnapshotFile {
    static final byte[] MAGIC = "ORDOSNAP".getBytes(StandardCharsets.US_ASCII);
    static final int FORMAT_VERSION = 1;
    static final int VERSION_OFFSET = 8;
    static final int SEQ_OFFSET = 12;
    static final int TIME_OFFSET = 20;
    static final int STATE_HASH_OFFSET = 28;
    static final int JOURNAL_CHAIN_OFFSET = 36;
    static final int BODY_LENGTH_OFFSET = 44;
    static final int HEADER_LENGTH = 52;
    static final int TRAILER_LENGTH = 4;
    /** Bytes read or written per call (a heap buffer goes through a temporary direct one of the call's size). */
    private static final int CHUNK = 256 * 1024;

    /** A snapshot file that fails a check; the message says which. */
    static final class InvalidSnapshotException extends IOException {
        private static final long serialVersionUID = 1L;

        InvalidSnapshotException(final Path path, final String problem) {
            super(path + ": " + problem);
        }
    }

    private SnapshotFile() {
    }

    /** Writes the whole file and forces it (data and metadata) to the device. */
    static void write(final Path path, final long seq, final long timeMillis, final long stateHash,
                      final long journalChain, final SnapshotBytes body) throws IOException {
        final CRC32C crc = new CRC32C();
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING, StandardOpenOption.WRITE)) {
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            header.put(MAGIC).putInt(FORMAT_VERSION).putLong(seq).putLong(timeMillis)
                .putLong(stateHash).putLong(journalChain).putLong(body.length()).flip();
            crc.update(header.duplicate());
            writeFully(channel, header);
            for (int b = 0; b < body.blocks(); b++) {
                final ByteBuffer block = bytesOf(body.block(b));
                final int start = block.position();
                final int length = body.blockLength(b);
                for (int done = 0; done < length; ) {
                    final int n = Math.min(CHUNK, length - done);
                    block.limit(start + done + n).position(start + done);
                    crc.update(block.duplicate());
                    writeFully(channel, block);
                    done += n;
                }
            }
            final ByteBuffer trailer = ByteBuffer.allocate(TRAILER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            trailer.putInt((int) crc.getValue()).flip();
            writeFully(channel, trailer);
            channel.force(true);
        }
    }

    /**
     * A block's bytes as a buffer of its own, from its first byte: the array wrapped (a copy through the channel's
     * temporary direct buffer, a chunk at a time) or the direct memory itself (written without a copy).
     */
    private static ByteBuffer bytesOf(final DirectBuffer block) {
        final int adjustment = (int) block.wrapAdjustment();
        if (block.byteArray() != null) {
            return ByteBuffer.wrap(block.byteArray(), adjustment, block.capacity()).slice();
        }
        final ByteBuffer direct = block.byteBuffer();
        if (direct == null) {
            throw new IllegalArgumentException("a snapshot block is neither an array nor a ByteBuffer");
        }
        return direct.duplicate().clear().position(adjustment).limit(adjustment + block.capacity()).slice();
    }

    /** Reads and verifies a file; {@code expectedSeq} is the seq its name claims. */
    static Snapshot read(final Path path, final long expectedSeq) throws IOException {
        return (Snapshot) readOrVerify(path, expectedSeq, true, 0);
    }

    /** Verifies a file without keeping its body. */
    static void verify(final Path path, final long expectedSeq) throws IOException {
        readOrVerify(path, expectedSeq, false, 0);
    }

    /** Verifies a file whole, keeping its header's values and the first {@code headBytes} bytes of its body. */
    static SnapshotHead readHead(final Path path, final long expectedSeq, final int headBytes) throws IOException {
        return (SnapshotHead) readOrVerify(path, expectedSeq, false, headBytes);
    }

    /** A {@link Snapshot} when {@code keepBody}, else a {@link SnapshotHead} with {@code headBytes} of the body. */
    private static Object readOrVerify(final Path path, final long expectedSeq, final boolean keepBody,
        final int headBytes) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            final long size = channel.size();
            if (size < HEADER_LENGTH + TRAILER_LENGTH) {
                throw new InvalidSnapshotException(path, "only " + size + " bytes, shorter than an empty snapshot");
            }
            final ByteBuffer header = ByteBuffer.allocate(HEADER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, header, path);
            header.flip();
            checkHeader(path, header, size, expectedSeq);
            final CRC32C crc = new CRC32C();
            crc.update(header.duplicate());
            final long bodyLength = header.getLong(BODY_LENGTH_OFFSET);
            final SnapshotBytes body = keepBody ? readBody(channel, bodyLength, crc, path) : null;
            final byte[] bodyHead = keepBody ? null : skimBody(channel, bodyLength, crc, path, headBytes);
            final ByteBuffer trailer = ByteBuffer.allocate(TRAILER_LENGTH).order(ByteOrder.LITTLE_ENDIAN);
            readFully(channel, trailer, path);
            final int stored = trailer.getInt(0);
            if (stored != (int) crc.getValue()) {
                throw new InvalidSnapshotException(path, "crc32c mismatch");
            }
            return keepBody
                ? new Snapshot(header.getLong(SEQ_OFFSET), header.getLong(TIME_OFFSET), header.getLong(STATE_HASH_OFFSET),
                    header.getLong(JOURNAL_CHAIN_OFFSET), body)
                : new SnapshotHead(header.getLong(SEQ_OFFSET), header.getLong(TIME_OFFSET),
                    header.getLong(STATE_HASH_OFFSET), header.getLong(JOURNAL_CHAIN_OFFSET), bodyHead);
        }
    }

    /**
     * The body into blocks of {@link SnapshotBytes#MAX_BLOCK_BYTES} (the last one exact), through the CRC. Read, not
     * mapped: mapped, a read error on the disk — or a file changed in place by a copy — is a SIGBUS where the body is
     * touched, which in the CRC's compiled stub ends the JVM rather than raising the IOException that passes a
     * snapshot over (found in review). Start-up reads it once even in shadow mode: the live engine and the shadow's
     * are restored from the same blocks ({@code Recovery}).
     */
    private static SnapshotBytes readBody(final FileChannel channel, final long length, final CRC32C crc,
                                          final Path path) throws IOException {
        final long count = (length + SnapshotBytes.MAX_BLOCK_BYTES - 1) / SnapshotBytes.MAX_BLOCK_BYTES;
        final DirectBuffer[] blocks = new DirectBuffer[Math.toIntExact(count)];
        long left = length;
        for (int b = 0; b < blocks.length; b++) {
            final byte[] block = new byte[(int) Math.min(SnapshotBytes.MAX_BLOCK_BYTES, left)];
            for (int done = 0; done < block.length; ) {
                final ByteBuffer slice = ByteBuffer.wrap(block, done, Math.min(CHUNK, block.length - done));
                readFully(channel, slice, path);
                crc.update(block, done, slice.position() - done);
                done = slice.position();
            }
            blocks[b] = new UnsafeBuffer(block);
            left -= block.length;
        }
        return new SnapshotBytes(blocks, length);
    }

    /** The body through the CRC, one chunk at a time; only its first {@code headBytes} bytes are kept (returned). */
    private static byte[] skimBody(final FileChannel channel, final long length, final CRC32C crc, final Path path,
                                   final int headBytes) throws IOException {
        final byte[] head = new byte[(int) Math.min(headBytes, length)];
        final ByteBuffer chunk = ByteBuffer.allocate((int) Math.min(CHUNK, Math.max(length, 1)));
        for (long done = 0; done < length; ) {
            chunk.clear().limit((int) Math.min(chunk.capacity(), length - done));
            readFully(channel, chunk, path);
            crc.update(chunk.array(), 0, chunk.position());
            if (done < head.length) {
                System.arraycopy(chunk.array(), 0, head, (int) done, (int) Math.min(chunk.position(), head.length - done));
            }
            done += chunk.position();
        }
        return head;
    }

    private static void checkHeader(final Path path, final ByteBuffer header, final long size, final long expectedSeq)
        throws InvalidSnapshotException {
        for (int i = 0; i < MAGIC.length; i++) {
            if (header.get(i) != MAGIC[i]) {
                throw new InvalidSnapshotException(path, "bad magic, not an Ordo snapshot");
            }
        }
        final int version = header.getInt(VERSION_OFFSET);
        if (version != FORMAT_VERSION) {
            throw new InvalidSnapshotException(path, "format version " + version + ", expected " + FORMAT_VERSION);
        }
        final long seq = header.getLong(SEQ_OFFSET);
        if (seq != expectedSeq) {
            throw new InvalidSnapshotException(path, "holds seq " + seq + " but its name says " + expectedSeq);
        }
        final long bodyLength = header.getLong(BODY_LENGTH_OFFSET);
        if (bodyLength < 0 || bodyLength > size || HEADER_LENGTH + bodyLength + TRAILER_LENGTH != size) {
            throw new InvalidSnapshotException(path, "body length " + bodyLength + " does not fit a file of " + size + " bytes");
        }
    }

    private static void writeFully(final FileChannel channel, final ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            channel.write(buffer);
        }
    }

    private static void readFully(final FileChannel channel, final ByteBuffer buffer, final Path path) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.read(buffer) < 0) {
                throw new InvalidSnapshotException(path, "ends early");
            }
        }
    }
}
