package ordo.engine;

import java.util.Arrays;

/**
 * The search half of {@link Sourcing}: over its candidate table (the units each eligible node can give each line,
 * and each node's shipment cost), the fewest shipments that cover every line's remaining units, then the least
 * cost, then the lowest location ids. One node, then every pair, every triple, and so on ({@link #searchSets}:
 * cheapest first, each loop ended by the first set dearer than the best cover so far, a branch passed over when the
 * nodes still ahead cannot close what is open, a size passed over when some line's largest offers at that many nodes
 * fall short), while the combinations of a size stay within {@link Sourcing#EXACT_BUDGET}, those of four nodes and
 * more together too, and the search reads at most {@link #EXACT_WORK} lines (rules version 21 searched sets of four
 * and more so, QA-274; version 22 pairs and triples too, whose loops read every set of their size, up to 1.6–1.8 ms an
 * order of 64 lines); greedy multi-cover beyond (past the work, the cover found before the stop where it beats it), with redundant nodes dropped. Under a shipment limit, {@link #searchLimited}:
 * the plan within it covering the most. Writes the plan (slots) back into the table. Engine thread only; allocates
 * nothing once warm.
 */
final class PlanSearch
{
    private static final int NONE = -1;

    private final Sourcing table;
    private final int[] best = new int[4];
    private int bestSize;

    PlanSearch(final Sourcing sourcing)
    {
        this.table = sourcing;
    }

    void search()
    {
        search(Integer.MAX_VALUE);
    }

    /**
     * {@link #search()}, told that a plan may have at most {@code within} nodes besides the converted hold's: when
     * every size up to that is searched exactly and none covers, it stops there and answers true (the plan must be
     * one {@link #searchLimited} makes), sparing the larger sizes' search; otherwise false, the plan found.
     */
    boolean search(final int within)
    {
        begin();
        return searchRemaining(within);
    }

    /**
     * Sets each line's remaining units (its target less what the converted hold's node gives) and starts the plan
     * with that node: what every search starts from. A fill under a limit searches from here itself
     * (Sourcing's ownNodesFirst).
     */
    void begin()
    {
        final int forcedSlot = table.forced == null ? NONE : table.slotOf[table.forced.index];
        for (int i = 0; i < table.lineCount; i++)
        {
            table.remaining[i] = Math.max(0, table.target[i] -
                (forcedSlot == NONE ? 0 : table.avail[forcedSlot * table.lineCount + i]));
        }
        table.planSize = 0;
        if (forcedSlot != NONE)
        {
            table.plan[table.planSize++] = forcedSlot;
        }
    }

    /**
     * The search of {@link #search(int)} for the table's remaining units among its eligible nodes as they stand,
     * appending to the plan from {@code table.planSize}: a fill under a limit searches what its order's own nodes
     * leave among the other nodes this way.
     */
    boolean searchRemaining(final int within)
    {
        if (Sourcing.allZero(table.remaining, table.lineCount))
        {
            return false;
        }
        // Only nodes that can give a line still needing table.units are worth a shipment.
        int useful = 0;
        for (int e = 0; e < table.eligibleCount; e++)
        {
            final int s = table.eligible[e];
            for (int i = 0; i < table.lineCount; i++)
            {
                if (table.remaining[i] > 0 && table.avail[s * table.lineCount + i] > 0)
                {
                    table.eligible[useful++] = s;
                    break;
                }
            }
        }
        table.eligibleCount = useful;
        // The combinations of the sizes of four nodes and more tried so far, counted whether searched or passed over.
        long wide = 0;
        work = 0;
        setsReady = false;
        for (int k = 1; k <= table.eligibleCount; k++)
        {
            // Every size up to the limit was searched (or passed over: none of it could cover), and none covered:
            // only a plan within the limit can do (searchLimited).
            if (k > within)
            {
                return true;
            }
            final long sets = combinations(table.eligibleCount, k);
            wide += k > 3 ? sets : 0;
            if (sets > Sourcing.EXACT_BUDGET || wide > Sourcing.EXACT_BUDGET)
            {
                break;
            }
            // No set of k can cover a line whose k largest offers fall short: the size is passed over unsearched (stock
            // spread thin made every triple of 50 nodes be tried, ~0.3 ms an order under a limit: BENCHMARKS.md).
            // Single nodes are read once either way: the test would only add a pass to the usual placement's.
            final boolean found = k == 1 ? searchSingle() : mayCover(k) && searchSets(k);
            if (work > EXACT_WORK)
            {
                // The search of this size was cut short: it is not known to hold no cover, nor its best. The plan is
                // the greedy cover, or the cover found before the cut where that takes fewer shipments, or as many
                // for less, or as dear with lower ids (Review-279: the greedy alone could be worse than it).
                table.exact = false;
                final int start = table.planSize;
                searchGreedy();
                if (found && setBeats(bestSet, 0, k, table.plan, start, table.planSize - start))
                {
                    table.planSize = start;
                    table.ensurePlan(start + k);
                    for (int j = 0; j < k; j++)
                    {
                        table.plan[table.planSize++] = bestSet[j];
                    }
                }
                return false;
            }
            if (found)
            {
                final int[] set = k == 1 ? best : bestSet;
                table.ensurePlan(table.planSize + k);
                for (int j = 0; j < k; j++)
                {
                    table.plan[table.planSize++] = set[j];
                }
                return false;
            }
        }
        table.exact = false;
        searchGreedy();
        return false;
    }

