package ordo.journal;

import java.nio.file.Path;

/**
 * A snapshot file found on disk, known only by its name and size: nothing has been verified.
 *
 * @param seq the seq in the file name
 */
public record SnapshotInfo(long seq, Path path, long sizeBytes) {
}
