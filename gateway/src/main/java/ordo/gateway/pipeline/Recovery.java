package ordo.gateway.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.function.LongSupplier;

import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.engine.Reply;
import ordo.journal.DataDirException;
import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.JournalReader;
import ordo.journal.RulesMarker;
import ordo.journal.ScanResult;
import ordo.journal.Snapshot;
import ordo.journal.SnapshotInfo;
import ordo.journal.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up: open the journal (a last batch that fails its check, cut by a crash of the machine or damaged, is
 * discarded there; a roll file emptied or deleted refuses to start; corruption before the
 * tail refuses to start and names the index), load the newest snapshot this build restores (older ones when a newer
 * one fails) that the journal agrees with, replay the journal's tail into the engine (only commands written under
 * this build's {@link Engine#RULES_VERSION}: {@link RulesStretches}), then record this build's rules version in the
 * journal before it takes any command.
 */
public final class Recovery
{
    private static final Logger LOG = LoggerFactory.getLogger(Recovery.class);

    /**
     * @param seededAt the seq of the snapshot the engine was restored from (0: none, the journal from its start)
     * @param twin     when asked for ({@link #recover(Path, Durability, SnapshotStore, EventSink, boolean)}), a second
     *                 engine restored from the same snapshot, at {@code seededAt}, for the shadow snapshotter to follow
     *                 the journal from; an empty engine when there was no snapshot to restore (the live engine
     *                 replayed the journal from its start); null when not asked for, or when the twin's restore did
     *                 not reproduce the snapshot's state hash (the shadow then seeds itself)
     */
    /**
     * @param rulesBefore the rules version the journal's records were written under before this start (its last
     *                    marker's; {@link ordo.journal.RulesMarker#UNRECORDED} for none)
     */
    public record Result(Journal journal, Engine engine, long seededAt, Seed twin, int rulesBefore)
    {
    }

    private Recovery()
    {
    }

    /** @return the engine, or null when this build cannot read the snapshot (the journal can still rebuild it). */
    private static Engine restore(final Snapshot s, final EventSink events)
    {
        return restore(s, events, true);
    }

    /** As above; {@code say}: whether to log a snapshot passed over (the twin's restore leaves that to the live one). */
    private static Engine restore(final Snapshot s, final EventSink events, final boolean say)
    {
        try
        {
            return EngineSnapshot.fromBytes(s.body(), events);
        }
        catch (final RuntimeException e)
        {
            if (say)
            {
                LOG.warn("snapshot at seq {} is not readable by this build ({}); passed over", s.seq(), e.getMessage());
            }
            return null;
        }
    }

    /**
     * Applies one journal record to an engine: the one replay step shared by start-up and the journal tools. A type
     * this build does not know (a journal written by a newer version) stops the replay, naming the record.
     */
    public static void apply(final Engine engine, final LongSupplier index, final long seq, final long time,
        final int type, final org.agrona.DirectBuffer payload, final int offset, final int length, final Reply reply)
    {
        final CommandType commandType = CommandType.fromCode(type);
        if (commandType == null || !commandType.isJournaled())
        {
            throw new DataDirException("journal record seq " + seq + " at index " + index.getAsLong() +
                " has command type " + type + " which this build does not know: written by a newer version?");
        }
        engine.apply(seq, time, commandType, payload, offset, length, reply);
    }

    /**
     * Why a command written under recorded rules version {@code written} must not be replayed by this build, or null
     * when it may: the same version ({@link RulesStretches#rulesOf}: none recorded counts as version 1).
     */
    public static String rulesMismatch(final int written, final long seq)
    {
        return rulesMismatch(written, seq, Engine.RULES_VERSION);
    }

    /** As {@link #rulesMismatch(int, long)} for a build of rules version {@code buildRules}. */
    static String rulesMismatch(final int written, final long seq, final int buildRules)
    {
        final int rules = RulesStretches.rulesOf(written);
        if (rules == buildRules)
        {
            return null;
        }
        return "journal record seq " + seq + " was written under rules version " + rules +
            (written == RulesMarker.UNRECORDED ? " (recorded as none: from before builds recorded theirs)" : "") +
            ", and this build decides under rules version " + buildRules + ": replayed here, it and the " +
            "records after it might not rebuild what was acknowledged";
    }