    /** Per line, the largest {@code k} offers among the useful nodes (scratch of {@link #mayCover}). */
    private long[] top = new long[8];

    /**
     * Whether some set of {@code k} useful nodes might cover every remaining unit: for each line, its {@code k} largest
     * offers together reach what it needs. A necessary test, so passing over a size that fails it changes no plan.
     */
    private boolean mayCover(final int k)
    {
        final int lines = table.lineCount;
        if (top.length < k)
        {
            top = new long[Math.max(k, top.length * 2)];
        }
        for (int i = 0; i < lines; i++)
        {
            final long needed = table.remaining[i];
            if (needed <= 0)
            {
                continue;
            }
            Arrays.fill(top, 0, k, 0);
            for (int e = 0; e < table.eligibleCount; e++)
            {
                long units = table.avail[table.eligible[e] * lines + i];
                // Insert into the k largest, largest first.
                for (int t = 0; t < k && units > 0; t++)
                {
                    if (units > top[t])
                    {
                        final long moved = top[t];
                        top[t] = units;
                        units = moved;
                    }
                }
            }
            long sum = 0;
            for (int t = 0; t < k; t++)
            {
                sum += top[t];
            }
            if (sum < needed)
            {
                return false;
            }
        }
        return true;
    }

    /** Of every useful node, keeps the cheapest that covers every remaining unit (as cheap: the lower id) in best. */
    private boolean searchSingle()
    {
        bestSize = 0;
        long bestCost = Long.MAX_VALUE;
        for (int a = 0; a < table.eligibleCount; a++)
        {
            final int sa = table.eligible[a];
            // The cost first: once a node covers everything, only one at most as cheap can win, so most nodes are never
            // checked line by line (bestCost is MAX_VALUE until then).
            if (table.cost[sa] <= bestCost && covers1(sa) && better(table.cost[sa], bestCost, sa, NONE, NONE))
            {
                bestCost = table.cost[sa];
                setBest(sa, NONE, NONE);
            }
        }
        return bestSize > 0;
    }

    /** The useful nodes ({@code table.eligible}'s first {@code n}) by cost, cheapest first (scratch, reused). */
    private int[] byCost(final int n)
    {
        if (sorted.length < n)
        {
            sorted = new int[Math.max(n, sorted.length * 2)];
        }
        final int[] order = sorted;
        final long[] cost = table.cost;
        for (int i = 0; i < n; i++)
        {
            final int s = table.eligible[i];
            int j = i;
            while (j > 0 && cost[order[j - 1]] > cost[s])
            {
                order[j] = order[j - 1];
                j--;
            }
            order[j] = s;
        }
        return order;
    }

    private int[] sorted = new int[16];

    // ------------------------------------------------------------------------------------- two nodes and more

    /** The best cover of {@link #searchSets}'s size so far, and its cost; {@code setFound} once there is one. */
    private int[] bestSet = new int[8];
    private long bestSetCost;
    private boolean setFound;
    /** The set being built, one node per depth. */
    private int[] pick = new int[8];
    /** The useful nodes in cost order ({@link #byCost}), and their costs' prefix sums ({@code prefix[p]}: first p). */
    private int[] setOrder;
    private long[] prefix = new long[17];
    /** Per depth, per line, the units of the nodes picked above it: {@code sums[d * lines + i]}. */
    private long[] sums = new long[9 * CommandCodec.MAX_LINES];
    /** Scratch of {@link #setBetter}: the two sets' sorted id ranks. */
    private int[] mineRanks = new int[8];
    private int[] bestRanks = new int[8];
    /**
     * Most work the search of sets of two nodes and more does for one plan, counted in lines read ({@link #choose}: 8
     * for each node tried and the lines it reads — all of them above the last depth, at the last up to the first it
     * leaves short — and the line count and 8 for each branch's bound), 0.22–0.29 ms measured with 2 and 64 lines
     * (perhaps 0.6 ms with few lines: Review-276): past it the plan is the greedy cover, or the cover of the size
     * being searched found before the stop where that takes fewer shipments, or as many for less, or as dear with
     * lower ids (Review-279), said {@code GREEDY} either way. Counted per search: a
     * placement whose shipment limit yields searches twice (Sourcing.keepToShipmentLimit), and the limited search
     * ({@link #searchLimited}) counts its own sets of two and three the same way. Within the budget of combinations,
     * lines as many as 64 made a search read every set of its size for 3 ms (Review-275; triples 1.6–1.8 ms before
     * rules version 22); the count is the table's, so a replay stops where the first run did.
     */
    static final long EXACT_WORK = 300_000;
    /** The work done so far for this plan ({@link #EXACT_WORK}). */
    private long work;

