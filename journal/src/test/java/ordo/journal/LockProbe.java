package ordo.journal;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Run in a process of its own: tries the OS lock on a file and prints {@code held} (another process has it) or
 * {@code free}. The OS lock is a process's, so only another process can tell whether a journal still holds it.
 */
public final class LockProbe
{
    private LockProbe()
    {
    }

    public static void main(final String[] args) throws Exception
    {
        try (FileChannel channel = FileChannel.open(Path.of(args[0]), StandardOpenOption.WRITE))
        {
            final FileLock lock = channel.tryLock();
            System.out.println(lock == null ? "held" : "free");
        }
    }
}