    /**
     * Why start-up cannot replay a tail with records of other rules than this build's, and what the operator can do.
     *
     * @param from the seq the tail starts after (the snapshot's, or 0)
     */
    static String refusal(final long from, final List<RulesStretches.Stretch> tail, final int buildRules)
    {
        final String where = from == 0 ? "The journal (replayed from the start: no snapshot this build restores)" :
            "The journal's tail after the snapshot at seq " + from;
        final StringBuilder versions = new StringBuilder();
        for (final RulesStretches.Stretch stretch : tail)
        {
            versions.append(versions.length() == 0 ? "" : ", then ").append(stretch);
        }
        final String held = where + " holds records written under " + versions + ", and this build decides under " +
            "rules version " + buildRules + ": replayed here they might not rebuild what was acknowledged;" +
            " refusing to start. ";
        if (tail.size() == 1)
        {
            return held + "Run " + RulesVersions.buildOf(tail.get(0).rules()) + " on this data directory " +
                "once and stop it cleanly (its shutdown snapshot covers the tail), then start this build";
        }
        final RulesStretches.Stretch last = tail.get(tail.size() - 1);
        return held + "No single build can replay that: the snapshot taken where the journal's last rules began (at " +
            "seq " + (last.first() - 1) + " or later) is missing or unreadable. Restore it to " +
            "the snapshots directory, then start " + RulesVersions.buildOf(last.rules());
    }

    /**
     * Where a replay starts: the engine of a snapshot that reproduces its state hash, with the journal chain the
     * snapshot recorded, or an empty engine (chain 0) when there is none.
     *
     * @param twin a second engine restored from the same snapshot (without events), when one was asked for, there
     *             was a snapshot and the twin reproduced its state hash; otherwise null
     */
    public record Seed(Engine engine, long journalChain, Engine twin)
    {
        public Seed(final Engine engine, final long journalChain)
        {
            this(engine, journalChain, null);
        }
    }

    /**
     * Loads the newest snapshot this build restores, checked against the journal's end and its own state hash; older
     * ones are tried when a newer one is damaged, unreadable by this build or disagrees with its hash (replaying from
     * there is longer, and a replay from the start may cross a change of rules that no single build can replay).
     *
     * @param journalLastSeq the journal's last seq: a snapshot past it means the journal lost acknowledged commands
     */
    static Seed seed(final SnapshotStore snapshots, final long journalLastSeq, final EventSink events)
    {
        return seed(snapshots, journalLastSeq, events, false);
    }

    /** As above; with {@code twin}, a snapshot restored is restored twice at once, the twin on a thread of its own. */
    private static Seed seed(final SnapshotStore snapshots, final long journalLastSeq, final EventSink events,
        final boolean twin)
    {
        final Seed seed = restore(snapshots, 0, Long.MAX_VALUE, Long.MAX_VALUE, true, journalLastSeq, events, twin);
        if (seed != null)
        {
            return seed;
        }
        LOG.info("no snapshot to restore; replaying the journal from the start");
        return new Seed(new Engine(events), 0);
    }

    /**
     * A snapshot with seq in {@code fromSeq..toSeq} and time at most {@code toTime} (the newest or the oldest such)
     * that this build restores and that reproduces its state hash, or null. Damaged files, other builds' formats and
     * hash mismatches are logged and passed over.
     */
    public static Seed restore(final SnapshotStore snapshots, final long fromSeq, final long toSeq, final long toTime,
        final boolean newest, final EventSink events)
    {
        return restore(snapshots, fromSeq, toSeq, toTime, newest, Long.MAX_VALUE, events, false);
    }