    /** The work the last search read, the exact search's or the limited search's ({@link #EXACT_WORK}; tests). */
    long work()
    {
        return work;
    }
    /** Whether {@link #orderForSets} has run for this plan. */
    private boolean setsReady;
    /**
     * From each position p of {@link #setOrder} on (the last, {@code n}, none): per line the most units one node gives
     * ({@code sufUnits[p * lines + i]}, of what remains), the most lines one gives ({@code sufLines[p]}) and the most
     * units one gives in all ({@code sufGain[p]}).
     */
    private long[] sufUnits = new long[32 * 4];
    private int[] sufLines = new int[32];
    private long[] sufGain = new long[32];

    /**
     * Of every set of {@code k} useful nodes (two or more), keeps the cheapest that covers every remaining unit, as
     * cheap the one with the lower sorted location ids, in {@link #bestSet}: nodes taken cheapest first, each loop
     * ended where even the cheapest completion costs more than the best cover so far (every later one costs more
     * still). True when some set covers; not known when the search stopped at {@link #EXACT_WORK}.
     */
    private boolean searchSets(final int k)
    {
        final int lines = table.lineCount;
        if (pick.length < k)
        {
            pick = new int[Math.max(k, pick.length * 2)];
            bestSet = new int[pick.length];
            mineRanks = new int[pick.length];
            bestRanks = new int[pick.length];
        }
        if (sums.length < (k + 1) * lines)
        {
            sums = new long[(k + 1) * lines];
        }
        Arrays.fill(sums, 0, lines, 0);
        if (!setsReady)
        {
            orderForSets();
            setsReady = true;
        }
        setFound = false;
        bestSetCost = Long.MAX_VALUE;
        choose(k, 0, 0, 0);
        return setFound;
    }

    /**
     * What every size of {@link #searchSets} reads alike, worked out once a plan: the useful nodes in cost order,
     * their costs' prefix sums and the bounds of what the nodes from each position on give.
     */
    private void orderForSets()
    {
        final int n = table.eligibleCount;
        final int lines = table.lineCount;
        setOrder = byCost(n);
        if (prefix.length < n + 1)
        {
            prefix = new long[Math.max(n + 1, prefix.length * 2)];
        }
        for (int p = 0; p < n; p++)
        {
            prefix[p + 1] = prefix[p] + table.cost[setOrder[p]];
        }
        if (sufLines.length < n + 1)
        {
            sufLines = new int[Math.max(n + 1, sufLines.length * 2)];
            sufGain = new long[sufLines.length];
        }
        if (sufUnits.length < (n + 1) * lines)
        {
            sufUnits = new long[Math.max((n + 1) * lines, sufUnits.length * 2)];
        }
        Arrays.fill(sufUnits, n * lines, (n + 1) * lines, 0);
        sufLines[n] = 0;
        sufGain[n] = 0;
        for (int p = n - 1; p >= 0; p--)
        {
            final int a = setOrder[p] * lines;
            int gives = 0;
            long units = 0;
            for (int i = 0; i < lines; i++)
            {
                final long taken = Math.min(table.avail[a + i], table.remaining[i]);
                gives += taken > 0 ? 1 : 0;
                units += taken;
                sufUnits[p * lines + i] = Math.max(taken, sufUnits[(p + 1) * lines + i]);
            }
            sufLines[p] = Math.max(gives, sufLines[p + 1]);
            sufGain[p] = Math.max(units, sufGain[p + 1]);
        }
    }

