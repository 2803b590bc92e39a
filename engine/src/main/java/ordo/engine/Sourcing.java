package ordo.engine;

import java.util.Arrays;

/**
 * The sourcing planner: given an order's lines, delivery and ship-to, finds the fewest shipments that cover what
 * can be covered, then the cheapest such plan, then the lowest location ids — deterministically, without changing
 * anything (the caller applies the plan). Rules and bounds: docs/ORDERS.md.
 *
 * <p>Candidates are the nodes with a stock cell for one of the lines, plus the pickup store and the node of a
 * converted hold. Each gets a reason; eligible ones a cost and the units they can give each line (ATP after safety
 * stock, times the channel's pool share). Search: one node, then every pair, then every triple, while the
 * combinations of a size stay within {@link #EXACT_BUDGET}, then sets of four nodes and more while those sizes'
 * combinations together stay within it; greedy multi-cover beyond, with redundant nodes
 * dropped afterwards.
 *
 * <p>Scratch arrays are reused and only grow, so a warmed-up planner allocates nothing. Engine thread only. The
 * candidate table (the package-private fields below: per slot the location, cost and units per line; the eligible
 * slots, the remaining units and the plan) is shared with {@link PlanSearch}, which does the search; only these two
 * classes touch it.
 */
final class Sourcing
{
    /**
     * Most combinations of one size tried exactly (C(50,3) = 19 600 fits: 50 nodes are searched exactly), and of the
     * sizes of four nodes and more together (C(27,4) = 17 550 fits; among 14 nodes every size does).
     */
    static final int EXACT_BUDGET = 20_000;
    private static final int NONE = -1;
    /** The candidate reasons, as the decision stores them; 0 while a candidate is eligible. */
    static final byte ELIGIBLE = 0;
    private static final byte RESERVED_HERE = (byte)Codes.SourcingReason.RESERVED_HERE.code();
    private static final byte INACTIVE = (byte)Codes.SourcingReason.INACTIVE.code();
    private static final byte NOT_CAPABLE = (byte)Codes.SourcingReason.NOT_CAPABLE.code();
    private static final byte NOT_PICKUP_STORE = (byte)Codes.SourcingReason.NOT_PICKUP_STORE.code();
    private static final byte TOO_FAR = (byte)Codes.SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL.code();
    private static final byte CAPACITY_REACHED = (byte)Codes.SourcingReason.CAPACITY_REACHED.code();
    private static final byte POOL_EXHAUSTED = (byte)Codes.SourcingReason.POOL_EXHAUSTED.code();
    private static final byte OUT_OF_STOCK = (byte)Codes.SourcingReason.OUT_OF_STOCK.code();
    private static final byte NOT_NEEDED = (byte)Codes.SourcingReason.NOT_NEEDED.code();
    private static final byte SHIPMENT_LIMIT = (byte)Codes.SourcingReason.SHIPMENT_LIMIT.code();
    private static final byte COUNTRY_NOT_SERVED = (byte)Codes.SourcingReason.COUNTRY_NOT_SERVED.code();
    private static final byte CHANNEL_NOT_SERVED = (byte)Codes.SourcingReason.CHANNEL_NOT_SERVED.code();

    private final Catalog catalog;

    // ---- inputs (set by begin/line)
    private SourcingPolicy policy;
    /** Engine time: each node's capacity day is its own ({@link Location#today}). */
    private long now;
    private Codes.DeliveryMethod delivery;
    private Codes.ServiceLevel level;
    private Location pickup;
    private boolean hasCoordinates;
    private double ox;
    private double oy;
    private double oz;
    /** The ship-to country's {@link Location#countryKey} (0: none), which a node's {@code shipsTo} may rule out. */
    private int shipCountry;
    private Channel channel;
    /** {@link SourcingPolicy#reachMetres} for a SHIP plan's level. */
    private long reach;
    Location forced;
    private Order capacityHolder;
    /**
     * Whether a node at its day's capacity that has units of a converted network hold's line may give them, as no
     * node within its capacity could (rules version 6; {@link #heldUnitsShortOnCapacity}), and those lines.
     */
    private boolean capacityWaived;
    private final boolean[] waivedLine = new boolean[CommandCodec.MAX_LINES];
    private boolean fillMode;
    int lineCount;
    private Sku[] skus = new Sku[CommandCodec.MAX_LINES];
    private long[] need = new long[CommandCodec.MAX_LINES];
    private long[] heldNetwork = new long[CommandCodec.MAX_LINES];
    private long[] forcedUnits = new long[CommandCodec.MAX_LINES];
    private boolean[] allowBackorder = new boolean[CommandCodec.MAX_LINES];
    /**
     * Per line, of its {@link #remaining} units, those a plan within a shipment limit covers first ({@link PlanSearch}):
     * all of a line whose SKU allows no backorder (units left out are refused or dropped, not backordered), and of
     * another line the units of a converted network hold (the network promised them). Set by keepToShipmentLimit.
     */
    final long[] mustUnits = new long[CommandCodec.MAX_LINES];
    private boolean allowPartial;
    /** Whether a line has units to source beyond the converted hold's; when none has, every node is judged on all. */
    private boolean freshNeeded;
    /** The most shipments the plan may have (0 = none; rules version 14): {@link #limitShipments}. */
    private int shipmentLimit;

    // ---- outputs
    private final long[] networkAtp = new long[CommandCodec.MAX_LINES];
    private final long[] poolCap = new long[CommandCodec.MAX_LINES];
    /** Per line, the most fresh units any node may give once network ATP and the pool are counted (decideTargets). */
    private final long[] lineCap = new long[CommandCodec.MAX_LINES];
    /** Each line's largest offer at any node, as collected (classify only lowers offers): see {@link #capBinds}. */
    private final long[] mostOffered = new long[CommandCodec.MAX_LINES];
    /** The node of a node hold the order ends (null: none), and per line the units it gives back there. */
    private Location releasedAt;
    private final long[] released = new long[CommandCodec.MAX_LINES];
    /**
     * Per line, what the released node offers once the hold's units are back there ({@link #releasedOffer}), -1 when
     * it gives none of the line's back: the decision records that, not what the node offered while it held them.
     */
    private final long[] releasedOffer = new long[CommandCodec.MAX_LINES];
    final long[] target = new long[CommandCodec.MAX_LINES];
    private final long[] shortfall = new long[CommandCodec.MAX_LINES];
    /** Per line, the units all eligible nodes can give (summed by classify). */
    private final long[] eligibleSupply = new long[CommandCodec.MAX_LINES];
    private ResultCode code;
    private int rejectLine;
    private long rejectAvailable;
    /** Of a refusal: the units of the line at nodes this order may not use, and why most of them may not. */
    private long rejectRuledOut;
    private byte rejectRuledOutReason;
    boolean exact;
    /** Whether the shipment limit changed the plan: it covers fewer units than the nodes could give. */
    private boolean limited;
    /**
     * Of a fill under a limit: the nodes its order ships from gave every unit, so the others were not needed (they
     * were shown as losing on cost beside a dearer node of the order's: found in QA).
     */
    private boolean ownNodesCovered;
    /** Per line, the units the shipment limit left uncovered (backordered, dropped or refused as any shortfall). */
    private final long[] limitedOut = new long[CommandCodec.MAX_LINES];
    private int shipments;
    private long planCost;

