package ordo.gateway.pipeline;

import java.util.ArrayList;
import java.util.List;

import ordo.engine.Engine;
import ordo.journal.RulesMarker;

/**
 * The runs of consecutive journal records written under one rules version, in seq order: what start-up and the
 * journal tools know of which build's rules may replay which records (docs/INTERNALS.md, "Rules versions").
 * Records from before journals recorded their rules are taken as written under {@link #UNRECORDED_RULES}.
 *
 * <p>One owner thread; {@link #add} allocates only when the version changes.
 */
public final class RulesStretches
{
    /**
     * The rules version records without a recorded one are taken as written under: 1, the rules of the first build
     * that recorded them (2026-11-30). So a build of another version refuses them, as it refuses version 1's.
     */
    public static final int UNRECORDED_RULES = 1;

    /** Records {@code first..last} were written under {@code rules}. */
    public record Stretch(int rules, long first, long last)
    {
        @Override
        public String toString()
        {
            return "rules version " + rules + " (seq " + (first == last ? first : first + "–" + last) + ")";
        }
    }

    /** The stretches before the open one. */
    private final List<Stretch> closed = new ArrayList<>();
    /** The rules version of the build that reads: records of any other are foreign. */
    private final int buildRules;
    /** The open stretch's version, -1 before the first record. */
    private int rules = -1;
    private long first;
    private long last;
    private boolean foreign;

    /** For this build: {@link Engine#RULES_VERSION}. */
    public RulesStretches()
    {
        this(Engine.RULES_VERSION);
    }

    /** For a build of rules version {@code buildRules} (tests of another build's view). */
    RulesStretches(final int buildRules)
    {
        this.buildRules = buildRules;
    }

    /** The version a record of recorded version {@code written} ({@link RulesMarker#UNRECORDED}: none) is under. */
    public static int rulesOf(final int written)
    {
        return written == RulesMarker.UNRECORDED ? UNRECORDED_RULES : written;
    }

    /** Adds the next record: {@code seq}, written under recorded version {@code written}. */
    public void add(final int written, final long seq)
    {
        final int version = rulesOf(written);
        if (version != rules)
        {
            if (rules >= 0)
            {
                closed.add(new Stretch(rules, first, last));
            }
            rules = version;
            first = seq;
            foreign |= version != buildRules;
        }
        last = seq;
    }

    /** Whether a record added was written under other rules than this build's. */
    public boolean anyForeign()
    {
        return foreign;
    }

    /** The stretches added so far, in seq order. */
    public List<Stretch> stretches()
    {
        final List<Stretch> all = new ArrayList<>(closed);
        if (rules >= 0)
        {
            all.add(new Stretch(rules, first, last));
        }
        return all;
    }
}