    /**
     * Picks the node at {@code depth} from position {@code from} of {@link #setOrder} on, the nodes picked above it
     * costing {@code cost}, and on to depth {@code k}.
     */
    private void choose(final int k, final int depth, final int from, final long cost)
    {
        final int n = table.eligibleCount;
        final int lines = table.lineCount;
        final int rest = k - depth;
        final int here = depth * lines;
        final int next = here + lines;
        work += lines + 8;
        if (work > EXACT_WORK)
        {
            return;
        }
        // No node from here on gives a line more units, or more lines, or more units in all, than the most one of them
        // does: when the rest cannot close what is open, no set from here covers (a split of single-SKU nodes read
        // every set of each size; a node passed over that alone had most of a line: Review-275).
        final int ahead = from * lines;
        int open = 0;
        long deficit = 0;
        for (int i = 0; i < lines; i++)
        {
            final long lacking = table.remaining[i] - sums[here + i];
            if (lacking > 0)
            {
                if (lacking > rest * sufUnits[ahead + i])
                {
                    return;
                }
                open++;
                deficit += lacking;
            }
        }
        if (open > (long)rest * sufLines[from] || deficit > rest * sufGain[from])
        {
            return;
        }
        for (int p = from; p + rest <= n; p++)
        {
            // The cheapest set from here takes the next nodes in cost order; a dearer one than the best cannot win.
            if (cost + prefix[p + rest] - prefix[p] > bestSetCost)
            {
                break;
            }
            final int s = setOrder[p];
            final int a = s * lines;
            pick[depth] = s;
            final long c = cost + table.cost[s];
            if (rest > 1)
            {
                work += lines + 8;
                if (work > EXACT_WORK)
                {
                    return;
                }
                for (int i = 0; i < lines; i++)
                {
                    sums[next + i] = sums[here + i] + table.avail[a + i];
                }
                choose(k, depth + 1, p + 1, c);
            }
            else
            {
                // The last node: read up to the first line it leaves short (counted as read, the work's measure).
                int read = 0;
                while (read < lines && sums[here + read] + table.avail[a + read] >= table.remaining[read])
                {
                    read++;
                }
                work += Math.min(read + 1, lines) + 8;
                if (work > EXACT_WORK)
                {
                    return;
                }
                if (read == lines && setBetter(c, k))
                {
                    setFound = true;
                    bestSetCost = c;
                    System.arraycopy(pick, 0, bestSet, 0, k);
                }
            }
        }
    }

    /** Strictly cheaper than the best set of {@code k} so far, or as cheap with lower location ids (sorted ranks). */
    private boolean setBetter(final long c, final int k)
    {
        if (!setFound || c < bestSetCost)
        {
            return true;
        }
        if (c > bestSetCost)
        {
            return false;
        }
        sortedRanks(pick, k, mineRanks);
        sortedRanks(bestSet, k, bestRanks);
        return Arrays.compare(mineRanks, 0, k, bestRanks, 0, k) < 0;
    }

    /**
     * Whether the set of {@code an} slots of {@code a} from {@code aFrom} beats that of {@code bn} of {@code b} from
     * {@code bFrom}: fewer nodes, or as many costing less, or as much with lower sorted location ids.
     */
    private boolean setBeats(final int[] a, final int aFrom, final int an, final int[] b, final int bFrom, final int bn)
    {
        if (an != bn)
        {
            return an < bn;
        }
        long aCost = 0;
        long bCost = 0;
        for (int j = 0; j < an; j++)
        {
            aCost += table.cost[a[aFrom + j]];
            bCost += table.cost[b[bFrom + j]];
        }
        if (aCost != bCost)
        {
            return aCost < bCost;
        }
        if (mineRanks.length < an)
        {
            mineRanks = new int[an];
            bestRanks = new int[an];
        }
        if (beatsA.length < an)
        {
            beatsA = new int[an];
            beatsB = new int[an];
        }
        System.arraycopy(a, aFrom, beatsA, 0, an);
        System.arraycopy(b, bFrom, beatsB, 0, an);
        sortedRanks(beatsA, an, mineRanks);
        sortedRanks(beatsB, an, bestRanks);
        return Arrays.compare(mineRanks, 0, an, bestRanks, 0, an) < 0;
    }

    /** Scratch of {@link #setBeats}. */
    private int[] beatsA = new int[8];
    private int[] beatsB = new int[8];

    /** The location id ranks of {@code set}'s first {@code k} slots into {@code ranks}, ascending. */
    private void sortedRanks(final int[] set, final int k, final int[] ranks)
    {
        for (int j = 0; j < k; j++)
        {
            final int r = table.location[set[j]].idRank;
            int q = j;
            while (q > 0 && ranks[q - 1] > r)
            {
                ranks[q] = ranks[q - 1];
                q--;
            }
            ranks[q] = r;
        }
    }

    /** Strictly cheaper, or as cheap with lower table.location ids (compared as sorted id ranks). */
    private boolean better(final long c, final long bestCost, final int sa, final int sb, final int sd)
    {
        if (bestSize == 0 || c < bestCost)
        {
            return true;
        }
        if (c > bestCost)
        {
            return false;
        }
        return compareIds(sa, sb, sd) < 0;
    }