    // ---- candidates, by slot
    private int[] slotStamp = new int[64];
    int[] slotOf = new int[64];
    private int stamp;
    int candidateCount;
    Location[] location = new Location[16];
    private byte[] reason = new byte[16];
    /** Scratch of {@link #explainRefusal}: units per reason code. */
    private final long[] ruledOutByReason = new long[Codes.SourcingReason.values().length + 1];
    private int[] distance = new int[16];
    long[] cost = new long[16];
    private int[] capacityLeft = new int[16];
    private int[] allocatedUnits = new int[16];
    boolean[] selected = new boolean[16];
    /** Per slot, of a fill under a shipment limit: the order already ships from the node, so it costs no shipment. */
    boolean[] free = new boolean[16];
    /** The plan without the shipment limit, kept while a limited one is tried ({@link #keepToShipmentLimit}). */
    private int[] unlimitedPlan = new int[16];
    long[] avail = new long[16 * 4];
    /**
     * Per candidate and line, as {@link #avail}: the units set aside there for other kept channels' network holds
     * ({@link KeptHolds}), read by a ruled-out node's reason; valid only while {@link #anyAside}.
     */
    private long[] asideUnits = new long[16 * 4];
    private boolean anyAside;
    /** The most candidate slots this plan may open ({@link #collectCandidates}). */
    private int slotsThisPlan;
    long[] units = new long[16 * 4];
    /** What the decision records of each node × line: {@link #avail} within the line's cap ({@link #record}). */
    private long[] recordedAtp = new long[16 * 4];

    // ---- search scratch
    int[] eligible = new int[16];
    int eligibleCount;
    final long[] remaining = new long[CommandCodec.MAX_LINES];
    int[] plan = new int[16];
    int planSize;
    /** The selected slots in slot order (the order allocations are made and shown in), set by assign. */
    private int[] chosen = new int[16];
    private int chosenCount;

    private final PlanSearch search = new PlanSearch(this);

    /** The lines the last plan's last search read ({@link PlanSearch#work}; tests: the count is part of the rules). */
    long searchWork()
    {
        return search.work();
    }

