package ordo.journal;

import com.sun.jna.Library;
import com.sun.jna.Native;
import org.slf4j.Logger;

/** The C library through JNA (a Chronicle dependency), for the journal's Linux-only helpers. */
final class LinuxLibC {
    private LinuxLibC() {
    }

    /**
     * The C library bound to {@code functions}, or null — said once at WARN, with {@code without} (what the journal
     * does without it) — where it cannot be loaded: not Linux, or JNA cannot bind it.
     */
    static <T extends Library> T load(final Class<T> functions, final Logger log, final String without) {
        try {
            if (!System.getProperty("os.name", "").toLowerCase(java.util.Locale.ROOT).contains("linux")) {
                throw new UnsupportedOperationException("not Linux");
            }
            return Native.load("c", functions);
        } catch (final RuntimeException | LinkageError e) {
            log.warn("{} ({})", without, e.toString());
            return null;
        }
    }
}