    /** As above; the newest snapshot that passes its CRC must not be past {@code journalLastSeq}. */
    private static Seed restore(final SnapshotStore snapshots, final long fromSeq, final long toSeq, final long toTime,
        final boolean newest, final long journalLastSeq, final EventSink events, final boolean twin)
    {
        final List<SnapshotInfo> infos;
        try
        {
            infos = new ArrayList<>(snapshots.list());
        }
        catch (final java.io.IOException e)
        {
            throw new java.io.UncheckedIOException("cannot list snapshots in " + snapshots.dir(), e);
        }
        if (!newest)
        {
            Collections.reverse(infos);
        }
        final boolean[] checkedAhead = {!newest || journalLastSeq == Long.MAX_VALUE};
        for (final SnapshotInfo info : infos)
        {
            // One file at a time, in a method of its own: a candidate passed over is garbage before the next is read.
            final Seed seed = attempt(snapshots, info, fromSeq, toSeq, toTime, journalLastSeq, checkedAhead, events,
                twin);
            if (seed != null)
            {
                return seed;
            }
        }
        return null;
    }

    /**
     * Reads, checks and restores one snapshot; null when it is passed over. The first one whose file checks out is
     * compared with the journal's end while {@code checkedAhead[0]} is false.
     */
    private static Seed attempt(final SnapshotStore snapshots, final SnapshotInfo info, final long fromSeq,
        final long toSeq, final long toTime, final long journalLastSeq, final boolean[] checkedAhead,
        final EventSink events, final boolean twin)
    {
        if (checkedAhead[0] && (info.seq() < fromSeq || info.seq() > toSeq))
        {
            return null;
        }
        final Snapshot s;
        try
        {
            s = snapshots.read(info);
        }
        catch (final java.io.IOException e)
        {
            LOG.warn("skipping snapshot {}: {}", info.path().getFileName(), e.getMessage());
            return null;
        }
        if (!checkedAhead[0])
        {
            checkedAhead[0] = true;
            if (s.seq() > journalLastSeq)
            {
                throw new DataDirException("snapshot at seq " + s.seq() + " is ahead of the journal, " +
                    "which ends at seq " + journalLastSeq + ": the journal lost acknowledged commands; " +
                    "refusing to start (restore the journal, or move the snapshot away to accept the loss)");
            }
        }
        if (s.seq() < fromSeq || s.seq() > toSeq || s.timeMillis() > toTime)
        {
            return null;
        }
        final Engine restored;
        final Engine twinRestored;
        if (twin)
        {
            final Engine[] both = restoreTwice(s, events);
            restored = both[0];
            twinRestored = both[1];
        }
        else
        {
            restored = restore(s, events);
            twinRestored = null;
        }
        if (restored != null && reproduces(restored, s))
        {
            LOG.info("loaded snapshot at seq {} (state hash {}){}", s.seq(), Engine.formatHash(s.stateHash()),
                twinRestored != null ? ", and the shadow engine from it" : "");
            return new Seed(restored, s.journalChain(), twinRestored);
        }
        // An unreadable one (another build's format: restore said so) is not one whose hash disagrees.
        if (restored != null)
        {
            LOG.warn("snapshot at seq {} does not reproduce its state hash; passed over", s.seq());
        }
        return null;
    }

    private static boolean reproduces(final Engine restored, final Snapshot s)
    {
        return restored.stateHash() == s.stateHash() && restored.lastSeq() == s.seq();
    }

