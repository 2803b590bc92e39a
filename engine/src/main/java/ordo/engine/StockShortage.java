package ordo.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Orders allocated units a node no longer has. A count or a loss may leave a node with fewer units on hand than its
 * orders were allocated there; those allocations can never be picked. The newest orders give theirs up first (the
 * oldest keep the stock they were promised): the units go back to backorder on the order, whatever the SKU allows for
 * new orders (the order was accepted), and the backorder fill that follows the stock command sources them afresh at
 * other nodes, oldest order first, as any backorder is ({@link BackorderFiller}, its fill recorded with the command
 * as its trigger). Safety stock is a buffer allocations may stand on: only units missing from {@code onHand} are
 * short. Holds at the node are not touched (their shortfall shows as negative ATP, as before). Rules version 5: the
 * allocations stayed, and a warehouse would have been handed picks it could not fill (found in QA).
 *
 * <p>Which orders hold units at the node is read from the cell's own chain of allocation records ({@link
 * StockCell#lastAllocation}, newest allocation first), not from the SKU's orders: walking every order of the SKU from
 * the newest, a node whose allocations were old walked the SKU's whole history on the engine thread — 4.3 ms with
 * 20 000 newer orders of the SKU elsewhere, 16.8 ms with 100 000 (found in an audit). The chain is in the order the
 * allocations were made, and a backorder fill gives an old order a new one, so it is not in order id order; each
 * record keeps a bound ({@link Order#newestOrderThen}: its order's id, or the bound of the record under it if
 * greater), and every record under it belongs to an order no newer than that. The walk stops once the orders newer
 * than the bound where it is — complete, since none of their records can lie further on — hold the units short: those
 * are the ones that give units up, newest first, as before. A restock's fills of waiting orders, oldest first, have
 * bounds as tight as placements' (their own ids); only fills of orders older than one placed at the node since run
 * under that order's bound. Records emptied for good (units 0: a cancellation, an earlier
 * shortage) are unlinked as the walk meets them, so each costs one walk at most.
 */
final class StockShortage
{
    private final OrderBook orders;
    private final EventSink events;
    /**
     * The lines sent back to backorder by one resolve, queued in one merge at its end: newest order first, one line
     * per order at most (an order has one line per SKU: DUPLICATE_SKU).
     */
    private long[] queued = new long[16];
    /**
     * The orders the walk found holding units at the node while it may still find newer ones: a max-heap by order id
     * of (id × 2^32 + units there), one entry per record.
     */
    private long[] heap = new long[16];
    /** The walk's answer: (order id × 2^32 + units there), newest first, one entry per order. */
    private long[] newestFirst = new long[16];

    /**
     * Whether the walk follows the cell's chain (true but in tests, which compare it with an engine that walks every
     * order from the newest, as the SKU's chain of orders once did: they must decide alike).
     */
    boolean byCell = true;
    /** The allocation records the last walk read (tests: what a walk costs does not grow with the SKU's history). */
    int recordsRead;

    StockShortage(final OrderBook orders, final EventSink events)
    {
        this.orders = orders;
        this.events = events;
    }

    /**
     * Moves to backorder the units allocated at {@code cell} beyond its {@code onHand}, newest order first.
     *
     * @param trigger names the command, for the timeline's note
     * @param reason an adjustment's reason (DAMAGE, COUNT, …), named in the note too; null for a count's PUT
     */
    void resolve(final Sku sku, final StockCell cell, final CommandType trigger, final Codes.AdjustmentReason reason,
        final long seq, final long now)
    {
        long missing = cell.allocated - Math.max(0, cell.onHand);
        if (missing <= 0)
        {
            return;
        }
        final Location node = cell.location;
        boolean freedAFullDay = false;
        final byte[] note = ("stock short at " + new String(node.id, StandardCharsets.US_ASCII) + " after " +
            trigger.name() + (reason == null ? "" : " (" + reason.name() + ")")).getBytes(StandardCharsets.US_ASCII);
        int queuedCount = 0;
        final int candidates = byCell ? ordersAt(cell, missing) : everyOrderNewestFirst();
        for (int c = 0; c < candidates && missing > 0; c++)
        {
            final Order order = orders.get(newestFirst[c] >>> 32);
            final int line = order.lineOf(sku);
            // Released on (none yet: the warehouse's short pick will say so) or ended: not the engine's to move.
            if (line < 0 || order.allocated(line) == 0 || OrderFlow.isFinal(order.status))
            {
                continue;
            }
            final int take = OrderFlow.takeAllocated(order, line, node, (int)Math.min(missing, order.allocated(line)),
                Codes.OrderEventType.BACKORDERED, note, seq, now);
            if (take == 0)
            {
                continue;
            }
            if (order.backordered(line) == 0)
            {
                if (queuedCount == queued.length)
                {
                    queued = Arrays.copyOf(queued, queuedCount * 2);
                }
                queued[queuedCount++] = OrderBook.pack(order.id, line);
            }
            orders.backordered(order, line, order.backordered(line) + take);
            missing -= take;
            // Unknown again while units wait; the fill that completes the order promises anew.
            order.promisedDeliveryBy = 0;
            freedAFullDay |= order.returnUnusedCapacity();
            orders.shipmentsMayHaveEnded(order);
            OrderFlow.settle(order, seq, now);
            events.onEvent(EventType.ORDER_BACKORDERED, seq, now, order.id);
        }
        orders.enqueueBackordersInOrder(sku, queued, queuedCount);
        if (freedAFullDay)
        {
            // A full node's day given back may let another SKU's backorder go there.
            orders.markEveryQueue();
        }
    }

