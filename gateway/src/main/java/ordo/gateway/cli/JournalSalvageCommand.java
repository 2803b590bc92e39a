package ordo.gateway.cli;

import static ordo.gateway.cli.JournalCommand.fault;

import java.nio.file.Path;
import java.util.concurrent.Callable;

import ordo.gateway.cli.JournalCommand.DataDirOption;
import ordo.gateway.pipeline.IdempotencyKeys;
import ordo.journal.JournalCorruptException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ordo journal salvage}: the operator's tool, the only one that writes, and only into a new directory.
 * {@link JournalCommand} lists the exit codes and holds what the tools share.
 */
@Command(name = "salvage", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
    description = "Copy the records a reader can reach in a damaged journal into a new data directory, where a "
        + "server can start, with the snapshots taken up to the last record copied.")
final class JournalSalvageCommand extends DataDirOption implements Callable<Integer>
{
    @Option(names = "--to", required = true, description = "The new data directory (must hold no journal).")
    Path to;

    @Override
    public Integer call()
    {
        requireJournal();
        final ordo.journal.JournalSalvage.Report report;
        try
        {
            report = ordo.journal.JournalSalvage.copyReadable(data, to);
        }
        catch (final IllegalArgumentException e)
        {
            throw usageError(e.getMessage());
        }
        catch (final JournalCorruptException e)
        {
            return fault(e, "nothing salvaged");
        }
        if (report.recordsCopied() == 0 && report.stoppedAt() != null)
        {
            // Nothing readable is no way out: a server started on it would start empty (QA: a journal in a
            // format this build does not read was "salvaged", 0 records, with the advice to start on it).
            return fault(report.stoppedAt(), "nothing salvaged: do not start a server on " + to);
        }
        final boolean keyCopied = copyIdempotencySecret();
        System.out.printf("salvaged %d records (up to seq %d) and %d snapshot(s) into %s%n", report.recordsCopied(),
            report.lastSeq(), report.snapshotsCopied(), to.toAbsolutePath().normalize());
        if (!keyCopied)
        {
            System.err.println("no " + IdempotencyKeys.FILE + " to copy: the server started on " + to + " makes a new "
                + "one, so a retry of a keyed request answered by a build that kept one runs again");
        }
        if (report.snapshotsSkipped() > 0)
        {
            System.err.println(report.snapshotsSkipped() + " snapshot(s) not copied: damaged, or of another journal "
                + "(see the log)");
        }
        if (report.stoppedAt() != null)
        {
            System.err.println("left behind from the first record that cannot be read: " +
                report.stoppedAt().getMessage());
        }
        System.err.println("start the server with --data " + to + "; keep " + data + " for whoever restores it");
        return 0;
    }

    /**
     * Copies the data directory's Idempotency-Key secret, so that the salvaged records' keys are still found under
     * it; false when there is none (a directory of a build from before it).
     */
    private boolean copyIdempotencySecret()
    {
        final Path secret = data.resolve(IdempotencyKeys.FILE);
        if (!java.nio.file.Files.exists(secret))
        {
            return false;
        }
        try
        {
            java.nio.file.Files.copy(secret, to.resolve(IdempotencyKeys.FILE),
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            return true;
        }
        catch (final java.io.IOException e)
        {
            throw new java.io.UncheckedIOException("cannot copy " + secret + " into " + to, e);
        }
    }
}
