package ordo.gateway.cli;

import static ordo.gateway.cli.JournalCommand.JOURNAL_FAULT;
import static ordo.gateway.cli.JournalCommand.RULES_STOP;
import static ordo.gateway.cli.JournalCommand.TORN_TAIL;
import static ordo.gateway.cli.JournalCommand.fault;
import static ordo.gateway.cli.JournalCommand.stateHashJson;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.Callable;

import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.gateway.cli.JournalCommand.DataDirOption;
import ordo.journal.JournalCorruptException;
import ordo.journal.JournalReader;
import ordo.journal.SnapshotHead;
import ordo.journal.SnapshotInfo;
import ordo.journal.SnapshotStore;
import ordo.journal.VerifyReport;
import picocli.CommandLine.Command;

/**
 * {@code ordo journal verify}: the whole check, the journal's records, every snapshot and a replay from zero.
 * {@link JournalCommand} lists the exit codes and holds what the tools share.
 */
@Command(name = "verify", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
    description = "Check every CRC and chain link, replay from zero (what this build's rules wrote), compare with "
        + "snapshots, print the state hash.")
final class JournalVerifyCommand extends DataDirOption implements Callable<Integer>
{
    @Override
    public Integer call() throws IOException
    {
        requireJournal();
        final boolean tornTail;
        try (JournalReader reader = JournalReader.open(data))
        {
            final VerifyReport report = reader.verify();
            if (!report.ok())
            {
                System.err.printf("FAULT: %s (first bad record in the document at index %d, seq %d; %d good records verified before it)%n",
                    report.fault().getMessage(), report.faultIndex(), report.faultSeq(), report.recordsVerified());
                return JOURNAL_FAULT;
            }
            // The replay's notes say what it is.
            tornTail = report.tornTail();
        }
        catch (final JournalCorruptException e)
        {
            return fault(e, "nothing verified");
        }
        final SnapshotStore store = SnapshotStore.openReadOnly(data);
        // Each file is verified whole, but only what the comparison needs is kept: a million orders' snapshot is
        // a gigabyte or more, and the store keeps several.
        final Map<Long, SnapshotHead> snapshots = new java.util.HashMap<>();
        int faults = 0;
        for (final SnapshotInfo info : store.list())
        {
            try
            {
                // Read once, whole (its CRC), and restored from that read; only its head is kept.
                final ordo.journal.Snapshot whole = readWhole(store, info);
                final SnapshotHead snapshot = whole == null ? store.readHead(info, EngineSnapshot.HEAD_BYTES) :
                    headOf(whole);
                if (whole == null || restores(whole))
                {
                    snapshots.put(snapshot.seq(), snapshot);
                }
                else
                {
                    // Faulted, not then also compared ("matches" of a snapshot a start passes over: review).
                    faults++;
                }
            }
            catch (final java.nio.file.NoSuchFileException e)
            {
                // Beside a running server, which keeps only the newest few: one listed was replaced since.
                System.err.println("note: snapshot " + info.path().getFileName() + " was removed while verify " +
                    "read the others (a server writing snapshots beside it): not checked");
            }
            catch (final IOException e)
            {
                System.err.println("FAULT: snapshot " + info.path().getFileName() + " is not valid: " +
                    e.getMessage());
                faults++;
            }
        }
        final Replayer replayer = new Replayer(Long.MAX_VALUE, Long.MAX_VALUE, true, store);
        final Engine engine;
        try
        {
            engine = replayer.run(data, snapshots);
        }
        catch (final JournalCorruptException e)
        {
            // Verified above: a fault now is in records a live server appended since.
            return fault(e, "met by the replay, after the check passed");
        }
        replayer.notes().forEach(note -> System.err.println("note: " + note));
        faults += replayer.faults();
        if (replayer.rulesStop() != null)
        {
            // Not a fault of the journal: this build cannot tell what the records at its end decided.
            System.err.println("STOPPED: " + replayer.rulesStop());
            return faults == 0 ? RULES_STOP : 3;
        }
        // After a resume over other rules, order statuses and promises are those rules' (an upgrade's): not
        // re-derived here.
        final boolean statuses = !replayer.resumedAfterOtherRules();
        if (!statuses)
        {
            System.err.println("note: order statuses, delivery promises and daily capacity per day of work were not "
                + "checked against this build's rules: the state was resumed from a snapshot after records written "
                + "under other rules, and may hold what those rules derived");
        }
        final String invariant = engine.checkInvariants(statuses);
        if (invariant != null)
        {
            System.err.println("FAULT: stock invariant broken after replay: " + invariant);
            faults++;
        }
        for (final SnapshotHead snapshot : snapshots.values())
        {
            if (snapshot.seq() > engine.lastSeq())
            {
                System.err.printf("FAULT: snapshot at seq %d is beyond the journal's last seq %d%n",
                    snapshot.seq(), engine.lastSeq());
                faults++;
            }
        }
        System.out.println(stateHashJson(engine));
        return faults > 0 ? 3 : tornTail ? TORN_TAIL : 0;
    }

