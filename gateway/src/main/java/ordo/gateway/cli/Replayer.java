package ordo.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.engine.Reply;
import ordo.gateway.pipeline.Recovery;
import ordo.gateway.pipeline.RulesStretches;
import ordo.gateway.pipeline.RulesVersions;
import ordo.journal.JournalReader;
import ordo.journal.SnapshotHead;
import ordo.journal.SnapshotStore;

/**
 * Replays a journal from sequence zero into a fresh engine, up to a sequence or a time, printing a progress line
 * to stderr every million records and comparing the state hash with every snapshot whose seq it passes.
 *
 * <p>Rules versions (docs/INTERNALS.md): only records written under this build's rules are replayed. A stretch of
 * records under other rules is passed over ({@link #notes}: it needs a build of its version), and the replay resumes
 * after it from the oldest snapshot taken inside the next stretch of this build's rules, which is where an upgrade
 * after a clean stop starts (the shutdown snapshot at the stretch's first seq - 1). When the point asked for is not
 * reached by records this build replayed, {@link #rulesStop} says why and the engine is not the state there.
 */
final class Replayer
{
    private final long untilSeq;
    private final long untilTime;
    private final boolean progress;
    /** Where to resume after a stretch of other rules; null: nowhere (the replay stops at such a stretch). */
    private final SnapshotStore store;
    private int faults;
    private final List<String> notes = new ArrayList<>();
    /** Whether the state was resumed from a snapshot after a stretch of other rules (its orders decided by those). */
    private boolean resumed;
    /** Why the state at the point asked for could not be replayed by this build, or null (see {@link #rulesStop}). */
    private String stopReason;
    /** The record of other rules the replay passed over last, while {@link #stopReason} is null: its seq, or -1. */
    private long stopSeq = -1;
    /**
     * The first record passed over since the state was last this build's (the first of adjacent stretches of other
     * rules, 15 then 16 under 17, included), and the version it was written under: where the state stopped being this
     * build's to rebuild and the build to replay it with first. The refusal named the last record passed over, "seq
     * 316 … it and the records after it" at the journal's end, where the stretch began at 306 (QA-254).
     */
    private long stopFirst = -1;
    private int stopFirstWritten;
    private Path data;
    /** The journal's stretches, read when first needed ({@link #lastOfStretch}); null until then. */
    private List<RulesStretches.Stretch> stretches;
    private Engine engine;
    /** Whether {@link #engine} holds the state after the last record read (false inside a stretch passed over). */
    private boolean live;

    Replayer(final long untilSeq, final long untilTime, final boolean progress, final SnapshotStore store)
    {
        this.untilSeq = untilSeq;
        this.untilTime = untilTime;
        this.progress = progress;
        this.store = store;
    }

    int faults()
    {
        return faults;
    }

    /**
     * Whether the replay resumed from a snapshot after records of other rules: its orders' statuses were derived by
     * those rules, which this build's may derive otherwise (rules version 3 holds orders version 2 released).
     */
    boolean resumedAfterOtherRules()
    {
        return resumed;
    }

    /** What was not replayed and where the replay resumed, one line each, for stderr. */
    List<String> notes()
    {
        return notes;
    }

    /**
     * Told of every record the replay reads up to the point asked for, in order, with the engine's answer to it, or
     * null for a record this build did not replay (other rules; before the snapshot a replay resumed from).
     */
    @FunctionalInterface
    interface RecordObserver
    {
        void record(long seq, long time, int type, org.agrona.DirectBuffer payload, int offset, int length, long index,
            int rulesInEffect, Reply answer);
    }

    private RecordObserver observer;
    private ordo.journal.MarkerHandler markers;
    private EventSink events = EventSink.NONE;

    /** Tells {@code events} of what each replayed record caused (holds expired, orders filled, …); before {@link #run}. */
    Replayer events(final EventSink events)
    {
        this.events = events;
        return this;
    }

    /** Tells {@code observer} of each record and {@code markers} (may be null) of each marker; before {@link #run}. */
    Replayer observe(final RecordObserver observer, final ordo.journal.MarkerHandler markers)
    {
        this.observer = observer;
        this.markers = markers;
        return this;
    }

    /**
     * Null, or why the state at the point asked for is not one this build replayed: the records before it (from the
     * last snapshot it could resume from) were written under other rules ({@link Recovery#rulesMismatch}).
     */
    String rulesStop()
    {
        if (stopReason != null)
        {
            return stopReason;
        }
        return stopSeq < 0 ? null : Recovery.rulesMismatch(stopFirstWritten, stopFirst) + "; replay it with " +
            RulesVersions.buildOf(RulesStretches.rulesOf(stopFirstWritten));
    }

