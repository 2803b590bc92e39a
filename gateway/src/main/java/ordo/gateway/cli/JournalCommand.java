package ordo.gateway.cli;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.ObjectMapper;
import ordo.engine.Engine;
import ordo.journal.JournalCorruptException;
import ordo.journal.JournalFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ordo journal dump|verify|replay}: the auditor's tools. They read the journal of a data dir (also while a
 * server runs on it: the reader never writes) and never call anything outside the process. {@code salvage}, the
 * operator's, writes only into a new directory.
 *
 * <p>Exit codes: 0 fine; 2 a usage error (picocli's: the message and the usage) or a fault in the journal (each tool
 * names the first record that cannot be trusted on a {@code FAULT:} line); 3 a fault found by verify's replay or in
 * a snapshot; 4 no such SKU or order at that point (replay); 5 {@link #RULES_STOP}; 6 {@link #TORN_TAIL} (verify).
 *
 * <p>Each tool is a class of its own ({@link JournalDumpCommand}, {@link JournalVerifyCommand},
 * {@link JournalReplayCommand}, {@link JournalSalvageCommand}); this one holds what they share: the exit codes, the
 * {@code --data} option, the {@code FAULT:} line and the state line.
 */
@Command(name = "journal", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
    description = "Inspect, verify and replay the journal.",
    subcommands = {JournalDumpCommand.class, JournalVerifyCommand.class, JournalReplayCommand.class,
        JournalSalvageCommand.class})
public final class JournalCommand implements Runnable
{
    static final ObjectMapper JSON = new ObjectMapper();
    static final long PROGRESS_EVERY = 1_000_000;
    /**
     * Exit code of verify and replay when the point they replay to follows records written under other rules than this
     * build's, with no snapshot after those to resume from.
     */
    static final int RULES_STOP = 5;
    /** Exit code of every tool at a record of the journal that cannot be trusted (damage, edits, an old format). */
    static final int JOURNAL_FAULT = 2;
    /**
     * Exit code of verify when the journal ends in a batch that fails its check ({@code ScanResult.tornTailNote}): cut
     * short by a crash of the machine, or damaged; what it prints is the state before it. It exited 0, and a tampered
     * last record passed (found in QA).
     */
    static final int TORN_TAIL = 6;

    @Override
    public void run()
    {
        new picocli.CommandLine(this).usage(System.out);
    }

    abstract static class DataDirOption
    {
        @Option(names = "--data", description = "Data directory (default ./data).", defaultValue = "./data")
        Path data;

        /**
         * A data directory that holds a journal. A directory without one (a typo'd {@code --data}, an empty one) read as
         * an empty journal: verify printed the state of seq 0 and exited 0 (found in review).
         */
        void requireJournal()
        {
            if (!Files.isDirectory(data))
            {
                throw usageError("no data directory at " + data.toAbsolutePath().normalize());
            }
            if (!Files.isDirectory(JournalFiles.queueDir(data)))
            {
                throw usageError("no journal in " + data.toAbsolutePath().normalize() + " (no " +
                    JournalFiles.queueDir(data).getFileName() + "/ directory): --data must name the data directory a " +
                    "server wrote");
            }
        }

        /** Picocli answers a ParameterException with the message and the usage on stderr and exit code 2. */
        picocli.CommandLine.ParameterException usageError(final String message)
        {
            return new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), message);
        }
    }

    /** Verify's FAULT line for a record that cannot be trusted, met by dump or replay: {@link #JOURNAL_FAULT}. */
    static int fault(final JournalCorruptException e, final String after)
    {
        if (e.index() < 0)
        {
            // A roll file missing or empty, found before any record was read.
            System.err.printf("FAULT: %s (%s)%n", e.getMessage(), after);
            return JOURNAL_FAULT;
        }
        System.err.printf("FAULT: %s (first bad record in the document at index %d, seq %d; %s)%n", e.getMessage(),
            e.index(), e.seq(), after);
        return JOURNAL_FAULT;
    }

    static String stateHashJson(final Engine engine)
    {
        return "{\"sequence\":" + engine.lastSeq() + ",\"stateHash\":\"" + Engine.formatHash(engine.stateHash()) + "\"}";
    }
}