    Sourcing(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    // ------------------------------------------------------------------------------------------------ inputs

    /**
     * Starts a plan. {@code shipTo} coordinates are used for SHIP; {@code forcedNode} is the node of a converted
     * hold (or null); {@code fill} plans a backorder fill: whatever can be covered, no reject.
     */
    void begin(final SourcingPolicy policy, final long nowMillis, final Codes.DeliveryMethod delivery,
        final Codes.ServiceLevel level, final Location pickup, final Order shipTo, final Channel channel,
        final Location forcedNode, final boolean allowPartial, final boolean fill)
    {
        this.policy = policy;
        this.now = nowMillis;
        this.reach = delivery == Codes.DeliveryMethod.SHIP ? policy.reachMetres(level) : Long.MIN_VALUE;
        this.delivery = delivery;
        this.level = level;
        this.pickup = pickup;
        this.hasCoordinates = shipTo.hasCoordinates;
        this.ox = shipTo.x;
        this.oy = shipTo.y;
        this.oz = shipTo.z;
        this.shipCountry = Location.countryKey(shipTo.shipCountry);
        this.channel = channel;
        this.forced = forcedNode;
        this.releasedAt = null;
        this.allowPartial = allowPartial;
        this.fillMode = fill;
        // A fill plans for an existing order; a placement's ship-to scratch holds no capacity anywhere.
        this.capacityHolder = fill ? shipTo : null;
        this.shipmentLimit = 0;
        this.lineCount = 0;
    }

    /**
     * Keeps the plan to at most {@code limit} shipments (0 = none): an order's {@link Order#maxShipments}. Counted
     * with the converted hold's node; a fill's counts the nodes the order already ships from, and may use them again
     * without a shipment more.
     */
    void limitShipments(final int limit)
    {
        this.shipmentLimit = limit;
    }

    /**
     * Adds a line: {@code fresh} units to source, {@code held} units of a converted network hold (counted as
     * available, not shrunk by pools), {@code atForced} units a converted node hold already has at the forced
     * node.
     */
    void line(final Sku sku, final long fresh, final long held, final long atForced)
    {
        skus[lineCount] = sku;
        need[lineCount] = fresh;
        heldNetwork[lineCount] = held;
        forcedUnits[lineCount] = atForced;
        released[lineCount] = 0;
        allowBackorder[lineCount] = sku.allowBackorder;
        lineCount++;
    }

    /**
     * The node hold the order converts gives {@code units} of line {@code line} back to its node {@code node}: those
     * it does not ship from there (all of them when the node cannot serve the order). They count toward what the
     * network and the channel's pool leave the line, as they will once the hold has ended. Not counted, an order was
     * refused for stock the release freed: the hold's units went back to its node while holds placed against the
     * network still claimed units elsewhere (found in QA; rules version 10).
     */
    void releasing(final Location node, final int line, final long units)
    {
        releasedAt = node;
        released[line] = units;
    }

    // ------------------------------------------------------------------------------------------------ planning

    ResultCode plan()
    {
        code = ResultCode.OK;
        exact = true;
        shipments = 0;
        planCost = 0;
        chosenCount = 0;
        freshNeeded = !allZero(need);
        if (shipmentLimit > 0)
        {
            Arrays.fill(limitedOut, 0, lineCount, 0);
        }
        collectCandidates();
        capacityWaived = false;
        classify();
        if (heldUnitsShortOnCapacity())
        {
            // The network committed to a hold's units when it granted them, as a node to a node hold's (which ships
            // them past its capacity): a cart held at checkout was refused because every node with its units had
            // taken its day's orders (found in QA). So the order is planned again with the nodes at capacity that
            // have those units as candidates, and only those (waiving capacity at every node sent another line past
            // a full node's capacity that had none of them, and waived it when the held units were gone: found in
            // review).
            capacityWaived = true;
            Arrays.fill(reason, 0, candidateCount, (byte)0);
            classify();
        }
        if (!decideTargets())
        {
            return code;
        }
        // A placement under a limit searches exactly only the sizes it may use: past them, only a limited plan can do.
        // A fill under a limit searches from its order's own nodes (ownNodesFirst): a search of every node first
        // was thrown away.
        final boolean beyondLimit;
        if (fillMode && shipmentLimit > 0)
        {
            search.begin();
            beyondLimit = false;
        }
        else
        {
            beyondLimit = search.search(shipmentLimit > 0 ? shipmentLimit - (forced == null ? 0 : 1) :
                Integer.MAX_VALUE);
        }
        limited = false;
        ownNodesCovered = false;
        if (shipmentLimit > 0 && (!keepToShipmentLimit(beyondLimit) || refuseShortLine()))
        {
            return code;
        }
        assign();
        explain();
        return code;
    }

    /**
     * When the plan has more shipments than the limit, plans again within it (first the units that cannot wait, then
     * the most units, the fewest shipments, the least cost, the lowest ids: {@link PlanSearch#searchLimited}) and
     * makes what it leaves uncovered shortfall, refusing the order when that may be neither backordered nor dropped
     * (rule 4 of docs/ORDERS.md). The units of a converted network hold were promised by the network wherever they
     * are: if even the limited plan leaves a line fewer than those, the limit yields and the plan without it stands.
     * A fill takes its order's own nodes first ({@link #ownNodesFirst}). False when the order is refused.
     */
    private boolean keepToShipmentLimit(final boolean beyondLimit)
    {
        final int forcedSlot = forced == null ? NONE : slotOf[forced.index];
        final int allowed = fillMode ? shipmentLimit - capacityHolder.shipmentCount() :
            shipmentLimit - (forcedSlot == NONE ? 0 : 1);
        // A fill under a limit takes from the nodes its order ships from first: the plan of fewest nodes, when it
        // fitted, took a cheaper new node beside one the order shipped from that had the units, and spent the order's
        // last shipment (found in review).
        if (fillMode && ownNodesFirst(allowed))
        {
            return true;
        }
        if (!beyondLimit && !fillMode)
        {
            int counted = 0;
            for (int p = 0; p < planSize; p++)
            {
                counted += plan[p] == forcedSlot ? 0 : 1;
            }
            if (counted <= allowed)
            {
                return true;
            }
        }
        for (int e = 0; e < eligibleCount; e++)
        {
            final int s = eligible[e];
            free[s] = fillMode && capacityHolder.shipsFrom(location[s]);
        }
        for (int i = 0; i < lineCount; i++)
        {
            mustUnits[i] = fillMode ? 0 : !allowBackorder[i] ? remaining[i] : Math.min(remaining[i], heldNetwork[i]);
        }
        if (unlimitedPlan.length < planSize)
        {
            unlimitedPlan = new int[Math.max(planSize, unlimitedPlan.length * 2)];
        }
        System.arraycopy(plan, 0, unlimitedPlan, 0, planSize);
        final int unlimitedSize = planSize;
        final boolean unlimitedExact = exact;
        search.searchLimited(allowed);
        final int first = forcedSlot == NONE ? 0 : 1;
        boolean keepsHeld = true;
        for (int i = 0; i < lineCount; i++)
        {
            long units = 0;
            for (int p = first; p < planSize; p++)
            {
                units += avail[plan[p] * lineCount + i];
            }
            final long fromForced = target[i] - remaining[i];
            final long covered = fromForced + Math.min(units, remaining[i]);
            limitedOut[i] = target[i] - covered;
            keepsHeld &= covered >= Math.min(target[i], heldNetwork[i]);
        }
        if (!keepsHeld)
        {
            Arrays.fill(limitedOut, 0, lineCount, 0);
            if (beyondLimit)
            {
                // The search stopped at the limit's sizes: the plan without it is searched now.
                exact = true;
                search.search();
                return true;
            }
            System.arraycopy(unlimitedPlan, 0, plan, 0, unlimitedSize);
            planSize = unlimitedSize;
            exact = unlimitedExact;
            return true;
        }
        boolean anything = false;
        for (int i = 0; i < lineCount; i++)
        {
            limited |= limitedOut[i] > 0;
            target[i] -= limitedOut[i];
            shortfall[i] += limitedOut[i];
            anything |= target[i] > 0 || forcedUnits[i] > 0 || (shortfall[i] > 0 && allowBackorder[i]);
        }
        if (refuseShortLine())
        {
            return false;
        }
        if (!anything && !fillMode)
        {
            // Unreachable while the limit is at least one shipment: the plan keeps a node that covers something.
            code = ResultCode.INSUFFICIENT_STOCK;
            rejectLine = 0;
            rejectAvailable = 0;
            explainRefusal(0, eligibleSupply[0], 0);
            return false;
        }
        return true;
    }

    /**
     * A fill's plan under a limit when it fits: the nodes the order ships from give what they have, and what they leave
     * is planned among the other nodes as without a limit (fewest nodes, then cost, then ids); kept when that takes
     * no more new nodes than {@code allowed}. Otherwise the state is as it was and false: the plan is the limited one
     * ({@link PlanSearch#searchLimited}, which takes the order's nodes first too). Sending every fill under a limit to
     * the limited search chose a dearer plan than the same fill without one whenever the greedy ran (a limit of four
     * and more: found in review).
     */
    private boolean ownNodesFirst(final int allowed)
    {
        if (savedEligible.length < eligibleCount)
        {
            savedEligible = new int[Math.max(eligibleCount, savedEligible.length * 2)];
        }
        final int count = eligibleCount;
        System.arraycopy(eligible, 0, savedEligible, 0, count);
        int others = 0;
        int own = 0;
        for (int e = 0; e < count; e++)
        {
            final int s = savedEligible[e];
            free[s] = capacityHolder.shipsFrom(location[s]);
            if (free[s])
            {
                for (int i = 0; i < lineCount; i++)
                {
                    remaining[i] -= Math.min(avail[s * lineCount + i], remaining[i]);
                }
                own++;
            }
            else
            {
                eligible[others++] = s;
            }
        }
        eligibleCount = others;
        planSize = 0;
        final boolean savedExact = exact;
        exact = true;
        search.searchRemaining(Integer.MAX_VALUE);
        final boolean fits = planSize <= allowed;
        ownNodesCovered = fits && own > 0 && planSize == 0;
        if (fits && own > 0)
        {
            ensurePlan(planSize + own);
            for (int e = 0; e < count; e++)
            {
                if (free[savedEligible[e]])
                {
                    plan[planSize++] = savedEligible[e];
                }
            }
        }
        // As search() left them, for what follows (explain reads the remaining units; the limited search both).
        System.arraycopy(savedEligible, 0, eligible, 0, count);
        eligibleCount = count;
        for (int i = 0; i < lineCount; i++)
        {
            remaining[i] = target[i];
        }
        if (!fits)
        {
            exact = savedExact;
        }
        return fits;
    }

    private int[] savedEligible = new int[16];

    /**
     * Under a shipment limit, refuses the order for its first line short of units it may neither backorder nor drop,
     * with what the plan gives it as available and the units the limit left out among those ruled out; true when
     * refused. (Without a limit {@link #decideTargets} refuses such a line before any search.)
     */
    private boolean refuseShortLine()
    {
        final int forcedSlot = forced == null ? NONE : slotOf[forced.index];
        for (int i = 0; i < lineCount; i++)
        {
            if (shortfall[i] > 0 && !fillMode && !allowBackorder[i] && !allowPartial)
            {
                code = ResultCode.INSUFFICIENT_STOCK;
                rejectLine = i;
                rejectAvailable = target[i] + forcedUnits[i];
                explainRefusal(i, eligibleSupply[i] + (forcedSlot == NONE ? 0 : avail[forcedSlot * lineCount + i]),
                    target[i]);
                return true;
            }
        }
        return false;
    }

    private void collectCandidates()
    {
        stamp++;
        if (stamp == Integer.MAX_VALUE)
        {
            Arrays.fill(slotStamp, 0);
            stamp = 1;
        }
        candidateCount = 0;
        ensureLocationSlots(catalog.locationCount());
        int most = 2;
        for (int i = 0; i < lineCount; i++)
        {
            most += skus[i].cellCount();
        }
        // Every candidate is a distinct location: without the cap, 64 lines of SKUs stocked at every node would size
        // the tables lines × nodes × lines and keep them for the planner's life (found in review).
        most = Math.min(most, catalog.locationCount());
        ensureCandidateArrays(most, lineCount);
        // Every slot this plan can open starts with empty unit rows: one fill, not a clear per slot.
        Arrays.fill(avail, 0, most * lineCount, 0);
        slotsThisPlan = most;
        // One pass over each line's cells: the slot (a new one starts with empty rows) and the units, while the
        // cell is in cache. Slots are still numbered in first-seen order: lines in order, then pickup, then forced.
        // The table's arrays are read into locals once (sized above: no slot grows them).
        final int lines = lineCount;
        final int[] stampOf = slotStamp;
        final int[] slots = slotOf;
        final int current = stamp;
        final long[] avail = this.avail;
        final Location[] nodes = location;
        final int locations = catalog.locationCount();
        int opened = 0;
        boolean firstEveryNode = false;
        anyAside = false;
        // A channel kept to some locations (Channel#sources) counts their units only in its pooled total; the others
        // still offer theirs here, to be ruled out (CHANNEL_NOT_SERVED) with what they had, as a node that does not
        // ship to the customer's country is.
        final Channel kept = channel != null && channel.kept() ? channel : null;
        for (int i = 0; i < lines; i++)
        {
            final Sku sku = skus[i];
            // The pool fences fresh units; the units of a converted network hold were promised when it was taken,
            // so a node may give its pooled share plus those (and the line as a whole no more than the pooled
            // total plus those: poolCap). A 1-unit hold once lifted the pool for the whole line (found in review).
            final long shareBps = channel == null ? Channel.FULL_SHARE_BPS : channel.shareBps(sku);
            // No pool (the usual case): the share is the whole ATP, without a multiply and divide per cell (exact:
            // ATP < 2^41, so atp × 10 000 never overflows and the floor division gives atp back). A kept channel's
            // total is of its locations only: worked out per cell, as a pool's is.
            final boolean wholeShare = shareBps == Channel.FULL_SHARE_BPS && kept == null;
            final long held = Math.min(heldNetwork[i], need[i]);
            long pooledTotal = 0;
            long topOffer = 0;
            final int cellCount = sku.cellCount();
            final long[] atps = sku.cellAtps();
            final boolean everyNode = cellCount == locations;
            if ((firstEveryNode || i == 0) && everyNode)
            {
                // A SKU stocked at every node has its cell c at node c; when the first line's is, slot c is node c
                // for every line, set up here by the first. The line's units at a node are its ATP where positive:
                // one array of ATPs is read, not a cell object per node.
                if (i == 0)
                {
                    for (int c = 0; c < cellCount; c++)
                    {
                        stampOf[c] = current;
                        slots[c] = c;
                        nodes[c] = catalog.location(c);
                    }
                    opened = cellCount;
                }
                if (wholeShare)
                {
                    for (int c = 0, k = i; c < cellCount; c++, k += lines)
                    {
                        final long atp = atps[c];
                        avail[k] = atp > 0 ? atp : 0;
                        topOffer = Math.max(topOffer, atp);
                    }
                }
                else
                {
                    final StockCell[] cells = sku.cells();
                    for (int c = 0, k = i; c < cellCount; c++, k += lines)
                    {
                        final long atp = atps[c];
                        final long balance = Channel.pooledBalance(cells[c], channel.idHash, shareBps);
                        if (atp > 0)
                        {
                            avail[k] = pooledOffer(atp, balance, held);
                            topOffer = Math.max(topOffer, avail[k]);
                        }
                        if (nodes[c].active && (kept == null || kept.sourcesFrom(c)))
                        {
                            pooledTotal += Channel.pooledPart(balance, atp);
                        }
                    }
                }
            }
            else
            {
                final StockCell[] cells = sku.cells();
                // The only store per cell is the units it offers: remembering each cell (for the allocation) and
                // whether it had raw stock (for a ruled-out node's reason) cost a third of this loop; both are looked
                // up again for the few nodes that need them (cellOf).
                for (int c = 0; c < cellCount; c++)
                {
                    final Location l = cells[c].location;
                    final int at = l.index;
                    // Slots are numbered in first-seen order, and looking one up took half of this loop. When the
                    // first line's SKU is stocked at every node (above), the slots are the location indexes and no
                    // later cell looks up anything. Otherwise the first line's cells all open new slots, and a later
                    // line's cell is usually at the position the same node has in the first line (SKUs stocked at
                    // the same nodes).
                    final int s;
                    if (firstEveryNode)
                    {
                        s = at;
                    }
                    else if (c < opened && nodes[c] == l)
                    {
                        s = c;
                    }
                    else if (i > 0 && stampOf[at] == current)
                    {
                        s = slots[at];
                    }
                    else
                    {
                        s = opened++;
                        stampOf[at] = current;
                        slots[at] = s;
                        nodes[s] = l;
                    }
                    final long atp = atps[c];
                    if (wholeShare)
                    {
                        if (atp > 0)
                        {
                            avail[s * lines + i] = atp;
                            topOffer = Math.max(topOffer, atp);
                        }
                    }
                    else
                    {
                        final long balance = Channel.pooledBalance(cells[c], channel.idHash, shareBps);
                        if (atp > 0)
                        {
                            avail[s * lines + i] = pooledOffer(atp, balance, held);
                            topOffer = Math.max(topOffer, avail[s * lines + i]);
                        }
                        if (l.active && (kept == null || kept.sourcesFrom(at)))
                        {
                            pooledTotal += Channel.pooledPart(balance, atp);
                        }
                    }
                }
            }
            // Units set aside for other kept channels' network holds (KeptHolds) are no unit of this line's; none
            // without a kept channel holding the SKU.
            if (catalog.keptHolds().place(sku, channel))
            {
                pooledTotal += setAside(sku, i, shareBps, wholeShare, kept, held);
            }
            // What the converted node hold gives back at its node adds to the network's supply (its positive ATP at an
            // active node) and to the channel's pooled part there, as ReservationBook.end will make them.
            final long freed = freedSupply(sku, i);
            // A whole share pools every positive ATP at an active node: the SKU's network supply, kept as it changes.
            if (wholeShare)
            {
                pooledTotal = sku.networkSupply() + freed;
            }
            else
            {
                // A network hold lowers no node's ATP, so the share still counts the units backing the channel's own
                // network holds of the SKU: they come off it, as a hold's check takes them off
                // (ReservationCommands.checkStock). The converted hold's among them: its units come back as held.
                // Without this a channel fenced to half held half and then ordered the other half (found in review;
                // rules version 3).
                pooledTotal = Math.max(0, pooledTotal + freedShare(sku, i, shareBps) -
                    sku.networkHeldBy(channel.idHash));
            }
            networkAtp[i] = sku.networkAtp() + freed;
            releasedOffer[i] = releasedAt == null ? -1 : releasedOffer(sku, i, shareBps, wholeShare, held);
            poolCap[i] = pooledTotal + held;
            mostOffered[i] = topOffer;
            firstEveryNode |= i == 0 && everyNode;
        }
        candidateCount = opened;
        if (pickup != null)
        {
            slot(pickup);
        }
        if (forced != null)
        {
            slot(forced);
        }
        // The slots' other columns start out in one fill each (capacityLeft is set by classify and units by assign
        // for every slot).
        Arrays.fill(reason, 0, candidateCount, (byte)0);
        Arrays.fill(distance, 0, candidateCount, -1);
        Arrays.fill(cost, 0, candidateCount, -1);
        Arrays.fill(selected, 0, candidateCount, false);
    }

    /**
     * Takes the units {@link KeptHolds} set aside for other kept channels off what line {@code i}'s nodes offer (the
     * SKU's cells all have slots by now), and returns what that takes off the channel's pooled total (0 or less; none
     * for a whole share, whose total is the network's supply and whose cap the network's ATP).
     */
    private long setAside(final Sku sku, final int i, final long shareBps, final boolean wholeShare,
        final Channel kept, final long held)
    {
        final KeptHolds holds = catalog.keptHolds();
        final StockCell[] cells = sku.cells();
        final long[] atps = sku.cellAtps();
        if (!anyAside)
        {
            // Every slot this plan can open, once a plan (its tables were sized for them).
            Arrays.fill(asideUnits, 0, slotsThisPlan * lineCount, 0);
            anyAside = true;
        }
        long change = 0;
        for (int c = 0; c < sku.cellCount(); c++)
        {
            final long aside = holds.others(c);
            if (aside <= 0)
            {
                continue;
            }
            final Location l = cells[c].location;
            final int k = slotOf[l.index] * lineCount + i;
            asideUnits[k] = aside;
            final long atp = atps[c];
            final long left = atp - aside;
            if (wholeShare)
            {
                avail[k] = Math.max(0, left);
                continue;
            }
            final long balance = Channel.pooledBalance(cells[c], channel.idHash, shareBps);
            avail[k] = pooledOffer(left, balance, held);
            if (l.active && (kept == null || kept.sourcesFrom(l)))
            {
                change += Channel.pooledPart(balance, left) - Channel.pooledPart(balance, atp);
            }
        }
        return change;
    }

    /**
     * What the released node offers line {@code i} with the converted hold's units back there, as this pass would
     * have read the node once the hold ended (ReservationBook.end): its ATP with them, less what is set aside there
     * for other kept channels, within the channel's pooled part there with them. -1 when it gives none of the line's
     * back. Only the decision's record reads it: a node that gives units back either ships the hold's units (the
     * line needs no more of them there) or cannot serve the order. The record showed the node's ATP while the hold
     * still took it: 1 unit at a node too far for a same-day order, where its refusal had counted the 3 the release
     * left there (QA-252).
     */
    private long releasedOffer(final Sku sku, final int i, final long shareBps, final boolean wholeShare,
        final long held)
    {
        final StockCell cell = released[i] <= 0 ? null : cellOf(sku, releasedAt);
        if (cell == null)
        {
            return -1;
        }
        final long atp = cell.atp() + released[i];
        final long left = atp - (anyAside ? asideUnits[slotOf[releasedAt.index] * lineCount + i] : 0);
        if (wholeShare)
        {
            return Math.max(0, left);
        }
        return pooledOffer(left, Channel.pooledBalance(cell, channel.idHash, shareBps) + released[i], held);
    }

    /**
     * What a node offers a line of a channel with a pool: of its {@code units} (its ATP, or what is left of it), no
     * more than its pooled {@code balance} (≤ units) plus the line's units of a converted network hold ({@code held}
     * ≥ 0); none when it has none.
     */
    private static long pooledOffer(final long units, final long balance, final long held)
    {
        return units > 0 ? Math.min(units, Math.max(0, balance) + held) : 0;
    }

    /** The network supply line {@code i}'s released units add: its node's positive ATP after less before. */
    private long freedSupply(final Sku sku, final int i)
    {
        final StockCell cell = releasedCell(sku, i);
        if (cell == null)
        {
            return 0;
        }
        final long atp = cell.atp();
        return Math.max(0, atp + released[i]) - Math.max(0, atp);
    }

    /**
     * The channel's pooled part at the released node after less before: the hold was the channel's, so what it
     * took there shrinks by the released units as the node's ATP grows by them.
     */
    private long freedShare(final Sku sku, final int i, final long shareBps)
    {
        final StockCell cell = releasedCell(sku, i);
        if (cell == null || !channel.sourcesFrom(releasedAt))
        {
            return 0;
        }
        final long atp = cell.atp();
        final long balance = Channel.pooledBalance(cell, channel.idHash, shareBps);
        return Channel.pooledPart(balance + released[i], atp + released[i]) - Channel.pooledPart(balance, atp);
    }

    /** The released node's cell of line {@code i}'s SKU when it gives units back and counts (active), else null. */
    private StockCell releasedCell(final Sku sku, final int i)
    {
        return releasedAt == null || released[i] <= 0 || !releasedAt.active ? null : cellOf(sku, releasedAt);
    }

    /** The candidate slot of a location, new the first time it is seen in this plan (its rows are set up above). */
    private int slot(final Location l)
    {
        if (slotStamp[l.index] == stamp)
        {
            return slotOf[l.index];
        }
        final int s = candidateCount++;
        slotStamp[l.index] = stamp;
        slotOf[l.index] = s;
        location[s] = l;
        return s;
    }

    /**
     * Whether some line's converted network hold units cannot all be given by the nodes eligible now (those lines are
     * marked in {@link #waivedLine}), and a node ruled out for its day's capacity alone has units of such a line (so
     * waiving its capacity for them may give them). Placements only: a fill plans for units the order's hold no
     * longer stands behind.
     */
    private boolean heldUnitsShortOnCapacity()
    {
        if (fillMode)
        {
            return false;
        }
        boolean heldShort = false;
        for (int i = 0; i < lineCount; i++)
        {
            waivedLine[i] = heldNetwork[i] > 0 && eligibleSupply[i] < Math.min(need[i], heldNetwork[i]);
            heldShort |= waivedLine[i];
        }
        if (!heldShort)
        {
            return false;
        }
        for (int s = 0; s < candidateCount; s++)
        {
            if (reason[s] == CAPACITY_REACHED && offersWaivedUnits(s * lineCount))
            {
                return true;
            }
        }
        return false;
    }

    /** Whether a node (its units at {@code row}) has units of a line whose held units are short. */
    private boolean offersWaivedUnits(final int row)
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (waivedLine[i] && avail[row + i] > 0)
            {
                return true;
            }
        }
        return false;
    }

    /** Gives every candidate its ruling-out reason (0 = eligible), distance, cost and capacity. */
    private void classify()
    {
        eligibleCount = 0;
        final int lines = lineCount;
        final long[] supply = eligibleSupply;
        Arrays.fill(supply, 0, lines, 0);
        final boolean ship = delivery == Codes.DeliveryMethod.SHIP;
        final Location[] nodes = location;
        final int[] metres = distance;
        final int candidates = candidateCount;
        if (ship && hasCoordinates)
        {
            // A loop of its own: a distance is a long chain of dependent steps (the sqrt, the series), and with
            // nothing else in the loop the CPU works on several nodes' chains at once instead of waiting for each;
            // a quarter of the planner's time went to that wait. At most half the Earth's circumference: an int.
            for (int s = 0; s < candidates; s++)
            {
                final Location l = nodes[s];
                metres[s] = (int)Geo.distanceMetres(ox, oy, oz, l.x, l.y, l.z);
            }
        }
        final long[] avail = this.avail;
        final long[] price = cost;
        final int[] left = capacityLeft;
        final byte[] why = reason;
        final int[] open = eligible;
        final Location forcedNode = forced;
        final long at = now;
        // The level's rate read once per plan, not once per node.
        final long ratePerKm = ship ? policy.ratePerKmMinor(level) : 0;
        int eligibles = 0;
        for (int s = 0; s < candidates; s++)
        {
            final Location l = nodes[s];
            final boolean isForced = l == forcedNode;
            left[s] = l.capacityLeftAt(at);
            // Priced and its units kept even when ruled out: the decision shows what the node had and would cost.
            if (!ship)
            {
                price[s] = l.handlingCostMinor;
            }
            else if (metres[s] >= 0)
            {
                price[s] = SourcingPolicy.shipmentCost(ratePerKm, l.handlingCostMinor, metres[s]);
            }
            final int row = s * lines;
            final byte out = ruleOut(l, s, row, isForced);
            if (out != ELIGIBLE)
            {
                // A forced node still ships its held units, but takes no fresh ones.
                why[s] = isForced ? RESERVED_HERE : out;
                if (isForced)
                {
                    Arrays.fill(avail, row, row + lines, 0);
                }
            }
            else if (!isForced)
            {
                open[eligibles++] = s;
                for (int i = 0; i < lines; i++)
                {
                    supply[i] += avail[row + i];
                }
            }
        }
        eligibleCount = eligibles;
    }

    /**
     * Whether candidate {@code s} has no order left today for this order. Capacity counts orders per node and day: one
     * the order already ships from today (a fill's) costs it nothing more.
     */
    private boolean atCapacity(final int s)
    {
        return capacityLeft[s] == 0 &&
            (capacityHolder == null || !capacityHolder.holdsCapacityAt(location[s], location[s].today(now)));
    }

    /** The reason a candidate cannot take fresh units ({@link #ELIGIBLE} when it can); {@code row}: its units. */
    private byte ruleOut(final Location l, final int s, final int row, final boolean isForced)
    {
        final byte cannotDeliver = deliveryRuleOut(l, channel, delivery, pickup, shipCountry, distance[s], reach);
        if (cannotDeliver != ELIGIBLE)
        {
            return cannotDeliver;
        }
        if (!isForced && atCapacity(s))
        {
            // Waived only at a node with units of a line whose held units are short: there the order may take
            // whatever the node has, as capacity counts orders, not units (its one shipment).
            if (!capacityWaived || !offersWaivedUnits(row))
            {
                return CAPACITY_REACHED;
            }
        }
        long offered = 0;
        for (int i = 0; i < lineCount; i++)
        {
            if (need[i] > 0 || !freshNeeded)
            {
                offered += avail[row + i];
            }
        }
        if (offered == 0 && !isForced)
        {
            return hasRawStock(l) ? POOL_EXHAUSTED : OUT_OF_STOCK;
        }
        return ELIGIBLE;
    }

    /**
     * The first of the delivery's rules a node breaks ({@link #ELIGIBLE} when none): it must be active; a location
     * the order's channel (null: one never defined) takes stock from ({@link Channel#sources}); for a pickup,
     * able to offer one and the chosen store; for a shipment, able to ship, shipping to the customer's country (of
     * key {@code country}, {@link Location#shipsTo}) and within {@code reachMetres} (the level's,
     * {@link SourcingPolicy#reachMetres}) of the customer, {@code metres} away. Shared with the check of whether a
     * converted node hold's node can still serve the order (OrderCommands), so the two cannot drift apart.
     */
    static byte deliveryRuleOut(final Location l, final Channel channel, final Codes.DeliveryMethod delivery,
        final Location pickup, final int country, final long metres, final long reachMetres)
    {
        if (!l.active)
        {
            return INACTIVE;
        }
        if (channel != null && !channel.sourcesFrom(l))
        {
            return CHANNEL_NOT_SERVED;
        }
        if (delivery == Codes.DeliveryMethod.PICKUP)
        {
            if (!l.canOfferPickup())
            {
                return NOT_CAPABLE;
            }
            return l == pickup ? ELIGIBLE : NOT_PICKUP_STORE;
        }
        if (!l.canShip())
        {
            return NOT_CAPABLE;
        }
        if (!l.shipsTo(country))
        {
            return COUNTRY_NOT_SERVED;
        }
        return metres > reachMetres ? TOO_FAR : ELIGIBLE;
    }

    /**
     * Whether the node has ATP of a line still to source, before pools: asked only of a node that offers nothing. Units
     * set aside there for other kept channels' network holds ({@link KeptHolds}) are no more the line's than units
     * backing any other hold: without others, the node is out of stock for it, not its pool exhausted.
     */
    private boolean hasRawStock(final Location l)
    {
        final int row = slotOf[l.index] * lineCount;
        for (int i = 0; i < lineCount; i++)
        {
            if (need[i] > 0 || !freshNeeded)
            {
                final StockCell cell = cellOf(skus[i], l);
                if (cell != null && cell.atp() - (anyAside ? asideUnits[row + i] : 0) > 0)
                {
                    return true;
                }
            }
        }
        return false;
    }

    /** The SKU's cell at a node, or null: a binary search, as a SKU keeps its cells ordered by location index. */
    static StockCell cellOf(final Sku sku, final Location l)
    {
        return sku.findCell(l);
    }

    /**
     * Sets each line's target (fresh units to allocate) and shortfall; refuses when a shortfall may be neither
     * backordered nor dropped, or when nothing at all would happen.
     */
    private boolean decideTargets()
    {
        final int forcedSlot = forced == null ? NONE : slotOf[forced.index];
        boolean anything = false;
        for (int i = 0; i < lineCount; i++)
        {
            long supply = eligibleSupply[i];
            if (forcedSlot != NONE)
            {
                supply += avail[forcedSlot * lineCount + i];
            }
            final long networkCap = Math.max(0, networkAtp[i]) + heldNetwork[i];
            lineCap[i] = Math.min(networkCap, poolCap[i]);
            final long coverable = Math.min(supply, lineCap[i]);
            target[i] = Math.min(need[i], coverable);
            shortfall[i] = need[i] - target[i];
            if (shortfall[i] > 0 && !fillMode && !allowBackorder[i] && !allowPartial && shipmentLimit == 0)
            {
                code = ResultCode.INSUFFICIENT_STOCK;
                rejectLine = i;
                rejectAvailable = coverable + forcedUnits[i];
                explainRefusal(i, supply, coverable);
                return false;
            }
            anything |= target[i] > 0 || forcedUnits[i] > 0 || (shortfall[i] > 0 && allowBackorder[i]);
        }
        // Under a shipment limit a line short of units is refused once the plan is limited (refuseShortLine): its
        // figures are then what the limited plan gives, not what the network has (an order for 7 where 6 were
        // spread over three nodes was told 6 were available, and refused again for 6 under a limit of one: QA).
        if (!anything && !fillMode)
        {
            code = ResultCode.INSUFFICIENT_STOCK;
            rejectLine = 0;
            for (int i = 0; i < lineCount; i++)
            {
                if (shortfall[i] > 0)
                {
                    rejectLine = i;
                    break;
                }
            }
            rejectAvailable = 0;
            explainRefusal(rejectLine, eligibleSupply[rejectLine], 0);
            return false;
        }
        return true;
    }

    /**
     * The candidate of a pickup's store when a rule other than stock keeps the order from its units of line
     * {@code line} there (a day's capacity used up, switched off, no PICKUP, not a location of the channel, or the
     * channel's pool fencing off some of them), else {@link #NONE}. A refusal then counts that store's units alone and
     * names its reason: the units of warehouses, which no pickup may take, outweighed a full store's, and the refusal
     * named {@code NOT_CAPABLE} where the store the customer chose was at capacity (QA-263; rules version 19), or
     * where the channel's pool kept one of the store's units back (QA-272; rules version 21). A store with none of the
     * units is not what keeps the order from them: the units elsewhere are named, as what a delivery could take.
     */
    private int pickupStoreRuledOut(final int line)
    {
        if (delivery != Codes.DeliveryMethod.PICKUP || pickup == null || pickup == forced)
        {
            return NONE;
        }
        for (int s = 0; s < candidateCount; s++)
        {
            if (location[s] == pickup)
            {
                final byte why = reason[s];
                final long units = unitsWithReleased(pickup, line);
                // The pool's, not units set aside for a kept channel's holds (Review-275), which a channel without a
                // pool has too.
                final boolean fenced = pooled(line) && (why == 0 || why == POOL_EXHAUSTED) &&
                    units > Math.max(0, avail[s * lineCount + line]);
                return (fenced || why != 0 && why != POOL_EXHAUSTED && why != RESERVED_HERE && why != OUT_OF_STOCK) &&
                    units > 0 ? s : NONE;
            }
        }
        return NONE;
    }

    /** Whether the order's channel has a pool of line {@code line}'s SKU (takes a share of each node's units). */
    private boolean pooled(final int line)
    {
        return channel != null && channel.shareBps(skus[line]) != Channel.FULL_SHARE_BPS;
    }

    /** A node's ATP of line {@code line}, a released node hold's units back with it there (0 for none). */
    private long unitsWithReleased(final Location node, final int line)
    {
        final StockCell cell = cellOf(skus[line], node);
        return cell == null ? 0 : Math.max(0, cell.atp() + (node == releasedAt ? released[line] : 0));
    }

    /**
     * Why a refused line's units fell short, when stock was there: the units at nodes ruled out for this order (too
     * far for its service level, at capacity, not able to ship, inactive, …) and the reason most of them share (ties:
     * the lower code), or the units the channel's pool fences off from eligible nodes ({@code POOL_EXHAUSTED}). An
     * order to a place no node reaches at its level was answered "only 0 available" beside hundreds in stock, with
     * nothing to say why (found in QA). Refusals only: a placement's candidates already say it. Nothing when every
     * unit there was could be offered.
     */
    private void explainRefusal(final int line, final long supply, final long available)
    {
        rejectRuledOut = 0;
        rejectRuledOutReason = 0;
        final long[] byReason = ruledOutByReason;
        Arrays.fill(byReason, 0);
        final boolean pooled = pooled(line);
        final int store = pickupStoreRuledOut(line);
        for (int s = 0; s < candidateCount; s++)
        {
            final byte why = reason[s];
            if (why == RESERVED_HERE || location[s] == forced || (store != NONE && s != store))
            {
                continue;
            }
            final long offered = Math.max(0, avail[s * lineCount + line]);
            if (why == 0 || why == POOL_EXHAUSTED)
            {
                // What the node has beyond what the channel's pool lets it offer.
                final StockCell cell = pooled ? cellOf(skus[line], location[s]) : null;
                byReason[POOL_EXHAUSTED] += cell == null ? 0 : Math.max(0, Math.max(0, cell.atp()) - offered);
            }
            else
            {
                // The node's own ATP, not its offer: a pooled channel's offer at every node adds the units of its
                // converted network hold, which counted them once per node ruled out (found in review).
                // A released node hold's units are that node's again (a pickup elsewhere named none of them: review).
                byReason[why] += unitsWithReleased(location[s], line);
            }
        }
        // Units at eligible nodes the shipment limit left out of the plan (0 unless it bound).
        byReason[SHIPMENT_LIMIT] += shipmentLimit > 0 ? limitedOut[line] : 0;
        // Eligible nodes' units beyond the line's cap: the pool fenced them off (or network holds took them).
        if (supply > lineCap[line] && poolCap[line] <= Math.max(0, networkAtp[line]) + heldNetwork[line])
        {
            byReason[POOL_EXHAUSTED] += supply - lineCap[line];
        }
        // At active nodes, no more than the network leaves once its holds are counted: units backing holds placed
        // against the network are no order's, near or far (a node's ATP does not know them; 10 held units at a far
        // node were named as too far, and a standard order was then refused as well: found in QA). Units at inactive
        // nodes back no network hold.
        long active = 0;
        for (int r = 1; r < byReason.length; r++)
        {
            active += r == INACTIVE ? 0 : byReason[r];
        }
        final long room = Math.max(0, Math.max(0, networkAtp[line]) + heldNetwork[line] - available);
        active = Math.min(active, room);
        rejectRuledOut = active + byReason[INACTIVE];
        // The reason most of the units counted share. Among the active nodes' reasons, the one with most units before
        // the cap (ties: the lower code), as before; against the inactive nodes' units, it counts no more than the
        // active units counted: 3 units at inactive nodes beside 10 too far, with room for 1, were named too far
        // (found in review; rules version 11).
        int best = 0;
        for (int r = 1; r < byReason.length; r++)
        {
            if (r != INACTIVE && byReason[r] > (best == 0 ? 0 : byReason[best]))
            {
                best = r;
            }
        }
        final long bestCounted = best == 0 ? 0 : Math.min(byReason[best], active);
        final long inactive = byReason[INACTIVE];
        rejectRuledOutReason = (byte)(inactive > bestCounted || inactive > 0 && inactive == bestCounted &&
            INACTIVE < best ? INACTIVE : best);
        if (shipmentLimit > 0 && limitedOut[line] > 0)
        {
            // The limit is what kept units from the line the nodes could give: the same order without it is placed,
            // or short only of units the limit is not why (TOO_FAR_FOR_SERVICE_LEVEL was named beside 3 units the
            // limit left: found in review).
            rejectRuledOutReason = SHIPMENT_LIMIT;
        }
        if (rejectRuledOut == 0)
        {
            rejectRuledOutReason = 0;
        }
    }

    // ------------------------------------------------------------------------------------------------ assignment

    /** Each line takes from the forced node first, then the plan's nodes cheapest first (ties: lower id). */
    private void assign()
    {
        Arrays.fill(units, 0, candidateCount * lineCount, 0);
        final int forcedSlot = forced == null ? NONE : slotOf[forced.index];
        final int first = forcedSlot == NONE ? 0 : 1;
        for (int p = first + 1; p < planSize; p++)
        {
            final int s = plan[p];
            int q = p;
            while (q > first && (cost[plan[q - 1]] > cost[s] ||
                (cost[plan[q - 1]] == cost[s] && location[plan[q - 1]].idRank > location[s].idRank)))
            {
                plan[q] = plan[q - 1];
                q--;
            }
            plan[q] = s;
        }
        for (int i = 0; i < lineCount; i++)
        {
            long left = target[i];
            for (int p = 0; p < planSize && left > 0; p++)
            {
                final int s = plan[p];
                final long take = Math.min(avail[s * lineCount + i], left);
                units[s * lineCount + i] = take;
                left -= take;
            }
            if (left != 0)
            {
                throw new IllegalStateException("sourcing plan does not cover line " + i);
            }
        }
        shipments = 0;
        planCost = 0;
        for (int p = 0; p < planSize; p++)
        {
            final int s = plan[p];
            if (s == forcedSlot || unitsAt(s) > 0)
            {
                selected[s] = true;
                shipments++;
                planCost += Math.max(0, cost[s]);
                int k = chosenCount++;
                while (k > 0 && chosen[k - 1] > s)
                {
                    chosen[k] = chosen[k - 1];
                    k--;
                }
                chosen[k] = s;
            }
        }
        if (shipments > 1)
        {
            planCost += policy.splitPenaltyMinor() * (shipments - 1);
        }
    }

    private long unitsAt(final int s)
    {
        long sum = 0;
        for (int i = 0; i < lineCount; i++)
        {
            sum += units[s * lineCount + i];
        }
        return sum;
    }

    /**
     * Final reasons for eligible nodes: selected, could-have-done-it-alone-but-dearer, or partial — or not needed,
     * when the converted hold's node covered every line (they were once all shown as out of stock, with their stock
     * beside it: found in QA).
     */
    private void explain()
    {
        // Only a line capped to nothing can leave a node with units offering none (the usual plan has none).
        boolean cappedToNothing = false;
        for (int i = 0; i < lineCount; i++)
        {
            cappedToNothing |= need[i] > 0 && lineCap[i] <= 0;
        }
        // The converted hold's node alone ships everything, the fresh units too: the others lost on shipments, not
        // on cost (a cheaper node was shown HIGHER_COST beside a dearer plan; found in review).
        boolean forcedAlone = forced != null && freshNeeded;
        boolean forcedSelected = false;
        for (int s = 0; s < candidateCount && forcedAlone; s++)
        {
            forcedAlone = !selected[s] || location[s] == forced;
            forcedSelected |= selected[s] && location[s] == forced;
        }
        forcedAlone &= forcedSelected;
        for (int s = 0; s < candidateCount; s++)
        {
            if (selected[s])
            {
                reason[s] = (byte)(location[s] == forced ? Codes.SourcingReason.RESERVED_HERE.code() :
                    Codes.SourcingReason.SELECTED.code());
            }
            else if (reason[s] == 0 && capacityWaived && location[s] != forced && atCapacity(s))
            {
                // A node at capacity the hold's waiver made a candidate, and not used: it is at capacity (it was
                // shown as losing on cost: found in review).
                reason[s] = CAPACITY_REACHED;
            }
            else if (reason[s] == 0 && limited && offersLimitedOut(s))
            {
                // It had units the plan left uncovered, and the plan had no shipment left for it.
                reason[s] = SHIPMENT_LIMIT;
            }
            else if (reason[s] == 0)
            {
                reason[s] = !freshNeeded || forcedAlone || ownNodesCovered ? NOT_NEEDED :
                    cappedToNothing && !offersAnything(s) ? cappedReason(s) :
                    (byte)(coversAlone(s) ? Codes.SourcingReason.HIGHER_COST.code() :
                        Codes.SourcingReason.PARTIAL_STOCK.code());
            }
        }
    }

    /**
     * Whether the node could give any needed line a unit once the line's cap (network ATP: units backing holds placed
     * against the network are no line's; the channel's pool across the network) is counted. A node whose stock backed
     * network holds was shown as losing on cost beside a plan of no shipments at all (found in review).
     */
    private boolean offersAnything(final int s)
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (need[i] > 0 && Math.min(avail[s * lineCount + i], lineCap[i]) > 0)
            {
                return true;
            }
        }
        return false;
    }

    /** Whether the node has units of a line the shipment limit left uncovered. */
    private boolean offersLimitedOut(final int s)
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (limitedOut[i] > 0 && avail[s * lineCount + i] > 0)
            {
                return true;
            }
        }
        return false;
    }

    /** Why a node with units offered none: the channel's pool, where it is what capped a line it had units for. */
    private byte cappedReason(final int s)
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (need[i] > 0 && avail[s * lineCount + i] > 0 && poolCap[i] <= 0 &&
                Math.max(0, networkAtp[i]) + heldNetwork[i] > 0)
            {
                return POOL_EXHAUSTED;
            }
        }
        return OUT_OF_STOCK;
    }

    /**
     * Whether the node alone could have given every unit the plan still had to find: each line's target less what a
     * converted hold's node gives. Compared with the whole target, a node that could have shipped everything beside
     * the held node, and lost on cost, was shown PARTIAL_STOCK (found in review; rules version 5).
     */
    private boolean coversAlone(final int s)
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (avail[s * lineCount + i] < remaining[i])
            {
                return false;
            }
        }
        return true;
    }

    // ------------------------------------------------------------------------------------------------ results

    ResultCode code()
    {
        return code;
    }

    int rejectLine()
    {
        return rejectLine;
    }

    long rejectAvailable()
    {
        return rejectAvailable;
    }

    /** Of a refusal: the line's units at nodes this order may not use (0: none). */
    long rejectRuledOut()
    {
        return rejectRuledOut;
    }

    /** Of a refusal: the {@link Codes.SourcingReason} code most of {@link #rejectRuledOut} share (0: none). */
    byte rejectRuledOutReason()
    {
        return rejectRuledOutReason;
    }

    long target(final int line)
    {
        return target[line];
    }

    long shortfall(final int line)
    {
        return shortfall[line];
    }

    int candidateCount()
    {
        return candidateCount;
    }

    Location candidate(final int s)
    {
        return location[s];
    }

    /** How many candidates the plan selected (its shipments). */
    int selectedCount()
    {
        return chosenCount;
    }

    /** The {@code k}-th selected candidate's slot, in slot order. */
    int selectedSlot(final int k)
    {
        return chosen[k];
    }

    long units(final int s, final int line)
    {
        return units[s * lineCount + line];
    }

    /** The stock cell that gives line {@code line} its units at candidate {@code s} (null when it has none). */
    StockCell cell(final int s, final int line)
    {
        return cellOf(skus[line], location[s]);
    }

    long distance(final int s)
    {
        return distance[s];
    }

    int shipments()
    {
        return shipments;
    }

    /** Transit minutes of the slowest selected shipment (pickup: the policy's ready time). */
    int slowestTransitMinutes()
    {
        if (delivery == Codes.DeliveryMethod.PICKUP)
        {
            return policy.pickupReadyMinutes();
        }
        int slowest = 0;
        for (int k = 0; k < chosenCount; k++)
        {
            final int s = chosen[k];
            if (distance[s] >= 0)
            {
                slowest = Math.max(slowest, policy.transitMinutes(level, distance[s]));
            }
        }
        return slowest;
    }

    /**
     * Records the decision (candidates, reasons, plan) with the order's per-line figures
     * ({@link SourcingDecision#LINE_VALUES} per line) and answers its address in {@code store}.
     */
    long record(final DecisionStore store, final long seq, final long nowMillis, final int[] lineValues)
    {
        Arrays.fill(allocatedUnits, 0, candidateCount, 0);
        for (int k = 0; k < chosenCount; k++)
        {
            final int s = chosen[k];
            allocatedUnits[s] = (int)(unitsAt(s) + (location[s] == forced ? sum(forcedUnits) : 0));
        }
        // Each active node's units for each line as the plan could take them: its offer, no more than the line's cap
        // across the network (units backing holds placed against the network are no order's; the channel's pool).
        // The offer alone showed a node whose units network holds had taken as "atp 5" beside OUT_OF_STOCK, and one
        // that gave 2 of its 5 as able to give 5 (found in QA; rules version 10).
        return store.record(nowMillis, seq, exact, shipments, planCost, lineCount, lineValues, candidateCount, location,
            reason, distance, cost, capacityLeft, allocatedUnits, releasedAt == null ? (capBinds() ? capped() : avail) :
            withReleased());
    }

    /**
     * What the decision records when the order ended a node hold: {@link #capped} (or the offers as they are), with
     * the released node's units as it has them once the hold's are back ({@link #releasedOffer}), within the line's
     * cap as the others' are where it counts toward the cap.
     */
    private long[] withReleased()
    {
        final long[] shown;
        if (capBinds())
        {
            shown = capped();
        }
        else
        {
            shown = recordedAtp;
            System.arraycopy(avail, 0, shown, 0, candidateCount * lineCount);
        }
        if (slotStamp[releasedAt.index] != stamp)
        {
            return shown;
        }
        final int row = slotOf[releasedAt.index] * lineCount;
        final boolean counts = releasedAt.active && (channel == null || channel.sourcesFrom(releasedAt));
        for (int i = 0; i < lineCount; i++)
        {
            if (releasedOffer[i] >= 0)
            {
                shown[row + i] = counts ? Math.min(releasedOffer[i], lineCap[i]) : releasedOffer[i];
            }
        }
        return shown;
    }

    /**
     * Whether some node may offer a line more than the line's cap: usually none does (no network holds, no pool), and
     * the offers are recorded as they are. Asked of each line's largest offer as collected, not of every offer again
     * (a pass over them all cost the placement benchmark ~4 %).
     */
    private boolean capBinds()
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (mostOffered[i] > lineCap[i])
            {
                return true;
            }
        }
        return false;
    }

    /**
     * {@link #avail} with each line's units within its cap, in {@link #recordedAtp}; an inactive node's as they are:
     * the cap is the active nodes' (their network ATP, their pooled total), and capped by it an inactive node's 10
     * units read as the 2 the active ones had, or as none (found in review). So are the units of a node the channel
     * does not take stock from: a kept channel's cap counts its own locations only (Review-241).
     */
    private long[] capped()
    {
        final long[] shown = recordedAtp;
        for (int s = 0, k = 0; s < candidateCount; s++)
        {
            final boolean active = location[s].active && (channel == null || channel.sourcesFrom(location[s]));
            for (int i = 0; i < lineCount; i++, k++)
            {
                shown[k] = active ? Math.min(avail[k], lineCap[i]) : avail[k];
            }
        }
        return shown;
    }

    private long sum(final long[] values)
    {
        long total = 0;
        for (int i = 0; i < lineCount; i++)
        {
            total += values[i];
        }
        return total;
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private boolean allZero(final long[] values)
    {
        return allZero(values, lineCount);
    }

    static boolean allZero(final long[] values, final int count)
    {
        for (int i = 0; i < count; i++)
        {
            if (values[i] != 0)
            {
                return false;
            }
        }
        return true;
    }

    private void ensureLocationSlots(final int locations)
    {
        if (slotStamp.length < locations)
        {
            final int capacity = Math.max(locations, slotStamp.length * 2);
            slotStamp = Arrays.copyOf(slotStamp, capacity);
            slotOf = Arrays.copyOf(slotOf, capacity);
        }
    }

    private void ensureCandidateArrays(final int candidates, final int lines)
    {
        if (location.length < candidates)
        {
            final int capacity = Math.max(candidates, location.length * 2);
            location = Arrays.copyOf(location, capacity);
            reason = Arrays.copyOf(reason, capacity);
            distance = Arrays.copyOf(distance, capacity);
            cost = Arrays.copyOf(cost, capacity);
            capacityLeft = Arrays.copyOf(capacityLeft, capacity);
            allocatedUnits = Arrays.copyOf(allocatedUnits, capacity);
            selected = Arrays.copyOf(selected, capacity);
            free = Arrays.copyOf(free, capacity);
            eligible = Arrays.copyOf(eligible, capacity);
            ensurePlan(capacity);
        }
        final int cells = Math.max(candidates * Math.max(lines, 1), CommandCodec.MAX_LINES);
        if (avail.length < cells)
        {
            final int capacity = Math.max(cells, avail.length * 2);
            avail = Arrays.copyOf(avail, capacity);
            asideUnits = new long[capacity];
            units = Arrays.copyOf(units, capacity);
            recordedAtp = new long[capacity];
        }
    }

    void ensurePlan(final int size)
    {
        if (plan.length < size)
        {
            plan = Arrays.copyOf(plan, Math.max(size, plan.length * 2));
            chosen = Arrays.copyOf(chosen, plan.length);
        }
    }
}