    /**
     * Whether the last {@link #run} met a record past the point asked for (its seq or its time): the journal goes on
     * after the state replayed. False when the journal ended first.
     */
    boolean stoppedBeforeTheEnd()
    {
        return stopped;
    }

    /** Set once {@link #run} meets a record past {@code untilSeq} or {@code untilTime}. */
    private boolean stopped;

    Engine run(final Path data, final Map<Long, SnapshotHead> snapshots)
    {
        this.data = data;
        this.stretches = null;
        engine = new Engine(events);
        live = true;
        final Reply reply = new Reply();
        stopped = false;
        final int[] rulesBefore = {-1};
        try (JournalReader reader = JournalReader.open(data))
        {
            final java.util.function.LongSupplier index = reader::currentIndex;
            reader.replay(0, (seq, time, type, payload, offset, length) ->
            {
                if (stopped || seq > untilSeq || time > untilTime)
                {
                    stopped = true;
                    return;
                }
                final int rules = RulesStretches.rulesOf(reader.rulesInEffect());
                final boolean stretchStarts = rules != rulesBefore[0];
                rulesBefore[0] = rules;
                if (rules != Engine.RULES_VERSION)
                {
                    passOver(seq, stretchStarts, rules, lastOfStretch(seq), reader.rulesInEffect());
                    notCompared(snapshots, seq);
                    observe(seq, time, type, payload, offset, length, reader, null);
                    return;
                }
                if (!live && stretchStarts)
                {
                    resume(seq, lastOfStretch(seq));
                }
                if (!live || seq <= engine.lastSeq())
                {
                    if (!live || seq < engine.lastSeq())
                    {
                        notCompared(snapshots, seq);
                    }
                    observe(seq, time, type, payload, offset, length, reader, null);
                    return;
                }
                Recovery.apply(engine, index, seq, time, type, payload, offset, length, reply);
                observe(seq, time, type, payload, offset, length, reader, reply);
                final SnapshotHead snapshot = snapshots.get(seq);
                if (snapshot != null)
                {
                    compare(engine, snapshot);
                }
                if (progress && seq % JournalCommand.PROGRESS_EVERY == 0)
                {
                    System.err.printf("verified %,d records…%n", seq);
                }
            }, markers);
            // The journal ends where this build's rules begin: a rules marker after its last record and no record
            // after it yet (an upgrade's first start, stopped or still idle). Asked for the journal's end, the state
            // is the snapshot there, the one the server started from and answers with; without this, verify said it
            // could not replay the end until the new build had journaled a command (found in QA-214).
            if (!live && stopReason == null && !stopped && stopSeq >= 0 && untilSeq == Long.MAX_VALUE &&
                untilTime == Long.MAX_VALUE && RulesStretches.rulesOf(reader.rulesInEffect()) == Engine.RULES_VERSION)
            {
                resumeAtTheEnd(stopSeq);
            }
            final String torn = reader.tornTailNote();
            if (torn != null)
            {
                notes.add(torn);
            }
        }
        return engine;
    }

    private void observe(final long seq, final long time, final int type, final org.agrona.DirectBuffer payload,
        final int offset, final int length, final JournalReader reader, final Reply answer)
    {
        if (observer != null)
        {
            observer.record(seq, time, type, payload, offset, length, reader.currentIndex(), reader.rulesInEffect(),
                answer);
        }
    }

    /** The journal's stretches of one rules version each (a read of the whole journal of its own). */
    private static List<RulesStretches.Stretch> stretches(final Path data)
    {
        final RulesStretches stretches = new RulesStretches();
        try (JournalReader reader = JournalReader.open(data))
        {
            reader.replay(0, (seq, time, type, payload, offset, length) -> stretches.add(reader.rulesInEffect(), seq));
        }
        return stretches.stretches();
    }

    /**
     * The last seq of the stretch holding {@code seq} as a read of its own found it; for the last stretch, or beyond
     * what it read (a server appending meanwhile, and perhaps writing snapshots), the journal's end. Asked only once a
     * record of other rules is met, so a journal of this build's rules alone is read once by the replay, not twice.
     */
    private long lastOfStretch(final long seq)
    {
        if (stretches == null)
        {
            stretches = stretches(data);
        }
        for (int i = 0; i < stretches.size() - 1; i++)
        {
            final RulesStretches.Stretch stretch = stretches.get(i);
            if (stretch.first() <= seq && seq <= stretch.last())
            {
                return stretch.last();
            }
        }
        return Long.MAX_VALUE;
    }

