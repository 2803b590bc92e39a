package ordo.engine;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The test-side planner: given what each node can give each line and what a shipment from it costs, the plan
 * docs/ORDERS.md step 4 asks for, found by trying every set of nodes — fewest shipments, then least cost (the
 * shipments' costs plus the split penalty for every shipment after the first), then the location ids, each plan's
 * sorted, compared in byte order. Shares no code with {@link PlanSearch}; slow on purpose.
 */
final class PlanOracle
{
    /** A plan: its nodes (indexes into the table) in id byte order, and what it costs. */
    record Plan(List<Integer> nodes, long costMinor)
    {
        int size()
        {
            return nodes.size();
        }
    }

    private final long[][] avail;
    private final long[] target;
    private final long[] costMinor;
    private final byte[][] ids;
    private final long splitPenaltyMinor;
    private final Comparator<Plan> better;

    /**
     * @param avail             per node, the units it can give each line
     * @param target            per line, the units to cover
     * @param costMinor         per node, the cost of a shipment from it
     * @param ids               per node, its location id
     */
    PlanOracle(final long[][] avail, final long[] target, final long[] costMinor, final List<String> ids,
        final long splitPenaltyMinor)
    {
        this.avail = avail;
        this.target = target;
        this.costMinor = costMinor;
        this.ids = new byte[ids.size()][];
        for (int n = 0; n < ids.size(); n++)
        {
            this.ids[n] = ids.get(n).getBytes(StandardCharsets.US_ASCII);
        }
        this.splitPenaltyMinor = splitPenaltyMinor;
        final Comparator<Plan> bySize = Comparator.comparingInt(Plan::size);
        this.better = bySize.thenComparingLong(Plan::costMinor).thenComparing(this::compareIds);
    }

    int nodeCount()
    {
        return avail.length;
    }

    /** The best plan of at most {@code maxSize} shipments, trying every set of nodes of each size; null when none. */
    Plan best(final int maxSize)
    {
        return bestTwo(maxSize)[0];
    }

    /**
     * The best plan of at most {@code maxSize} shipments and the one it beat last (null when there is none): what
     * decided between them, for the statistics of how often ties on cost come down to the ids.
     */
    Plan[] bestTwo(final int maxSize)
    {
        Plan best = null;
        Plan second = null;
        for (int k = 0; k <= Math.min(maxSize, nodeCount()); k++)
        {
            final int[] pick = new int[k];
            for (int i = 0; i < k; i++)
            {
                pick[i] = i;
            }
            do
            {
                if (covers(pick))
                {
                    final Plan plan = plan(pick);
                    if (best == null || better.compare(plan, best) < 0)
                    {
                        second = best;
                        best = plan;
                    }
                    else if (second == null || better.compare(plan, second) < 0)
                    {
                        second = plan;
                    }
                }
            }
            while (next(pick));
        }
        return new Plan[] {best, second};
    }

    /** What makes {@code best} better than {@code second}: "size", "cost", "first id" or "a later id". */
    String decidedBy(final Plan best, final Plan second)
    {
        if (best.size() != second.size())
        {
            return "size";
        }
        if (best.costMinor() != second.costMinor())
        {
            return "cost";
        }
        return best.nodes().get(0).equals(second.nodes().get(0)) ? "a later id" : "first id";
    }

    /**
     * The nodes the greedy cover of docs/ORDERS.md picks, in order: the one giving most of the units still to cover
     * (ties: the cheaper, then the lower id in byte order), until every target is covered; the plan keeps those it
     * cannot do without.
     */
    List<Integer> greedyPicks()
    {
        final List<Integer> picks = greedy(Integer.MAX_VALUE, false);
        if (!covers(picks.stream().mapToInt(Integer::intValue).toArray()))
        {
            throw new IllegalStateException("no node gives what is left after " + picks);
        }
        return picks;
    }

    /**
     * The fewest shipments that cover every target (-1 when no plan does), for networks too large to try every set:
     * the fewest nodes reaching each vector of covered units (capped at the targets), node by node.
     */
    int fewestShipments()
    {
        final int[] fewest = fewestNodes(Integer.MAX_VALUE);
        final int all = fewest.length - 1;
        return fewest[all] == Integer.MAX_VALUE ? -1 : fewest[all];
    }

    /**
     * Per vector of covered units (capped at the targets, numbered by {@link #radix}), the fewest nodes that reach it,
     * node by node, counting sets of up to {@code most} nodes (Integer.MAX_VALUE where none reaches it).
     */
    private int[] fewestNodes(final int most)
    {
        final int lines = target.length;
        final int[] radix = radix();
        final int states = radix[lines];
        int[] fewest = new int[states];
        Arrays.fill(fewest, Integer.MAX_VALUE);
        fewest[0] = 0;
        for (final long[] units : avail)
        {
            final int[] next = fewest.clone();
            for (int s = 0; s < states; s++)
            {
                if (fewest[s] >= most)
                {
                    continue;
                }
                int reached = 0;
                for (int i = 0; i < lines; i++)
                {
                    final long covered = (s / radix[i]) % (target[i] + 1);
                    reached += (int)Math.min(target[i], covered + units[i]) * radix[i];
                }
                next[reached] = Math.min(next[reached], fewest[s] + 1);
            }
            fewest = next;
        }
        return fewest;
    }

    /** Each line's place value in a state's number ({@code (target + 1)} per line), and the count of states last. */
    private int[] radix()
    {
        final int[] radix = new int[target.length + 1];
        int states = 1;
        for (int i = 0; i < target.length; i++)
        {
            radix[i] = states;
            states = Math.multiplyExact(states, (int)target[i] + 1);
        }
        radix[target.length] = states;
        return radix;
    }

    /** Whether these nodes together give every line its target. */
    boolean covers(final int[] nodes)
    {
        for (int i = 0; i < target.length; i++)
        {
            long sum = 0;
            for (final int n : nodes)
            {
                sum += avail[n][i];
            }
            if (sum < target[i])
            {
                return false;
            }
        }
        return true;
    }

    /** The plan of these nodes: its cost and its nodes in id byte order. */
    Plan plan(final int[] nodes)
    {
        final List<Integer> sorted = new ArrayList<>();
        long cost = nodes.length > 1 ? splitPenaltyMinor * (nodes.length - 1) : 0;
        for (final int n : nodes)
        {
            sorted.add(n);
            cost += costMinor[n];
        }
        sorted.sort((a, b) -> Arrays.compareUnsigned(ids[a], ids[b]));
        return new Plan(List.copyOf(sorted), cost);
    }

    private int compareIds(final Plan a, final Plan b)
    {
        for (int k = 0; k < Math.min(a.size(), b.size()); k++)
        {
            final int c = Arrays.compareUnsigned(ids[a.nodes().get(k)], ids[b.nodes().get(k)]);
            if (c != 0)
            {
                return c;
            }
        }
        return Integer.compare(a.size(), b.size());
    }

    /** The next k-combination of the nodes in lexicographic order; false after the last. */
    private boolean next(final int[] pick)
    {
        final int k = pick.length;
        int i = k - 1;
        while (i >= 0 && pick[i] == nodeCount() - k + i)
        {
            i--;
        }
        if (i < 0)
        {
            return false;
        }
        pick[i]++;
        for (int j = i + 1; j < k; j++)
        {
            pick[j] = pick[j - 1] + 1;
        }
        return true;
    }

    // ---------------------------------------------------------------- within a shipment limit (rules version 14)

    /** Per line, the units of its target a plan within a limit covers first (none unless set). */
    private long[] mustUnits;

    /** Sets, per line, the units of its target to cover first: all of a line whose SKU allows no backorder. */
    PlanOracle mustCover(final long[] units)
    {
        this.mustUnits = units.clone();
        return this;
    }

    private long must(final int line)
    {
        return mustUnits == null ? 0 : mustUnits[line];
    }

    /** Of what these nodes cover, the units to cover first: per line no more than {@link #mustCover} set. */
    long mustCovered(final int[] nodes)
    {
        final long[] perLine = coveredPerLine(nodes);
        long must = 0;
        for (int i = 0; i < perLine.length; i++)
        {
            must += Math.min(perLine[i], must(i));
        }
        return must;
    }

    /** The units of the targets these nodes give together: per line the smaller of their units and the target. */
    long covered(final int[] nodes)
    {
        long covered = 0;
        for (int i = 0; i < target.length; i++)
        {
            long sum = 0;
            for (final int n : nodes)
            {
                sum += avail[n][i];
            }
            covered += Math.min(sum, target[i]);
        }
        return covered;
    }

    /** Per line, the units of its target these nodes give together. */
    long[] coveredPerLine(final int[] nodes)
    {
        final long[] covered = new long[target.length];
        for (int i = 0; i < target.length; i++)
        {
            long sum = 0;
            for (final int n : nodes)
            {
                sum += avail[n][i];
            }
            covered[i] = Math.min(sum, target[i]);
        }
        return covered;
    }

    /**
     * The plan of at most {@code limit} nodes rule 4 asks for when none of as few covers every target: the most units
     * to cover first ({@link #mustCover}), then the most units, then the fewest nodes, then the least cost, then the
     * ids — trying every set of each size.
     */
    Plan bestCovering(final int limit)
    {
        Plan best = null;
        long bestMust = -1;
        long bestCovered = -1;
        for (int k = 1; k <= Math.min(limit, nodeCount()); k++)
        {
            final int[] pick = new int[k];
            for (int i = 0; i < k; i++)
            {
                pick[i] = i;
            }
            do
            {
                final long covered = covered(pick);
                final long must = mustCovered(pick);
                final Plan plan = plan(pick);
                if (must > bestMust || must == bestMust && (covered > bestCovered ||
                    covered == bestCovered && better.compare(plan, best) < 0))
                {
                    best = plan;
                    bestMust = must;
                    bestCovered = covered;
                }
            }
            while (next(pick));
        }
        return best;
    }

    /**
     * The most any {@code limit} nodes cover, weighing a unit to cover first above all the others together
     * ({@link #weighed}), for networks too large to try every set: the covered-units vectors (capped at the targets)
     * reachable with each number of nodes, node by node.
     */
    long mostCovered(final int limit)
    {
        final int lines = target.length;
        final int[] radix = radix();
        final int states = radix[lines];
        final int[] fewest = fewestNodes(limit);
        long most = 0;
        for (int s = 0; s < states; s++)
        {
            if (fewest[s] <= limit)
            {
                final long[] perLine = new long[lines];
                for (int i = 0; i < lines; i++)
                {
                    perLine[i] = (s / radix[i]) % (target[i] + 1);
                }
                most = Math.max(most, weighed(perLine));
            }
        }
        return most;
    }

    /** Covered units per line, weighed: a unit to cover first counts more than all the others together. */
    long weighed(final long[] perLine)
    {
        long all = 0;
        long must = 0;
        long weight = 1;
        for (int i = 0; i < perLine.length; i++)
        {
            all += perLine[i];
            must += Math.min(perLine[i], must(i));
            weight += target[i];
        }
        return must * weight + all;
    }

    /** {@link #weighed} of these nodes. */
    long weighed(final int[] nodes)
    {
        return weighed(coveredPerLine(nodes));
    }

    /**
     * The nodes the greedy search within a limit picks, in order: up to {@code limit} times the one giving most of the
     * units still uncovered, weighed (ties: the cheaper, then the lower id in byte order), stopping when none gives a
     * unit.
     */
    List<Integer> greedyPicks(final int limit)
    {
        return greedy(limit, true);
    }

    /**
     * Up to {@code limit} times, the node giving most of the units still uncovered ({@code weighed}: a unit to cover
     * first above all the others together), ties to the cheaper, then the lower id in byte order; until none gives a
     * unit.
     */
    private List<Integer> greedy(final int limit, final boolean weighed)
    {
        final long[] left = target.clone();
        long weight = 1;
        for (int i = 0; i < left.length; i++)
        {
            weight += target[i];
        }
        final List<Integer> picks = new ArrayList<>();
        while (picks.size() < limit)
        {
            int pick = -1;
            long pickGain = 0;
            for (int n = 0; n < nodeCount(); n++)
            {
                long gain = 0;
                for (int i = 0; i < left.length; i++)
                {
                    final long units = Math.min(avail[n][i], left[i]);
                    // Covered so far on the line went to its units to cover first.
                    final long mustStill = weighed ? Math.max(0, must(i) - (target[i] - left[i])) : 0;
                    gain += Math.min(units, mustStill) * weight + units;
                }
                final boolean tie = pick >= 0 && gain == pickGain && (costMinor[n] < costMinor[pick] ||
                    costMinor[n] == costMinor[pick] && Arrays.compareUnsigned(ids[n], ids[pick]) < 0);
                if (!picks.contains(n) && gain > 0 && (gain > pickGain || tie))
                {
                    pick = n;
                    pickGain = gain;
                }
            }
            if (pick < 0)
            {
                break;
            }
            picks.add(pick);
            for (int i = 0; i < left.length; i++)
            {
                left[i] -= Math.min(avail[pick][i], left[i]);
            }
        }
        return picks;
    }
}
