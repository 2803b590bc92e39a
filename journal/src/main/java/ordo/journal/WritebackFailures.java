package ordo.journal;

import java.nio.file.Path;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The journals (queue directories) whose write-back to the device has failed in this process, whoever saw it.
 *
 * <p>Linux reports a write-back error (EIO) to a descriptor opened after it only if no one has seen the error yet
 * ({@code errseq}): the page recycler and the snapshot store each open the roll files afresh, so whichever syncs
 * first consumes the error and the other's next sync succeeds. The pages the failed write-back left clean are then the
 * only good copy of those records. So a failure either sees is kept here, for both: the recycler never drops a
 * page again (a later read from the device would see its old bytes), and no snapshot claims the journal under it is
 * on the device. The journal writer's own descriptor sees the error itself ({@link Durability#SYNC}). Process-wide,
 * as the kernel's error state is: it lasts until the process ends (a restart reads and checks the journal afresh).
 */
final class WritebackFailures {
    private static final Set<Path> FAILED = ConcurrentHashMap.newKeySet();

    private WritebackFailures() {
    }

    /** Records that writing back a roll file of the journal in {@code queueDir} failed. */
    static void failed(final Path queueDir) {
        FAILED.add(key(queueDir));
    }

    /** Whether writing back a roll file of the journal in {@code queueDir} has failed in this process. */
    static boolean hasFailed(final Path queueDir) {
        return FAILED.contains(key(queueDir));
    }

    private static Path key(final Path queueDir) {
        return queueDir.toAbsolutePath().normalize();
    }
}