    /** A snapshot at a seq whose records this build did not replay cannot be compared: say so. */
    private void notCompared(final Map<Long, SnapshotHead> snapshots, final long seq)
    {
        if (snapshots.containsKey(seq))
        {
            notes.add("snapshot at seq " + seq + " not compared: the records before it were not replayed by this build");
        }
    }

    private static String span(final long first, final long last)
    {
        return "seq " + first + (last == Long.MAX_VALUE ? " on" : "–" + last);
    }

    /** A record of a stretch this build does not replay: the state is unknown from here until a resume. */
    private void passOver(final long seq, final boolean stretchStarts, final int rules, final long last,
        final int written)
    {
        if (stretchStarts)
        {
            notes.add("records " + span(seq, last) + " were written under rules version " + rules + " and are not " +
                "replayed by this build (rules version " + Engine.RULES_VERSION + "): their CRCs and hash chain are " +
                "checked; replay them with " + RulesVersions.buildOf(rules));
        }
        if (live)
        {
            stopFirst = seq;
            stopFirstWritten = written;
        }
        live = false;
        stopReason = null;
        stopSeq = seq;
    }

    /**
     * At the first record of a stretch of this build's rules after one passed over: seeds from the oldest snapshot
     * taken in it (up to the point asked for) that restores and belongs to this journal.
     */
    private void resume(final long first, final long last)
    {
        final Recovery.Seed seed = store == null ? null :
            Recovery.restore(store, first - 1, Math.min(last, untilSeq), untilTime, false, events);
        if (seed == null)
        {
            notes.add("no snapshot taken at " + span(first - 1, Math.min(last, untilSeq)) + " restores, so records " +
                span(first, last) + " (rules version " + Engine.RULES_VERSION + ") are not replayed either");
            stopReason = "records " + span(first, last) + " follow records of other rules, and no snapshot taken " +
                "among them (before the point asked for) restores to resume from";
            return;
        }
        final long at = seed.engine().lastSeq();
        final long chain = chainAt(at);
        if (chain != seed.journalChain())
        {
            System.err.printf("FAULT: snapshot at seq %d records journal chain %s but the journal's chain there is %s: "
                + "it belongs to another journal%n", at, Engine.formatHash(seed.journalChain()), Engine.formatHash(chain));
            faults++;
            stopReason = "the snapshot to resume from at seq " + at + " belongs to another journal";
            return;
        }
        engine = seed.engine();
        resumed = true;
        live = true;
        stopReason = null;
        stopSeq = -1;
        notes.add("replay resumed from the snapshot at seq " + at + " (state hash " +
            Engine.formatHash(engine.stateHash()) + ")" + (at > first - 1 ?
            "; records " + span(first, at) + " of this build's rules before it were not replayed" : ""));
    }

    /**
     * At the journal's end, after a stretch of other rules that ends at {@code last}, followed by a rules marker of
     * this build's and no record: seeds from the snapshot taken at {@code last} (an older build's shutdown snapshot)
     * when one restores and belongs to this journal; otherwise the replay stays stopped at {@code last}.
     */
    private void resumeAtTheEnd(final long last)
    {
        final Recovery.Seed seed = store == null ? null :
            Recovery.restore(store, last, last, untilTime, false, events);
        if (seed == null || chainAt(last) != seed.journalChain())
        {
            return;
        }
        engine = seed.engine();
        resumed = true;
        live = true;
        stopSeq = -1;
        notes.add("replay resumed from the snapshot at seq " + last + " (state hash " +
            Engine.formatHash(engine.stateHash()) + "), where this build's rules begin: no record follows it yet");
    }

    /** The journal's chain after record {@code seq} (a read of the journal up to it). */
    private long chainAt(final long seq)
    {
        try (JournalReader reader = JournalReader.open(data))
        {
            return reader.replay(seq, (s, time, type, payload, offset, length) -> { }).startChain();
        }
    }

    /**
     * Compares the replayed state with a snapshot's state hash as the build that wrote it hashed (format 5 left out
     * the backorder fills): a data dir kept across an upgrade is still checked, not passed on trust. Only a format
     * this build cannot hash is noted instead; a body that is no engine snapshot at all is a fault.
     */
    private void compare(final Engine engine, final SnapshotHead snapshot)
    {
        final long seq = snapshot.seq();
        final int format = EngineSnapshot.formatOf(snapshot.bodyHead());
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