    /**
     * The orders that may give up units at the cell, newest first, into {@link #newestFirst}: every one newer than
     * where the walk stopped, which together hold at least {@code missing} units there, or every one holding units
     * there. Answers how many.
     */
    private int ordersAt(final StockCell cell, final long missing)
    {
        int inHeap = 0;
        int out = 0;
        long certain = 0;
        long newer = RecordArena.NONE;
        long a = cell.lastAllocation;
        recordsRead = 0;
        while (a != RecordArena.NONE)
        {
            recordsRead++;
            // Every record from here on belongs to an order no newer than the bound: the orders above it are complete.
            final int bound = Order.newestOrderThen(a);
            while (inHeap > 0 && (heap[0] >>> 32) > bound)
            {
                final long top = heap[0];
                inHeap = popMax(inHeap);
                certain += (int)top;
                out = emit(out, top);
            }
            if (certain >= missing)
            {
                break;
            }
            final long older = Order.previousAtCell(a);
            final int units = Order.allocationUnits(a);
            if (units == 0)
            {
                // Emptied for good (units are only ever taken from a record): out of the chain.
                if (newer == RecordArena.NONE)
                {
                    cell.lastAllocation = older;
                }
                else
                {
                    Order.previousAtCell(newer, older);
                }
                a = older;
                continue;
            }
            final int id = Order.allocationOrder(a);
            if (!OrderFlow.isFinal(orders.get(id).status))
            {
                inHeap = push(inHeap, (long)id << 32 | units);
            }
            newer = a;
            a = older;
        }
        while (inHeap > 0)
        {
            final long top = heap[0];
            inHeap = popMax(inHeap);
            out = emit(out, top);
        }
        return out;
    }

    /** Adds an order leaving the heap to the answer, merged with the one before it if it is the same order. */
    private int emit(final int out, final long entry)
    {
        if (out > 0 && (newestFirst[out - 1] >>> 32) == (entry >>> 32))
        {
            newestFirst[out - 1] += (int)entry;
            return out;
        }
        if (out == newestFirst.length)
        {
            newestFirst = Arrays.copyOf(newestFirst, out * 2);
        }
        newestFirst[out] = entry;
        return out + 1;
    }

    /** Adds an entry to the heap of {@code size} entries; answers its new size. */
    private int push(final int size, final long entry)
    {
        if (size == heap.length)
        {
            heap = Arrays.copyOf(heap, size * 2);
        }
        int i = size;
        while (i > 0)
        {
            final int parent = (i - 1) >>> 1;
            if ((heap[parent] >>> 32) >= (entry >>> 32))
            {
                break;
            }
            heap[i] = heap[parent];
            i = parent;
        }
        heap[i] = entry;
        return size + 1;
    }

    /** Drops the heap's newest order (read it at index 0 first); answers its new size. */
    private int popMax(final int size)
    {
        final int left = size - 1;
        final long last = heap[left];
        int i = 0;
        while (true)
        {
            final int child = 2 * i + 1;
            if (child >= left)
            {
                break;
            }
            final int newer = child + 1 < left && (heap[child + 1] >>> 32) > (heap[child] >>> 32) ? child + 1 : child;
            if ((heap[newer] >>> 32) <= (last >>> 32))
            {
                break;
            }
            heap[i] = heap[newer];
            i = newer;
        }
        heap[i] = last;
        return left;
    }

    /** The reference walk: every order, newest first (tests). */
    private int everyOrderNewestFirst()
    {
        final int count = (int)orders.lastId();
        if (newestFirst.length < count)
        {
            newestFirst = new long[count];
        }
        for (int i = 0; i < count; i++)
        {
            newestFirst[i] = (long)(count - i) << 32;
        }
        return count;
    }
}
