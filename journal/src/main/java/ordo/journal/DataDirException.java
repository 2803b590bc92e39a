package ordo.journal;

/**
 * The data directory cannot be used as it is, for a reason its operator resolves: its journal is open in another
 * process (or already in this one), or what it holds refuses a start or a read (roll files without their metadata, a
 * snapshot ahead of the journal or of another journal, records of other rules or of a newer build). The message says
 * what and, where there is one, the way out. {@code ordo} prints it as one line; any other IllegalStateException is a
 * bug and keeps its stack trace.
 */
public class DataDirException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    public DataDirException(final String message) {
        super(message);
    }

    public DataDirException(final String message, final Throwable cause) {
        super(message, cause);
    }
}
