package ordo.gateway.cli;

import java.nio.file.Path;
import java.util.Map;

import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.Reply;
import ordo.gateway.pipeline.Recovery;
import ordo.journal.JournalReader;
import ordo.journal.Snapshot;

/**
 * Replays a journal from sequence zero into a fresh engine, up to a sequence or a time, printing a progress line
 * to stderr every million records and comparing the state hash with every snapshot whose seq it passes. It stops
 * before the first record written under other rules than this build's ({@link #rulesStop}).
 */
final class Replayer
{
    private final long untilSeq;
    private final long untilTime;
    private final boolean progress;
    private int faults;
    /** Why the replay stopped before a record written under other rules, or null. */
    private String rulesStop;

    Replayer(final long untilSeq, final long untilTime, final boolean progress)
    {
        this.untilSeq = untilSeq;
        this.untilTime = untilTime;
        this.progress = progress;
    }

    int faults()
    {
        return faults;
    }

    /**
     * Null, or why the replay stopped early: a record was written under another rules version than this build's
     * ({@link Recovery#rulesMismatch}), so what follows can only be replayed by a build of that version.
     */
    String rulesStop()
    {
        return rulesStop;
    }

    Engine run(final Path data, final Map<Long, Snapshot> snapshots)
    {
        final Engine engine = new Engine();
        final Reply reply = new Reply();
        final boolean[] stopped = {false};
        try (JournalReader reader = JournalReader.open(data))
        {
            final java.util.function.LongSupplier index = reader::currentIndex;
            reader.replay(0, (seq, time, type, payload, offset, length) ->
            {
                if (stopped[0] || seq > untilSeq || time > untilTime)
                {
                    stopped[0] = true;
                    return;
                }
                final String mismatch = Recovery.rulesMismatch(reader.rulesInEffect(), seq);
                if (mismatch != null)
                {
                    rulesStop = mismatch + "; replay this journal with a build of rules version " +
                        reader.rulesInEffect();
                    stopped[0] = true;
                    return;
                }
                Recovery.apply(engine, index, seq, time, type, payload, offset, length, reply);
                final Snapshot snapshot = snapshots.get(seq);
                if (snapshot != null)
                {
                    compare(engine, snapshot);
                }
                if (progress && seq % JournalCommand.PROGRESS_EVERY == 0)
                {
                    System.err.printf("verified %,d records…%n", seq);
                }
            });
        }
        return engine;
    }

    /**
     * Compares the replayed state with a snapshot's state hash as the build that wrote it hashed (format 5 left out
     * the backorder fills): a data dir kept across an upgrade is still checked, not passed on trust. Only a format
     * this build cannot hash is noted instead; a body that is no engine snapshot at all is a fault.
     */
    private void compare(final Engine engine, final Snapshot snapshot)
    {
        final long seq = snapshot.seq();
        final int format = EngineSnapshot.formatOf(snapshot.body());
        if (format < 0)
        {
            System.err.printf("FAULT: snapshot at seq %d does not hold an engine snapshot%n", seq);
            faults++;
            return;
        }
        if (format < EngineSnapshot.OLDEST_HASHED_FORMAT || format > EngineSnapshot.FORMAT_VERSION)
        {
            System.err.printf("note: snapshot at seq %d is in engine snapshot format %d, whose state hash this build "
                + "cannot give (it gives formats %d to %d): not compared%n", seq, format,
                EngineSnapshot.OLDEST_HASHED_FORMAT, EngineSnapshot.FORMAT_VERSION);
            return;
        }
        final long hash = EngineSnapshot.stateHashIn(engine, format);
        final String of = format == EngineSnapshot.FORMAT_VERSION ? "" : " (format " + format + ")";
        if (hash != snapshot.stateHash())
        {
            System.err.printf("FAULT: snapshot at seq %d%s has state hash %s but replay gives %s%n", seq, of,
                Engine.formatHash(snapshot.stateHash()), Engine.formatHash(hash));
            faults++;
        }
        else if (progress)
        {
            System.err.printf("snapshot at seq %d%s matches (state hash %s)%n", seq, of, Engine.formatHash(hash));
        }
    }
}
