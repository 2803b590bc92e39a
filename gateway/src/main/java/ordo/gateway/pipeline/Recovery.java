package ordo.gateway.pipeline;

import java.nio.file.Path;
import java.util.Optional;

import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.engine.Reply;
import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.JournalReader;
import ordo.journal.ScanResult;
import ordo.journal.Snapshot;
import ordo.journal.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: open the journal (a torn, never-acknowledged last record is discarded there; corruption before the
 * tail refuses to start and names the index), load the newest valid snapshot the journal agrees with, and replay
 * the journal's tail into the engine.
 */
public final class Recovery
{
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    public record Result(Journal journal, Engine engine)
    {
    }

    private Recovery()
    {
    }

    private static Optional<Snapshot> latestValid(final SnapshotStore snapshots)
    {
        try
        {
            return snapshots.latestValid();
        }
        catch (final java.io.IOException e)
        {
            throw new java.io.UncheckedIOException("cannot list snapshots in " + snapshots.dir(), e);
        }
    }

    /** @return the engine, or null when this build cannot read the snapshot (the journal can still rebuild it). */
    private static Engine restore(final Snapshot s, final EventSink events)
    {
        try
        {
            return EngineSnapshot.fromBytes(s.body(), events);
        }
        catch (final RuntimeException e)
        {
            LOG.warn("snapshot at seq {} is not readable by this build ({})", s.seq(), e.getMessage());
            return null;
        }
    }

    /**
     * Applies one journal record to an engine: the one replay step shared by start-up and the journal tools. A type
     * this build does not know (a journal written by a newer version) stops the replay, naming the record.
     */
    public static void apply(final Engine engine, final JournalReader reader, final long seq, final long time,
        final int type, final org.agrona.DirectBuffer payload, final int offset, final int length, final Reply reply)
    {
        final CommandType commandType = CommandType.fromCode(type);
        if (commandType == null || !commandType.isJournaled())
        {
            throw new IllegalStateException("journal record seq " + seq + " at index " + reader.currentIndex() +
                " has command type " + type + " which this build does not know: written by a newer version?");
        }
        engine.apply(seq, time, commandType, payload, offset, length, reply);
    }

    public static Result recover(final Path dataDir, final Durability durability, final SnapshotStore snapshots,
        final EventSink events)
    {
        final Journal journal = Journal.open(dataDir, durability);
        try
        {
            Engine engine = new Engine(events);
            long snapshotChain = 0;
            final Optional<Snapshot> snapshot = latestValid(snapshots);
            if (snapshot.isPresent())
            {
                final Snapshot s = snapshot.get();
                if (s.seq() > journal.lastSeq())
                {
                    throw new IllegalStateException("snapshot at seq " + s.seq() + " is ahead of the journal, " +
                        "which ends at seq " + journal.lastSeq() + ": the journal lost acknowledged commands; " +
                        "refusing to start (restore the journal, or move the snapshot away to accept the loss)");
                }
                final Engine restored = restore(s, events);
                if (restored == null || restored.stateHash() != s.stateHash() || restored.lastSeq() != s.seq())
                {
                    LOG.warn("snapshot at seq {} does not reproduce its state hash; replaying from the start", s.seq());
                }
                else
                {
                    engine = restored;
                    snapshotChain = s.journalChain();
                    LOG.info("loaded snapshot at seq {} (state hash {})", s.seq(), Engine.formatHash(s.stateHash()));
                }
            }
            final long from = engine.lastSeq();
            final Engine target = engine;
            final Reply reply = new Reply();
            final ScanResult result;
            try (JournalReader reader = JournalReader.open(dataDir))
            {
                result = reader.replay(from, (seq, time, type, payload, offset, length) ->
                    apply(target, reader, seq, time, type, payload, offset, length, reply));
            }
            // Paired check: the snapshot must come from this journal, i.e. the chain after its seq must match.
            if (from > 0 && result.startChain() != snapshotChain)
            {
                throw new IllegalStateException("snapshot at seq " + from + " records journal chain " +
                    Engine.formatHash(snapshotChain) + " but the journal's chain there is " +
                    Engine.formatHash(result.startChain()) + ": the snapshot belongs to another journal; refusing to start");
            }
            if (target.lastSeq() != journal.lastSeq())
            {
                throw new IllegalStateException("replay ended at seq " + target.lastSeq() + " but the journal ends at " +
                    journal.lastSeq());
            }
            LOG.info("replayed {} journaled commands after seq {}; now at seq {}", target.lastSeq() - from, from,
                target.lastSeq());
            if (result.hasTornTail())
            {
                LOG.warn("journal still shows a torn tail after open: {}", result);
            }
            return new Result(journal, target);
        }
        catch (final RuntimeException e)
        {
            journal.close();
            throw e;
        }
    }
}