    /**
     * The snapshot restored into two engines at once: the live one here (with {@code events}; {@link #attempt} checks
     * it against the snapshot's state hash) and the shadow snapshotter's on a thread of its own, checked there (null
     * unless it reproduces the hash). One after the other, the shadow's restore — the same file read again, the same
     * objects made again — was over a third of a start-up (docs/BENCHMARKS.md, thirtieth round); at once, the two
     * restore from the one body read here. A failure of either (an Error such as out of memory, which must fail the
     * start as the shadow's own seeding did) is thrown here once both are done.
     */
    private static Engine[] restoreTwice(final Snapshot s, final EventSink events)
    {
        final FutureTask<Engine> twin = new FutureTask<>(() ->
        {
            final Engine engine = restore(s, EventSink.NONE, false);
            return engine != null && reproduces(engine, s) ? engine : null;
        });
        final Thread thread = new Thread(twin, "ordo-restore-shadow");
        thread.setDaemon(true);
        thread.start();
        Engine restored = null;
        Throwable failed = null;
        try
        {
            restored = restore(s, events);
        }
        catch (final RuntimeException | Error e)
        {
            failed = e;
        }
        Engine twinRestored = null;
        boolean interrupted = false;
        while (true)
        {
            try
            {
                twinRestored = twin.get();
                break;
            }
            catch (final InterruptedException e)
            {
                interrupted = true;
            }
            catch (final ExecutionException e)
            {
                if (failed == null)
                {
                    failed = e.getCause();
                }
                else if (e.getCause() != failed)
                {
                    // A JVM out of its preallocated OutOfMemoryErrors throws the same one on both threads, and an
                    // error suppressing itself throws IllegalArgumentException in its place (found in review).
                    failed.addSuppressed(e.getCause());
                }
                break;
            }
        }
        if (interrupted)
        {
            Thread.currentThread().interrupt();
        }
        if (failed instanceof RuntimeException runtime)
        {
            throw runtime;
        }
        if (failed instanceof Error error)
        {
            throw error;
        }
        if (failed != null)
        {
            throw new IllegalStateException("restoring the shadow engine failed", failed);
        }
        return new Engine[]{restored, twinRestored};
    }

    /**
     * Paired check: the snapshot a replay started from must come from this journal, i.e. the journal's chain at the
     * snapshot's seq must be the one the snapshot recorded.
     */
    static void checkChain(final long from, final long snapshotChain, final long journalChain)
    {
        if (from > 0 && journalChain != snapshotChain)
        {
            throw new DataDirException("snapshot at seq " + from + " records journal chain " +
                Engine.formatHash(snapshotChain) + " but the journal's chain there is " +
                Engine.formatHash(journalChain) + ": the snapshot belongs to another journal; refusing to start");
        }
    }

    public static Result recover(final Path dataDir, final Durability durability, final SnapshotStore snapshots,
        final EventSink events)
    {
        return recover(dataDir, durability, snapshots, events, false);
    }

    /**
     * As above; with {@code twin}, the snapshot restored is also restored into a second engine at the same time
     * ({@link Result#twin}), for the shadow snapshotter.
     */
    public static Result recover(final Path dataDir, final Durability durability, final SnapshotStore snapshots,
        final EventSink events, final boolean twin)
    {
        final Journal journal = Journal.open(dataDir, durability);
        try
        {
            final Seed seed = seed(snapshots, journal.lastSeq(), events, twin);
            final Engine target = seed.engine();
            final long from = target.lastSeq();
            final Reply reply = new Reply();
            final ScanResult result;
            final RulesStretches tail = new RulesStretches();
            try (JournalReader reader = JournalReader.open(dataDir))
            {
                final LongSupplier index = reader::currentIndex;
                result = reader.replay(from, (seq, time, type, payload, offset, length) ->
                {
                    final int rules = reader.rulesInEffect();
                    tail.add(rules, seq);
                    // Past a record of other rules nothing more is applied; the rest is read to name its rules.
                    if (!tail.anyForeign())
                    {
                        apply(target, index, seq, time, type, payload, offset, length, reply);
                    }
                });
            }
            checkChain(from, seed.journalChain(), result.startChain());
            if (tail.anyForeign())
            {
                throw new DataDirException(refusal(from, tail.stretches(), Engine.RULES_VERSION));
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
            // Every command from here on is written under this build's rules.
            final int rulesBefore = journal.rulesVersion();
            journal.recordRules(Engine.RULES_VERSION);
            // No snapshot restored: the shadow starts from an empty engine too, rather than try every snapshot again
            // (each WARN twice, each file read twice: found in QA).
            final Seed twinSeed = !twin ? null : seed.twin() != null ? new Seed(seed.twin(), seed.journalChain()) :
                from == 0 ? new Seed(new Engine(EventSink.NONE), 0) : null;
            return new Result(journal, target, from, twinSeed, rulesBefore);
        }
        catch (final RuntimeException | Error e)
        {
            // An Error too: out of memory restoring a large snapshot or replaying once left the journal open (its
            // lock, mapped files and recycler thread held), so a corrected start in this process could not open it
            // (found in review).
            try
            {
                journal.close();
            }
            catch (final RuntimeException suppressed)
            {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