    private int compareIds(final int sa, final int sb, final int sd)
    {
        final int[] mine = sortedRanks(sa, sb, sd);
        final int m0 = mine[0];
        final int m1 = mine[1];
        final int m2 = mine[2];
        final int[] theirs = sortedRanks(best[0], bestSize > 1 ? best[1] : NONE, bestSize > 2 ? best[2] : NONE);
        if (m0 != theirs[0])
        {
            return Integer.compare(m0, theirs[0]);
        }
        if (m1 != theirs[1])
        {
            return Integer.compare(m1, theirs[1]);
        }
        return Integer.compare(m2, theirs[2]);
    }

    private final int[] ranks = new int[3];

    private int[] sortedRanks(final int sa, final int sb, final int sd)
    {
        int r0 = table.location[sa].idRank;
        int r1 = sb == NONE ? Integer.MAX_VALUE : table.location[sb].idRank;
        int r2 = sd == NONE ? Integer.MAX_VALUE : table.location[sd].idRank;
        if (r0 > r1)
        {
            final int t = r0;
            r0 = r1;
            r1 = t;
        }
        if (r1 > r2)
        {
            final int t = r1;
            r1 = r2;
            r2 = t;
        }
        if (r0 > r1)
        {
            final int t = r0;
            r0 = r1;
            r1 = t;
        }
        ranks[0] = r0;
        ranks[1] = r1;
        ranks[2] = r2;
        return ranks;
    }

    private void setBest(final int sa, final int sb, final int sd)
    {
        best[0] = sa;
        bestSize = 1;
        if (sb != NONE)
        {
            best[bestSize++] = sb;
        }
        if (sd != NONE)
        {
            best[bestSize++] = sd;
        }
    }

    private boolean covers1(final int sa)
    {
        final int a = sa * table.lineCount;
        for (int i = 0; i < table.lineCount; i++)
        {
            if (table.avail[a + i] < table.remaining[i])
            {
                return false;
            }
        }
        return true;
    }

    /**
     * Greedy multi-cover: take the node giving most of the table.remaining units (ties: lower table.cost, then lower id),
     * until covered; then drop, most expensive first, every node the rest can do without.
     */
    private void searchGreedy()
    {
        final int start = table.planSize;
        final long[] left = table.units; // borrowed as scratch: assign() overwrites it
        for (int i = 0; i < table.lineCount; i++)
        {
            left[i] = table.remaining[i];
        }
        while (!Sourcing.allZero(left, table.lineCount))
        {
            int pick = NONE;
            long pickGain = 0;
            for (int e = 0; e < table.eligibleCount; e++)
            {
                final int s = table.eligible[e];
                if (table.selected[s])
                {
                    continue;
                }
                long gain = 0;
                for (int i = 0; i < table.lineCount; i++)
                {
                    gain += Math.min(table.avail[s * table.lineCount + i], left[i]);
                }
                if (gain > pickGain || (gain == pickGain && gain > 0 && (table.cost[s] < table.cost[pick] ||
                    (table.cost[s] == table.cost[pick] && table.location[s].idRank < table.location[pick].idRank))))
                {
                    pick = s;
                    pickGain = gain;
                }
            }
            if (pick == NONE)
            {
                throw new IllegalStateException("greedy sourcing found no node for coverable table.units");
            }
            table.selected[pick] = true;
            table.ensurePlan(table.planSize + 1);
            table.plan[table.planSize++] = pick;
            for (int i = 0; i < table.lineCount; i++)
            {
                left[i] -= Math.min(table.avail[pick * table.lineCount + i], left[i]);
            }
        }
        dropUnneeded(start, false);
    }

