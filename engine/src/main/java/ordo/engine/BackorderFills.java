package ordo.engine;

import java.util.Arrays;

/**
 * The sourcing decisions of an order's backorder fills: each time the {@link BackorderFiller} allocates units of a
 * backordered line, the plan it made for that line (every candidate node with its reason, distance, cost, capacity
 * and the units it could give), the order line, and what triggered the fill — the journaled command during which
 * it happened, or {@link #TRIGGER_ENGINE_TIME} when engine time moving on (a hold expired, a new day gave capacity
 * back) filled it before the command ran. The placement decision explains the first allocation; these explain
 * the rest, for GET /v1/orders/{id}/sourcing.
 *
 * <p>Bounded per order: the first {@link #MAX_RECORDED} fills are kept whole (the earliest ones: a view of them
 * never shifts under a reader), later ones only counted with their units — each fill is also a
 * {@code BACKORDER_ALLOCATED} event on the order's timeline, with its sequence, node and units. An order gets one
 * only at its first fill (most orders never have one), so placement neither builds nor touches it. Owned by the
 * engine thread; a recorded fill is never written again.
 */
final class BackorderFills
{
    /** Fills kept whole per order; one planned over 50 candidate nodes takes about 1 KB. */
    static final int MAX_RECORDED = 16;
    /** The trigger of a fill made because engine time moved on, before the command stamped with it ran. */
    static final byte TRIGGER_ENGINE_TIME = 0;

    private int count;
    /** Addresses of the fills' decisions in the engine's {@link DecisionStore}. */
    private long[] decisions = new long[2];
    private int[] line = new int[2];
    /** {@link CommandType#code()} of the command during which the fill happened, or {@link #TRIGGER_ENGINE_TIME}. */
    private byte[] trigger = new byte[2];
    private int moreFills;
    private long moreUnits;

    /** Whether another fill is kept whole; if not, {@link #countMore} it. */
    boolean hasRoom()
    {
        return count < MAX_RECORDED;
    }

    /** Adds a fill of an order line, with its recorded decision ({@link DecisionStore#record}). */
    void add(final int orderLine, final byte cause, final long decisionAt)
    {
        if (count == MAX_RECORDED)
        {
            throw new IllegalStateException("backorder fills beyond " + MAX_RECORDED + " are counted, not kept");
        }
        if (count == decisions.length)
        {
            final int capacity = Math.min(MAX_RECORDED, count * 2);
            decisions = Arrays.copyOf(decisions, capacity);
            line = Arrays.copyOf(line, capacity);
            trigger = Arrays.copyOf(trigger, capacity);
        }
        decisions[count] = decisionAt;
        line[count] = orderLine;
        trigger[count] = cause;
        count++;
    }

    /** A fill beyond {@link #MAX_RECORDED}: only counted, with the units it allocated. */
    void countMore(final long units)
    {
        moreFills++;
        moreUnits += units;
    }

    /** Restores the count of fills beyond {@link #MAX_RECORDED} (snapshot read). */
    void restoreMore(final int fills, final long units)
    {
        moreFills = fills;
        moreUnits = units;
    }

    int count()
    {
        return count;
    }

    /** The address of a fill's decision in the engine's {@link DecisionStore}. */
    long decision(final int fill)
    {
        return decisions[fill];
    }

    int line(final int fill)
    {
        return line[fill];
    }

    byte trigger(final int fill)
    {
        return trigger[fill];
    }

    int moreFills()
    {
        return moreFills;
    }

    long moreUnits()
    {
        return moreUnits;
    }

    long hash(final DecisionStore store)
    {
        long h = Hashing.combine(Hashing.SEED, count);
        for (int f = 0; f < count; f++)
        {
            h = Hashing.combine(h, line[f]);
            h = Hashing.combine(h, trigger[f]);
            h = Hashing.combine(h, store.view(decisions[f]).hash());
        }
        h = Hashing.combine(h, moreFills);
        return Hashing.combine(h, moreUnits);
    }
}