    /**
     * The snapshot read whole and verified, or null when the heap cannot hold it (noted: not a fault of the snapshot;
     * the comparison then reads its head alone).
     */
    private static ordo.journal.Snapshot readWhole(final SnapshotStore store, final SnapshotInfo info)
        throws IOException
    {
        try
        {
            return store.read(info);
        }
        catch (final OutOfMemoryError e)
        {
            System.err.printf("note: snapshot %s not restored: the heap cannot hold it (give verify the heap a server "
                + "has, ORDO_JAVA_OPTS=-Xmx…)%n", info.path().getFileName());
            return null;
        }
    }

    /** What the comparison keeps of a snapshot read whole: its header and its body's first bytes (its format). */
    private static SnapshotHead headOf(final ordo.journal.Snapshot snapshot)
    {
        final ordo.engine.SnapshotBytes body = snapshot.body();
        final byte[] bodyHead = new byte[body.blocks() == 0 ? 0 :
            (int)Math.min(EngineSnapshot.HEAD_BYTES, Math.min(body.length(), body.blockLength(0)))];
        if (bodyHead.length > 0)
        {
            body.block(0).getBytes(0, bodyHead);
        }
        return new SnapshotHead(snapshot.seq(), snapshot.timeMillis(), snapshot.stateHash(), snapshot.journalChain(),
            bodyHead);
    }

    /**
     * Whether a snapshot of a format {@code serve} restores comes back as its header says: restored as a start restores
     * it, to the header's state hash at its seq. The comparison with the replay checks only the header's hash, so a
     * body a start would pass over (a decision record refused, a body cut short under a good checksum) verified as
     * "matches" while every start fell back to an older snapshot or the whole journal (found in QA). One snapshot at a
     * time, before the replay: memory for one body and one engine; a heap too small for them is noted, not a fault of
     * the snapshot.
     */
    private static boolean restores(final ordo.journal.Snapshot snapshot)
    {
        final int format = EngineSnapshot.formatOf(snapshot.body());
        if (format < EngineSnapshot.OLDEST_READ_FORMAT || format > EngineSnapshot.FORMAT_VERSION)
        {
            return true; // the comparison notes or faults it
        }
        final Engine restored;
        try
        {
            restored = EngineSnapshot.fromBytes(snapshot.body(), EventSink.NONE);
        }
        catch (final OutOfMemoryError e)
        {
            System.err.printf("note: snapshot at seq %d not restored: the heap cannot hold it (give verify the heap a "
                + "server has, ORDO_JAVA_OPTS=-Xmx…)%n", snapshot.seq());
            return true;
        }
        catch (final RuntimeException e)
        {
            System.err.printf("FAULT: snapshot at seq %d cannot be restored by this build (%s): a start passes it "
                + "over%n", snapshot.seq(), e.getMessage());
            return false;
        }
        if (restored.stateHash() != snapshot.stateHash() || restored.lastSeq() != snapshot.seq())
        {
            System.err.printf("FAULT: snapshot at seq %d restores to state hash %s at seq %d, not its header's %s: a "
                + "start passes it over%n", snapshot.seq(), Engine.formatHash(restored.stateHash()), restored.lastSeq(),
                Engine.formatHash(snapshot.stateHash()));
            return false;
        }
        return true;
    }
}
