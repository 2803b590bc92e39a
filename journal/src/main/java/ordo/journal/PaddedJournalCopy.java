package ordo.journal;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A copy of a data directory's journal files that a reader can read past a cut ({@link JournalSalvage}): each roll
 * file that was cut, and the newest, copied with its zero blocks left as holes and padded far past its end with
 * sparse zeros (what a reader finds where nothing was written); older days of a size Chronicle makes linked, not
 * copied; the metadata table copied. The damaged files are only read.
 */
final class PaddedJournalCopy {
    /**
     * What a padded copy adds past a roll file's end: sparse zeros (no disk), as far as any day's roll file may have
     * reached, so that whatever Chronicle reads past the cut — its index, written as the file grew — reads as not
     * written. A file cut far before its end faulted a copy padded by one chunk only (Review-195).
     */
    static final long PADDING_BYTES = 16L << 30;

    private PaddedJournalCopy() {
    }

    /** Makes the copy of {@code from}'s journal files in {@code to}'s journal directory (which must not exist yet). */
    static void make(final Path from, final Path to) throws java.io.IOException {
        final Path copy = JournalFiles.queueDir(to);
        Files.createDirectories(copy);
        final Path newest = newestRollFile(JournalFiles.queueDir(from));
        try (java.util.stream.Stream<Path> files = Files.list(JournalFiles.queueDir(from))) {
            for (final Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                final String name = file.getFileName().toString();
                final Path made = copy.resolve(name);
                final long size = Files.size(file);
                if (!name.endsWith(".cq4")) {
                    if (name.equals("metadata.cq4t")) {
                        Files.copy(file, made);
                    }
                    continue; // a .discard file: no reader reads it
                }
                if (size == 0 || (JournalFiles.chronicleSized(size) && !file.equals(newest))) {
                    // As it is: an empty newest file is one every reader takes; an older day of a size Chronicle
                    // makes is whole, read in place (a link, not a copy of its 80 MiB or more). An older day of any
                    // other size was cut, and is padded as the newest is (Review-196).
                    linkOrCopy(file, made);
                } else {
                    // Cut, or the newest (where a fault read in place most likely came from): its bytes copied, zero
                    // blocks left as holes, then padded far past its end.
                    sparseCopy(file, made);
                    try (java.io.RandomAccessFile padded = new java.io.RandomAccessFile(made.toFile(), "rw")) {
                        padded.setLength(Math.max(size, JournalFiles.SMALLEST_ROLL_FILE_BYTES) + PADDING_BYTES);
                    }
                }
            }
        }
    }

    /** The roll file of the latest day in {@code queueDir} (names sort by day), or null. */
    private static Path newestRollFile(final Path queueDir) throws java.io.IOException {
        try (java.util.stream.Stream<Path> files = Files.list(queueDir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".cq4")).max(java.util.Comparator.naturalOrder())
                .orElse(null);
        }
    }

    /** A symbolic link to {@code file} at {@code made}, or a copy where the file system makes none. */
    private static void linkOrCopy(final Path file, final Path made) throws java.io.IOException {
        try {
            Files.createSymbolicLink(made, file.toAbsolutePath());
        } catch (final UnsupportedOperationException | java.io.IOException e) {
            sparseCopy(file, made);
        }
    }

    /**
     * Copies {@code file}'s bytes to {@code made}, leaving each all-zero MiB a hole: a roll file is mostly zeros
     * allocated ahead of its writer, and Files.copy wrote them all out (Review-195: 80 MiB a file, on tmpfs in RAM).
     */
    static void sparseCopy(final Path file, final Path made) throws java.io.IOException {
        try (java.nio.channels.FileChannel in = java.nio.channels.FileChannel.open(file,
                java.nio.file.StandardOpenOption.READ);
             java.nio.channels.FileChannel out = java.nio.channels.FileChannel.open(made,
                 java.nio.file.StandardOpenOption.CREATE_NEW, java.nio.file.StandardOpenOption.WRITE)) {
            final java.nio.ByteBuffer block = java.nio.ByteBuffer.allocate(1 << 20);
            final long size = in.size();
            for (long at = 0; at < size; at += block.capacity()) {
                block.clear();
                while (block.hasRemaining() && in.read(block, at + block.position()) > 0) {
                    // read the whole block (or to the end of the file)
                }
                block.flip();
                if (!allZero(block)) {
                    while (block.hasRemaining()) {
                        out.write(block, at + block.position());
                    }
                }
            }
            if (out.size() < size) {
                // A trailing hole: the file's length as the original's.
                out.write(java.nio.ByteBuffer.allocate(1), size - 1);
            }
        }
    }

    private static boolean allZero(final java.nio.ByteBuffer block) {
        for (int i = block.position(); i < block.limit(); i++) {
            if (block.get(i) != 0) {
                return false;
            }
        }
        return true;
    }

    static void deleteTree(final Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (java.util.stream.Stream<Path> walk = Files.walk(dir)) {
            for (final Path p : (Iterable<Path>) walk.sorted(java.util.Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

}
