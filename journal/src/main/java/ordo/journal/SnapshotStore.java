package ordo.journal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ordo.engine.SnapshotBytes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Snapshots in {@code dataDir/snapshots/}, one file per snapshot, named
 * {@code snapshot-<seq, 20 digits>.snap} so names sort by seq. Format: {@link SnapshotFile}.
 *
 * <p>A write is crash-safe: the journal's roll files are forced first (a snapshot that survives a power loss the
 * journal it summarises did not would be ahead of it, and the next start would refuse), then temp file,
 * {@code force(true)}, atomic rename, fsync of the directory (so the rename itself survives power loss). A reader therefore sees either the whole new file or
 * none of it; a leftover {@code .tmp} from a crash is ignored by readers and deleted by the next write, before it
 * writes (a failed write deletes its own), and after the next
 * successful write (snapshot seqs do not repeat, so waiting for a write of the same seq left it there for good).
 *
 * <p>Retention: after a successful write, the newest {@code keep} <em>valid</em> snapshots stay
 * and older valid ones are deleted. A file that fails verification is never deleted automatically
 * (someone will want to look at it) and does not count towards {@code keep}, so a run of corrupt
 * files cannot push the last good snapshot out. The price: each write re-reads the retained
 * snapshots once; snapshots are a cold path.
 *
 * <p>Thread-safety: the methods of one store exclude each other, so one thread may read the newest snapshot while
 * another writes and deletes (the shadow snapshotter seeds beside the snapshot writer): a directory listing is not
 * atomic, and one taken during a write and its retention may show the file deleted, or no file at all. Separate
 * store instances (or processes) on one directory get no such guarantee.
 *
 * <p>{@link #openReadOnly} is the journal tools' (which only read a data dir, README): it creates nothing, reads a
 * missing directory as no snapshots, and refuses to write.
 */
public final class SnapshotStore {
    private static final Logger LOG = LoggerFactory.getLogger(SnapshotStore.class);
    public static final int DEFAULT_KEEP = 3;
    private static final Pattern NAME = Pattern.compile("snapshot-(\\d{20})\\.snap");
    private static final Pattern TEMP_NAME = Pattern.compile("snapshot-\\d{20}\\.snap\\.tmp");

    private final Path dir;
    private final int keep;
    private final boolean readOnly;

    private SnapshotStore(final Path dir, final int keep, final boolean readOnly) {
        this.dir = dir;
        this.keep = keep;
        this.readOnly = readOnly;
    }

    public static SnapshotStore open(final Path dataDir) {
        return open(dataDir, DEFAULT_KEEP);
    }

    /** @param keep how many valid snapshots to retain, at least 1 */
    public static SnapshotStore open(final Path dataDir, final int keep) {
        if (keep < 1) {
            throw new IllegalArgumentException("keep must be at least 1, was " + keep);
        }
        final Path dir = dataDir.resolve("snapshots");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create " + dir, e);
        }
        return new SnapshotStore(dir, keep, false);
    }

    /**
     * The snapshots of {@code dataDir} to read, never to write: nothing is created (the journal tools called
     * {@link #open}, which made {@code snapshots/} in the data dir they audit; found in review), and a data dir
     * without a snapshots directory has no snapshots. {@link #write} throws.
     */
    public static SnapshotStore openReadOnly(final Path dataDir) {
        return new SnapshotStore(dataDir.resolve("snapshots"), DEFAULT_KEEP, true);
    }

    static String fileName(final long seq) {
        return String.format("snapshot-%020d.snap", seq);
    }

    public SnapshotInfo write(final long seq, final long timeMillis, final long stateHash, final long journalChain,
                              final byte[] body) throws IOException {
        return write(seq, timeMillis, stateHash, journalChain, SnapshotBytes.of(body));
    }

    /**
     * Writes the snapshot for {@code seq} durably, verifies it by reading it back, then applies
     * retention. Replaces an existing snapshot of the same seq.
     *
     * @throws IOException if the write or its read-back fails; older snapshots are then untouched
     */
    public synchronized SnapshotInfo write(final long seq, final long timeMillis, final long stateHash,
                                           final long journalChain, final SnapshotBytes body) throws IOException {
        if (readOnly) {
            throw new IllegalStateException("snapshot store " + dir + " was opened read-only");
        }
        if (seq < 0) {
            throw new IllegalArgumentException("snapshot seq " + seq + " is negative");
        }
        final Path target = dir.resolve(fileName(seq));
        final Path temp = dir.resolve(fileName(seq) + ".tmp");
        // Before writing, not only after a write succeeds: on a full disk each failed attempt left its part-written
        // temp file behind, and they took the space the journal then lacked (found in QA).
        deleteLeftoverTemps();
        forceJournal();
        try {
            SnapshotFile.write(temp, seq, timeMillis, stateHash, journalChain, body);
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(temp);
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        final Path journal = JournalFiles.queueDir(dir.getParent());
        if (WritebackFailures.hasFailed(journal)) {
            // The recycler's fdatasync saw a failure while this one synced and wrote: the fsyncs above succeeded
            // without it (only the first sync after a failure reports it).
            Files.deleteIfExists(temp);
            refuseIfWritebackFailed(journal);
        }
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        JournalFiles.forceDirectory(dir);
        SnapshotFile.verify(target, seq); // paired check: what we wrote reads back as valid
        retain();
        return new SnapshotInfo(seq, target, Files.size(target));
    }

    /**
     * Writes the journal's roll files back to the device before the snapshot of what they hold can become durable.
     * In {@code process} durability the journal is otherwise written back every 250 ms (the page recycler), so a
     * power loss could keep the snapshot and lose the journal's last commands (found in QA, by analysis). The
     * journal's writer maps the files; an fsync of another descriptor writes the same page cache back. Then the
     * directory, so a roll file created since the last one (a new day's) is named on the device too, and Chronicle's
     * metadata table: POSIX makes neither durable with the files' data (review; ext4 and XFS happen to).
     *
     * <p>A write-back that failed, here or in the page recycler, fails every later snapshot of this process: the
     * kernel reports the error to the first fsync only, so a later one here succeeds over bytes that never reached
     * the device ({@link WritebackFailures}). The journal is then not known to be on the device; the records are still
     * in the page cache, which the recycler then keeps.
     */
    private void forceJournal() throws IOException {
        final Path journal = JournalFiles.queueDir(dir.getParent());
        if (!Files.isDirectory(journal)) {
            return;
        }
        refuseIfWritebackFailed(journal);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(journal, "*.{cq4,cq4t}")) {
            for (final Path file : files) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                    force(channel, journal);
                }
            }
        }
        JournalFiles.forceDirectory(journal);
    }

    private static void refuseIfWritebackFailed(final Path journal) throws IOException {
        if (WritebackFailures.hasFailed(journal)) {
            throw new IOException("an earlier write-back of the journal in " + journal + " failed (the log has the "
                + "error): its records may not be on the device, so no snapshot is taken over them");
        }
    }

    /** fsyncs a roll file of the journal in {@code queueDir}; a failure is the journal's, for every later sync. */
    private static void force(final FileChannel rollFile, final Path queueDir) throws IOException {
        try {
            rollFile.force(false);
        } catch (IOException e) {
            WritebackFailures.failed(queueDir);
            throw e;
        }
    }

    private void retain() throws IOException {
        deleteLeftoverTemps();
        int validKept = 0;
        for (SnapshotInfo info : list()) {
            try {
                SnapshotFile.verify(info.path(), info.seq());
            } catch (SnapshotFile.InvalidSnapshotException e) {
                LOG.warn("keeping corrupt snapshot for inspection, not counted as retained: {}", e.getMessage());
                continue;
            }
            if (validKept < keep) {
                validKept++;
            } else {
                Files.deleteIfExists(info.path());
            }
        }
    }

    /**
     * Deletes the temp files of writes that never finished (a crash between the temp file and the rename, a failed
     * write). Only a writer calls it, before and after its own write: the store's methods exclude each other and a
     * data directory has one writer, so no other write is in progress; the read-only journal tools never delete
     * anything (nor read a temp file).
     */
    private void deleteLeftoverTemps() throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "snapshot-*.snap.tmp")) {
            for (Path file : files) {
                if (!TEMP_NAME.matcher(file.getFileName().toString()).matches()) {
                    continue;
                }
                // Best effort: the snapshot just written is good, and a leftover must not make its write fail.
                try {
                    if (Files.deleteIfExists(file)) {
                        LOG.info("deleted {}, left by a snapshot write that did not finish", file.getFileName());
                    }
                } catch (IOException e) {
                    LOG.warn("cannot delete {}, left by a snapshot write that did not finish: {}", file.getFileName(),
                            e.toString());
                }
            }
        }
    }

    /** The newest snapshot that verifies; corrupt or short files are skipped with a WARN. */
    public synchronized Optional<Snapshot> latestValid() throws IOException {
        for (SnapshotInfo info : list()) {
            try {
                return Optional.of(SnapshotFile.read(info.path(), info.seq()));
            } catch (SnapshotFile.InvalidSnapshotException e) {
                LOG.warn("skipping corrupt snapshot: {}", e.getMessage());
            }
        }
        return Optional.empty();
    }

    /**
     * Reads and verifies one listed snapshot (for audits that compare every snapshot with a replay).
     *
     * @throws IOException if the file is unreadable, corrupt or not the snapshot its name says
     */
    public synchronized Snapshot read(final SnapshotInfo info) throws IOException {
        return SnapshotFile.read(info.path(), info.seq());
    }

    /**
     * Verifies one listed snapshot whole, as {@link #read} does, but keeps only its header's values and the first
     * {@code headBytes} bytes of its body: for audits that compare many snapshots without holding their bodies.
     *
     * @throws IOException if the file is unreadable, corrupt or not the snapshot its name says
     * @throws IllegalArgumentException if {@code headBytes} is negative
     */
    public synchronized SnapshotHead readHead(final SnapshotInfo info, final int headBytes) throws IOException {
        if (headBytes < 0) {
            throw new IllegalArgumentException("headBytes must be 0 or more, got " + headBytes);
        }
        return SnapshotFile.readHead(info.path(), info.seq(), headBytes);
    }

    /** Snapshot files by name, newest (highest seq) first; unverified. */
    public synchronized List<SnapshotInfo> list() throws IOException {
        final List<SnapshotInfo> infos = new ArrayList<>();
        if (readOnly && !Files.isDirectory(dir)) {
            return infos;
        }
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "snapshot-*.snap")) {
            for (Path file : files) {
                final Matcher m = NAME.matcher(file.getFileName().toString());
                if (m.matches() && Files.isRegularFile(file)) {
                    infos.add(new SnapshotInfo(Long.parseLong(m.group(1)), file, Files.size(file)));
                }
            }
        }
        infos.sort(Comparator.comparingLong(SnapshotInfo::seq).reversed());
        return infos;
    }

    public Path dir() {
        return dir;
    }

    public int keep() {
        return keep;
    }

    public boolean readOnly() {
        return readOnly;
    }
}