    private boolean coversWithout(final int without, final int start)
    {
        for (int i = 0; i < table.lineCount; i++)
        {
            long sum = 0;
            for (int p = start; p < table.planSize; p++)
            {
                if (table.plan[p] != without)
                {
                    sum += table.avail[table.plan[p] * table.lineCount + i];
                }
            }
            if (sum < table.remaining[i])
            {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ within a limit

    /** Per line, the units still uncovered by the nodes kept so far (scratch of the limited search). */
    private final long[] left = new long[CommandCodec.MAX_LINES];
    /** The nodes the limited search may choose among: eligible, not free, with units of a line still uncovered. */
    private int[] pool = new int[16];
    private int poolCount;
    /** The best set's units covered: of those to cover first ({@link Sourcing#mustUnits}), and of all. */
    private long bestMust;
    private long bestCovered;
    /** The units to cover first the last {@link #covered} or {@link #coveredFrom} counted. */
    private long coveredMust;
    /** {@link #left} once the nodes kept anyway have given their units: what the chosen nodes may cover. */
    private final long[] base = new long[CommandCodec.MAX_LINES];
    /** Of {@link #base}, the units to cover first ({@link Sourcing#mustUnits} less what the nodes kept anyway give). */
    private final long[] mustLeft = new long[CommandCodec.MAX_LINES];

    /**
     * Replaces the plan with one of at most {@code allowed} nodes besides those it keeps anyway — the converted hold's
     * node (the plan's first slot) and, of a fill, the nodes the order already ships from ({@link Sourcing#free}):
     * the one that covers most of the units to cover first (of lines whose SKU allows no backorder, and a converted
     * network hold's: {@link Sourcing#mustUnits}), then most units, then the fewest nodes, then the least cost, then the
     * lowest location ids (docs/ORDERS.md, rule 4). Exact over every set of one, two or three nodes while the
     * combinations of each size stay within {@link Sourcing#EXACT_BUDGET} and the sets of two and three read no more
     * than {@link #EXACT_WORK} lines (rules version 22: 4–5 ms with 64 lines before; past it, the best set found before
     * the stop where it beats the greedy plan the same way); beyond, greedy: up to {@code allowed}
     * times the node covering most of what is left, counted the same way (ties: lower cost, then lower id), then
     * nodes the rest can do without dropped, the most expensive first. Greedy maximum coverage keeps at least
     * {@code 1 − 1/e} (~63 %) of the best plan's coverage, weighing a unit to cover first above all the others
     * together (what a set of nodes covers — per line the smaller of its units and the line's — is monotone and
     * submodular). Called after {@link #search} when its plan needs more nodes than the limit.
     */
    void searchLimited(final int allowed)
    {
        final boolean forced = table.forced != null;
        table.planSize = forced ? 1 : 0;
        for (int i = 0; i < table.lineCount; i++)
        {
            left[i] = table.remaining[i];
        }
        for (int e = 0; e < table.eligibleCount; e++)
        {
            final int s = table.eligible[e];
            if (table.free[s])
            {
                table.plan[table.planSize++] = s;
                take(s);
            }
        }
        System.arraycopy(left, 0, base, 0, table.lineCount);
        for (int i = 0; i < table.lineCount; i++)
        {
            mustLeft[i] = Math.max(0, table.mustUnits[i] - (table.remaining[i] - left[i]));
        }
        if (pool.length < table.eligibleCount)
        {
            pool = new int[Math.max(table.eligibleCount, pool.length * 2)];
        }
        poolCount = 0;
        for (int e = 0; e < table.eligibleCount; e++)
        {
            final int s = table.eligible[e];
            if (!table.free[s] && gain(s) > 0)
            {
                pool[poolCount++] = s;
            }
        }
        table.exact = true;
        if (allowed <= 0 || poolCount == 0)
        {
            return;
        }
        final int most = Math.min(allowed, poolCount);
        boolean exact = most <= 3;
        for (int k = 1; k <= most && exact; k++)
        {
            exact = combinations(poolCount, k) <= Sourcing.EXACT_BUDGET;
        }
        if (exact)
        {
            if (most > 1)
            {
                // Sorted, pairs and triples stop early; single nodes are each read once either way.
                sortPoolByCoverage();
            }
            bestSize = 0;
            bestMust = -1;
            bestCovered = -1;
            work = 0;
            for (int k = 1; k <= most && work <= EXACT_WORK; k++)
            {
                searchCovering(k);
            }
            if (work > EXACT_WORK)
            {
                // Cut short: the best so far is not known to be the best (EXACT_WORK, rules version 22). The plan is
                // the greedy one, or that best where it beats it the same way (Review-279: the greedy alone left 32
                // units short where the best found before the cut left one).
                table.exact = false;
                final int start = table.planSize;
                searchCoveringGreedy(allowed);
                final long greedyCovered = coveredFrom(start, NONE);
                final int versus = compare(bestMust, bestCovered, coveredMust, greedyCovered);
                if (bestSize > 0 && (versus > 0 ||
                    versus == 0 && setBeats(best, 0, bestSize, table.plan, start, table.planSize - start)))
                {
                    table.planSize = start;
                    for (int j = 0; j < bestSize; j++)
                    {
                        table.plan[table.planSize++] = best[j];
                    }
                }
                return;
            }
            for (int j = 0; j < bestSize; j++)
            {
                table.plan[table.planSize++] = best[j];
            }
            return;
        }
        table.exact = false;
        searchCoveringGreedy(allowed);
    }

    /** Each pool node's own coverage (units to cover first, all units), in {@link #pool}'s order once sorted. */
    private long[] soloMust = new long[16];
    private long[] soloAll = new long[16];

    /**
     * Sorts the pool by what each node covers alone, most first (units to cover first, then all units), so that
     * {@link #searchCovering} can stop a loop at the first set that cannot cover as much as the best so far.
     */
    private void sortPoolByCoverage()
    {
        if (soloMust.length < poolCount)
        {
            soloMust = new long[Math.max(poolCount, soloMust.length * 2)];
            soloAll = new long[soloMust.length];
        }
        for (int p = 0; p < poolCount; p++)
        {
            final int s = pool[p];
            final long all = gain(s);
            final long must = coveredMust;
            int q = p;
            while (q > 0 && compare(soloMust[q - 1], soloAll[q - 1], must, all) < 0)
            {
                pool[q] = pool[q - 1];
                soloMust[q] = soloMust[q - 1];
                soloAll[q] = soloAll[q - 1];
                q--;
            }
            pool[q] = s;
            soloMust[q] = must;
            soloAll[q] = all;
        }
    }

    /**
     * Whether nodes covering at most these together alone cannot cover as much as the best set so far: what a set
     * covers is no more than the sum of what each covers alone, in both counts, so no more in their order either.
     * Strictly less only: a set covering as much may still win on its nodes or cost.
     */
    private boolean cannotReach(final long must, final long all)
    {
        return compare(must, all, bestMust, bestCovered) < 0;
    }

    /**
     * Of every set of {@code k} pool nodes, keeps in {@link #best} one that beats it (see {@link #searchLimited}). The
     * pool is sorted by what each node covers alone, most first, so each loop ends at the first set whose nodes alone
     * cover less, together, than the best so far covers: every later one covers no more (the sums only fall, and the
     * order of two counts is kept under addition).
     */
    private void searchCovering(final int k)
    {
        final int n = poolCount;
        final long[] m = soloMust;
        final long[] g = soloAll;
        if (k == 1)
        {
            // Unsorted when no larger set follows: every node is read.
            for (int a = 0; a < n; a++)
            {
                consider(pool[a], NONE, NONE, 1);
            }
        }
        else if (k == 2)
        {
            for (int a = 0; a + 1 < n && !cannotReach(m[a] + m[a + 1], g[a] + g[a + 1]); a++)
            {
                for (int b = a + 1; b < n && !cannotReach(m[a] + m[b], g[a] + g[b]); b++)
                {
                    if (spent())
                    {
                        return;
                    }
                    consider(pool[a], pool[b], NONE, 2);
                }
            }
        }
        else
        {
            for (int a = 0; a + 2 < n && !cannotReach(m[a] + m[a + 1] + m[a + 2], g[a] + g[a + 1] + g[a + 2]); a++)
            {
                for (int b = a + 1; b + 1 < n && !cannotReach(m[a] + m[b] + m[b + 1], g[a] + g[b] + g[b + 1]); b++)
                {
                    for (int d = b + 1; d < n && !cannotReach(m[a] + m[b] + m[d], g[a] + g[b] + g[d]); d++)
                    {
                        if (spent())
                        {
                            return;
                        }
                        consider(pool[a], pool[b], pool[d], 3);
                    }
                }
            }
        }
    }

    /**
     * Counts a set of the limited search about to be read against {@link #EXACT_WORK}; true once past it: the search
     * stops. A set counts three times its lines and 60, in the units of {@link #choose}'s count: what reading it takes
     * beside a node of the exact search (each line's units capped and those to cover first counted, then the set
     * compared with the best, often on its cost and ids: ~55 ns a set of 3 lines, ~150 ns of 64, SmallSetTrapBenchmark).
     */
    private boolean spent()
    {
        work += 3L * table.lineCount + 60;
        return work > EXACT_WORK;
    }

    /** Keeps a set of {@code k} nodes as {@link #best} when it covers more, or as much with fewer, cheaper nodes. */
    private void consider(final int sa, final int sb, final int sd, final int k)
    {
        final long covered = covered(sa, sb, sd);
        final int versus = compare(coveredMust, covered, bestMust, bestCovered);
        // Sizes are searched smallest first: a larger set wins only by covering more.
        if (versus < 0 || (versus == 0 && bestSize < k))
        {
            return;
        }
        if (versus > 0 || better(costOf(sa, sb, sd), costOf(best[0], bestSize > 1 ? best[1] : NONE,
            bestSize > 2 ? best[2] : NONE), sa, sb, sd))
        {
            bestMust = coveredMust;
            bestCovered = covered;
            setBest(sa, sb, sd);
        }
    }

    /** Coverage against coverage: units to cover first, then all units. */
    private static int compare(final long must, final long all, final long otherMust, final long otherAll)
    {
        return must != otherMust ? Long.compare(must, otherMust) : Long.compare(all, otherAll);
    }

    private long costOf(final int sa, final int sb, final int sd)
    {
        return table.cost[sa] + (sb == NONE ? 0 : table.cost[sb]) + (sd == NONE ? 0 : table.cost[sd]);
    }

    /**
     * The units of {@link #left} the nodes cover together: per line the smaller of their units and what is left; of
     * them, those to cover first in {@link #coveredMust} (the limited search calls it with {@code left} = {@code base}).
     */
    private long covered(final int sa, final int sb, final int sd)
    {
        final int lines = table.lineCount;
        final long[] avail = table.avail;
        long covered = 0;
        long must = 0;
        for (int i = 0; i < lines; i++)
        {
            final long units = Math.min(avail[sa * lines + i] + (sb == NONE ? 0 : avail[sb * lines + i]) +
                (sd == NONE ? 0 : avail[sd * lines + i]), left[i]);
            covered += units;
            // What the nodes taken so far covered went to the units to cover first (units are alike).
            must += Math.min(units, Math.max(0, mustLeft[i] - (base[i] - left[i])));
        }
        coveredMust = must;
        return covered;
    }

    /** The units of {@link #left} node {@code s} alone covers. */
    private long gain(final int s)
    {
        return covered(s, NONE, NONE);
    }

    /** Takes node {@code s}'s units off {@link #left}. */
    private void take(final int s)
    {
        for (int i = 0; i < table.lineCount; i++)
        {
            left[i] -= Math.min(table.avail[s * table.lineCount + i], left[i]);
        }
    }

    private void searchCoveringGreedy(final int allowed)
    {
        final int start = table.planSize;
        for (int picked = 0; picked < allowed; picked++)
        {
            int pick = NONE;
            long pickMust = 0;
            long pickGain = 0;
            for (int e = 0; e < poolCount; e++)
            {
                final int s = pool[e];
                if (table.selected[s])
                {
                    continue;
                }
                final long gain = gain(s);
                final int versus = compare(coveredMust, gain, pickMust, pickGain);
                if (versus > 0 || (versus == 0 && gain > 0 && (table.cost[s] < table.cost[pick] ||
                    (table.cost[s] == table.cost[pick] && table.location[s].idRank < table.location[pick].idRank))))
                {
                    pick = s;
                    pickMust = coveredMust;
                    pickGain = gain;
                }
            }
            if (pick == NONE)
            {
                break;
            }
            table.selected[pick] = true;
            table.plan[table.planSize++] = pick;
            take(pick);
        }
        dropUnneeded(start, true);
    }

    /**
     * Drops from the plan's nodes from {@code start} on, the most expensive first (ties: the higher id first), every
     * node the others can do without — covering every line's remaining units, or ({@code limited}) as many of
     * {@link #base}'s, the units to cover first alike — then clears their {@code selected} marks.
     */
    private void dropUnneeded(final int start, final boolean limited)
    {
        final long covered = limited ? coveredFrom(start, NONE) : 0;
        final long must = coveredMust;
        boolean dropped = true;
        while (dropped)
        {
            dropped = false;
            int worst = NONE;
            for (int p = start; p < table.planSize; p++)
            {
                final int s = table.plan[p];
                if ((worst == NONE || table.cost[s] > table.cost[worst] || (table.cost[s] == table.cost[worst] &&
                    table.location[s].idRank > table.location[worst].idRank)) &&
                    (limited ? coveredFrom(start, s) == covered && coveredMust == must : coversWithout(s, start)))
                {
                    worst = s;
                }
            }
            if (worst != NONE)
            {
                int w = start;
                for (int p = start; p < table.planSize; p++)
                {
                    if (table.plan[p] != worst)
                    {
                        table.plan[w++] = table.plan[p];
                    }
                }
                table.planSize = w;
                table.selected[worst] = false;
                dropped = true;
            }
        }
        for (int p = start; p < table.planSize; p++)
        {
            table.selected[table.plan[p]] = false;
        }
    }

    /**
     * The units of {@link #base} the plan's nodes from {@code start} on, but {@code without}, cover together; those of
     * lines that cannot wait in {@link #coveredMust}.
     */
    private long coveredFrom(final int start, final int without)
    {
        long covered = 0;
        long must = 0;
        for (int i = 0; i < table.lineCount; i++)
        {
            long units = 0;
            for (int p = start; p < table.planSize; p++)
            {
                if (table.plan[p] != without)
                {
                    units += table.avail[table.plan[p] * table.lineCount + i];
                }
            }
            final long line = Math.min(units, base[i]);
            covered += line;
            must += Math.min(line, mustLeft[i]);
        }
        coveredMust = must;
        return covered;
    }

    private static long combinations(final int n, final int k)
    {
        long c = 1;
        for (int i = 0; i < k; i++)
        {
            c = c * (n - i) / (i + 1);
        }
        return c;
    }
}
