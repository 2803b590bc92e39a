package ordo.gateway.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.function.LongSupplier;

import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.engine.Reply;
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
 * Start-up: open the journal (a torn, never-acknowledged last record is discarded there; corruption before the
 * tail refuses to start and names the index), load the newest valid snapshot the journal agrees with, replay the
 * journal's tail into the engine (only commands written under this build's {@link Engine#RULES_VERSION}, or under no
 * recorded version), then record this build's rules version in the journal before it takes any command.
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
            LOG.warn("snapshot at seq {} is not readable by this build ({}); replaying the journal from the start",
                s.seq(), e.getMessage());
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
            throw new IllegalStateException("journal record seq " + seq + " at index " + index.getAsLong() +
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
        final int rules = RulesStretches.rulesOf(written);
        if (rules == Engine.RULES_VERSION)
        {
            return null;
        }
        return "journal record seq " + seq + " was written under rules version " + rules +
            (written == RulesMarker.UNRECORDED ? " (recorded as none: from before builds recorded theirs)" : "") +
            ", and this build decides under rules version " + Engine.RULES_VERSION + ": replayed here, it and the " +
            "records after it might not rebuild what was acknowledged";
    }

    /**
     * Why start-up cannot replay a tail with records of other rules than this build's, and what the operator can do.
     *
     * @param from the seq the tail starts after (the snapshot's, or 0)
     */
    static String refusal(final long from, final List<RulesStretches.Stretch> tail)
    {
        final String where = from == 0 ? "The journal (replayed from the start: no snapshot this build restores)" :
            "The journal's tail after the snapshot at seq " + from;
        final StringBuilder versions = new StringBuilder();
        for (final RulesStretches.Stretch stretch : tail)
        {
            versions.append(versions.length() == 0 ? "" : ", then ").append(stretch);
        }
        final String held = where + " holds records written under " + versions + ", and this build decides under " +
            "rules version " + Engine.RULES_VERSION + ": replayed here they might not rebuild what was acknowledged;" +
            " refusing to start. ";
        if (tail.size() == 1)
        {
            return held + "Run the build with rules version " + tail.get(0).rules() + " on this data directory " +
                "once and stop it cleanly (its shutdown snapshot covers the tail), then start this build";
        }
        final RulesStretches.Stretch last = tail.get(tail.size() - 1);
        return held + "No single build can replay that: the snapshot taken where the journal's last rules began (at " +
            "seq " + (last.first() - 1) + " or later) is missing or unreadable. Restore it to " +
            "the snapshots directory, then start the build with rules version " + last.rules();
    }

    /**
     * Where a replay starts: the engine of a snapshot that reproduces its state hash, with the journal chain the
     * snapshot recorded, or an empty engine (chain 0) when there is none.
     */
    public record Seed(Engine engine, long journalChain)
    {
    }

    /**
     * Loads the newest snapshot this build restores, checked against the journal's end and its own state hash; older
     * ones are tried when a newer one is unreadable by this build or disagrees with its hash (replaying from there is
     * longer, and a replay from the start may cross a change of rules that no single build can replay).
     *
     * @param journalLastSeq the journal's last seq: a snapshot past it means the journal lost acknowledged commands
     */
    static Seed seed(final SnapshotStore snapshots, final long journalLastSeq, final EventSink events)
    {
        final Optional<Snapshot> newest = latestValid(snapshots);
        if (newest.isPresent() && newest.get().seq() > journalLastSeq)
        {
            throw new IllegalStateException("snapshot at seq " + newest.get().seq() + " is ahead of the journal, " +
                "which ends at seq " + journalLastSeq + ": the journal lost acknowledged commands; " +
                "refusing to start (restore the journal, or move the snapshot away to accept the loss)");
        }
        final Seed seed = restore(snapshots, 0, journalLastSeq, true, events);
        if (seed != null)
        {
            return seed;
        }
        if (newest.isPresent())
        {
            LOG.warn("no snapshot this build restores; replaying the journal from the start");
        }
        return new Seed(new Engine(events), 0);
    }

    /**
     * A snapshot with seq in {@code fromSeq..toSeq} (the newest or the oldest such) that this build restores and that
     * reproduces its state hash, or null. Corrupt files, other builds' formats and hash mismatches are logged and
     * passed over.
     */
    public static Seed restore(final SnapshotStore snapshots, final long fromSeq, final long toSeq,
        final boolean newest, final EventSink events)
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
        for (final SnapshotInfo info : infos)
        {
            if (info.seq() < fromSeq || info.seq() > toSeq)
            {
                continue;
            }
            final Snapshot s;
            try
            {
                s = snapshots.read(info);
            }
            catch (final java.io.IOException e)
            {
                LOG.warn("skipping snapshot {}: {}", info.path().getFileName(), e.getMessage());
                continue;
            }
            final Engine restored = restore(s, events);
            if (restored != null && restored.stateHash() == s.stateHash() && restored.lastSeq() == s.seq())
            {
                LOG.info("loaded snapshot at seq {} (state hash {})", s.seq(), Engine.formatHash(s.stateHash()));
                return new Seed(restored, s.journalChain());
            }
            // An unreadable one (another build's format: restore said so) is not one whose hash disagrees.
            if (restored != null)
            {
                LOG.warn("snapshot at seq {} does not reproduce its state hash; passed over", s.seq());
            }
        }
        return null;
    }

    /**
     * Paired check: the snapshot a replay started from must come from this journal, i.e. the journal's chain at the
     * snapshot's seq must be the one the snapshot recorded.
     */
    static void checkChain(final long from, final long snapshotChain, final long journalChain)
    {
        if (from > 0 && journalChain != snapshotChain)
        {
            throw new IllegalStateException("snapshot at seq " + from + " records journal chain " +
                Engine.formatHash(snapshotChain) + " but the journal's chain there is " +
                Engine.formatHash(journalChain) + ": the snapshot belongs to another journal; refusing to start");
        }
    }

    public static Result recover(final Path dataDir, final Durability durability, final SnapshotStore snapshots,
        final EventSink events)
    {
        final Journal journal = Journal.open(dataDir, durability);
        try
        {
            final Seed seed = seed(snapshots, journal.lastSeq(), events);
            final Engine target = seed.engine();
            final long from = target.lastSeq();
            final Reply reply = new Reply();
            final ScanResult result;
            final long[] unrecorded = {0};
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
                        unrecorded[0] += rules == RulesMarker.UNRECORDED ? 1 : 0;
                        apply(target, index, seq, time, type, payload, offset, length, reply);
                    }
                });
            }
            checkChain(from, seed.journalChain(), result.startChain());
            if (tail.anyForeign())
            {
                throw new IllegalStateException(refusal(from, tail.stretches()));
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
            if (unrecorded[0] > 0)
            {
                LOG.warn("replayed {} journaled commands that carry no rules version (written before builds recorded " +
                    "theirs) under this build's rules version {}", unrecorded[0], Engine.RULES_VERSION);
            }
            // Every command from here on is written under this build's rules.
            journal.recordRules(Engine.RULES_VERSION);
            return new Result(journal, target);
        }
        catch (final RuntimeException e)
        {
            journal.close();
            throw e;
        }
    }
}
