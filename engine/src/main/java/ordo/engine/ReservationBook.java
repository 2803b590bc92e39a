package ordo.engine;

/**
 * Live and recently ended reservations, the expiry queue, and per-customer held quantities. Owned by the engine
 * thread.
 *
 * <p>Expiry is exact: before any command stamped {@code t} is applied, every hold with {@code expiresAt <= t} is
 * expired, so a hold counts for a command at {@code t - 1} and not for one at {@code t}, however late a tick comes.
 * Ended reservations stay readable (and their idempotent replies reproducible) for {@link #RETENTION_MILLIS},
 * then their objects go back to the pool.
 */
final class ReservationBook
{
    static final long RETENTION_MILLIS = 24L * 60 * 60 * 1000;

    private final ReservationTable byId = new ReservationTable();
    private final ExpiryQueue expiries = new ExpiryQueue();
    /**
     * Ended reservations in the order they ended (their times only grow: nothing ends before a command already
     * applied), a ring of ids and, in step, their end times, so retention is checked without a lookup. Positions
     * {@code [endedHead, endedTail)} modulo the capacity, a power of two. Plain arrays: one capacity check per end.
     */
    private long[] endedIds = new long[1024];
    private long[] endedTimes = new long[1024];
    private int endedHead;
    private int endedTail;
    /**
     * Recycled reservations, a stack. A typed array, not a collection: taking one needs no type check, which would
     * read the object's header before the reserve writes it (see {@link #advanceTo}).
     */
    private Reservation[] pool = new Reservation[64];
    private int pooled;
    /** Units each customer holds per SKU, keyed by the exact customer id. */
    private final CustomerLedger ledger = new CustomerLedger();

    /** The catalog the book's reservations resolve their SKUs and node in. */
    private final Catalog catalog;
    private SupplyListener supply = SupplyListener.NONE;
    private long lastId;
    private int liveCount;
    /**
     * No hold expires and no ended reservation passes retention before this time: the earliest of the two, or
     * earlier (a release or a recycle may leave it early; the next {@link #advanceTo} at or past it recomputes it).
     * Most commands have nothing due, and then advancing is one comparison.
     */
    private long nextDueAt = Long.MIN_VALUE;

    ReservationBook(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    void supply(final SupplyListener supply)
    {
        this.supply = supply;
    }

    SupplyListener supply()
    {
        return supply;
    }

    long lastId()
    {
        return lastId;
    }

    void lastId(final long lastId)
    {
        this.lastId = lastId;
    }

    int liveCount()
    {
        return liveCount;
    }

    int size()
    {
        return byId.size();
    }

    Reservation get(final long id)
    {
        return byId.get(id);
    }

    /** Earliest expiry among live holds, O(1): an ended hold leaves the expiry queue at once. */
    long nextExpiryAt()
    {
        return expiries.peekTime();
    }

    /**
     * Units of {@code sku} the customer holds. {@code customerHash} is the id's state hash, which the order book's
     * ledger is keyed by; this book keys its ledger by {@link ByteSlice#tableHash} (cheaper per reserve), so it is
     * not used here.
     */
    long heldBy(final ByteSlice customer, final long customerHash, final Sku sku)
    {
        return held(customer, customer.tableHash(), sku);
    }

    /** {@link #heldBy} with the id's {@link ByteSlice#tableHash} already at hand. */
    long held(final ByteSlice customer, final long customerKey, final Sku sku)
    {
        return ledger.held(customer, customerKey, sku);
    }


    /**
     * Allocates now, for up to {@code holds} reservations in all (live, ended and pooled), the objects a hold needs
     * (the reservation, its customer's ledger entry and its share of the id table's pages), so that taking a hold
     * allocates nothing until there are more. Allocated together at start-up, they are promoted once, by the
     * collection that follows, instead of each being copied through the young generation by the collections after
     * its reserve. Not state: the pools are neither hashed nor snapshotted.
     */
    void preallocate(final int holds)
    {
        final int missing = holds - byId.size() - pooled;
        if (missing > 0)
        {
            if (pool.length < pooled + missing)
            {
                pool = java.util.Arrays.copyOf(pool, pooled + missing);
            }
            for (int i = 0; i < missing; i++)
            {
                pool[pooled++] = new Reservation(catalog);
            }
        }
        ledger.preallocate(holds);
        byId.preallocate(holds);
    }

    /** A pooled reservation object with a fresh id, not yet visible: fill it, then {@link #hold}. */
    Reservation newReservation()
    {
        // Last in, first out: the reservation recycled last is the likeliest to be in cache.
        final Reservation reservation;
        if (pooled == 0)
        {
            reservation = new Reservation(catalog);
        }
        else
        {
            // The slot is not cleared: every reservation ever made stays reachable (live, retained or pooled), so a
            // stale reference keeps nothing alive, and the store would cost a card mark per reserve.
            reservation = pool[--pooled];
        }
        reservation.id = ++lastId;
        return reservation;
    }

    /** Makes a filled reservation live and takes its stock. Every line has been validated by the caller. */
    void hold(final Reservation reservation)
    {
        reservation.status(Codes.ReservationStatus.HELD);
        reservation.endedAt = 0;
        reservation.convertedBy = 0;
        final CustomerLedger.Entry holder = ledger.entry(reservation, reservation.customerKey);
        reservation.ledgerEntry = holder;
        final Location location = reservation.location();
        for (int i = 0; i < reservation.lineCount; i++)
        {
            final Sku sku = reservation.sku(i);
            final int qty = reservation.qty(i);
            if (location == null)
            {
                sku.addNetworkReserved(qty);
                if (catalog.countsByChannel())
                {
                    sku.addNetworkHeld(reservation.channelHash, qty);
                }
            }
            else
            {
                sku.findCell(location).addReserved(qty, reservation.channelHash);
            }
            // Counted for every SKU, not only limited ones: DEFINE_SKU may set or lift a limit while holds are live,
            // and the count must still equal the live holds then (and what a snapshot restore rebuilds). Counting
            // only under a limit left stale counts after 2 -> 0 -> 2 and missed holds after 0 -> 2, so live and
            // restored engines decided PER_CUSTOMER_LIMIT differently (found by stockInvariantHoldsAfterEveryCommand).
            ledger.add(holder, sku, qty);
        }
        byId.put(reservation);
        expiries.add(reservation);
        liveCount++;
        nextDueAt = Math.min(nextDueAt, reservation.expiresAt);
    }

    /** Gives a held reservation's stock back and ends it with the given status at the given time. */
    void end(final Reservation reservation, final Codes.ReservationStatus status, final long timeMillis)
    {
        // In locals: the calls in the loop are not all inlined, and each would make the fields be read again.
        final Location location = reservation.location();
        final CustomerLedger.Entry holder = reservation.ledgerEntry;
        final int lineCount = reservation.lineCount;
        for (int i = 0; i < lineCount; i++)
        {
            final Sku sku = reservation.sku(i);
            final int qty = reservation.qty(i);
            if (location == null)
            {
                sku.addNetworkReserved(-qty);
                if (catalog.countsByChannel())
                {
                    sku.addNetworkHeld(reservation.channelHash, -qty);
                }
            }
            else
            {
                sku.findCell(location).addReserved(-qty, reservation.channelHash);
            }
            // Whatever the SKU's limit is now: see hold().
            ledger.remove(holder, sku, qty);
            supply.onSupplyMayHaveGrown(sku);
        }
        reservation.ledgerEntry = null;
        reservation.status(status);
        reservation.endedAt = timeMillis;
        addEnded(reservation.id, timeMillis);
        liveCount--;
        expiries.remove(reservation);
        nextDueAt = Math.min(nextDueAt, timeMillis + RETENTION_MILLIS);
    }

    /**
     * Expires every hold whose time has come, oldest first, ties by id; then recycles ended reservations past
     * retention. Bounded by the number of holds that are due.
     */
    void advanceTo(final long nowMillis, final long seq, final EventSink events)
    {
        if (nowMillis >= nextDueAt)
        {
            advanceDue(nowMillis, seq, events);
        }
    }

    private void advanceDue(final long nowMillis, final long seq, final EventSink events)
    {
        // The time first (kept by the queue): the hold itself is read only when it is due.
        while (expiries.peekTime() <= nowMillis && !expiries.isEmpty())
        {
            final Reservation due = expiries.peek();
            final long expiresAt = due.expiresAt;
            end(due, Codes.ReservationStatus.EXPIRED, expiresAt);
            events.onEvent(EventType.RESERVATION_EXPIRED, seq, expiresAt, due.id);
        }
        final int mask = endedIds.length - 1;
        while (endedHead != endedTail && endedTimes[endedHead & mask] + RETENTION_MILLIS <= nowMillis)
        {
            final long id = endedIds[endedHead & mask];
            endedHead++;
            final Reservation oldest = byId.remove(id);
            if (oldest == null)
            {
                throw new IllegalStateException("ended reservation " + id + " is not in the table");
            }
            // Not touched here: a hold this old is a cold line, and the reserve that takes it next overwrites every
            // field it reads (its first touch is then a write, which does not stall; a read here would). Ended, it
            // refers to nothing but its own arrays: the expiry queue and end() cleared its links and ledger entry, and
            // its SKUs and node are numbers.
            if (pooled == pool.length)
            {
                pool = java.util.Arrays.copyOf(pool, pooled * 2);
            }
            pool[pooled++] = oldest;
        }
        nextDueAt = Math.min(expiries.peekTime(),
            endedHead == endedTail ? Long.MAX_VALUE : endedTimes[endedHead & mask] + RETENTION_MILLIS);
    }

    private void addEnded(final long id, final long timeMillis)
    {
        if (endedTail - endedHead == endedIds.length)
        {
            growEnded();
        }
        final int at = endedTail & (endedIds.length - 1);
        endedIds[at] = id;
        endedTimes[at] = timeMillis;
        endedTail++;
    }

    private void growEnded()
    {
        final int count = endedTail - endedHead;
        final long[] ids = new long[endedIds.length * 2];
        final long[] times = new long[ids.length];
        for (int i = 0; i < count; i++)
        {
            final int from = (endedHead + i) & (endedIds.length - 1);
            ids[i] = endedIds[from];
            times[i] = endedTimes[from];
        }
        endedIds = ids;
        endedTimes = times;
        endedHead = 0;
        endedTail = count;
    }

    /** Visits every reservation (live and retained) in id order: snapshots and state hashes. Allocates. */
    void forEachInIdOrder(final java.util.function.Consumer<Reservation> visitor)
    {
        byId.forEachInIdOrder(visitor);
    }

    /**
     * When the first channel is defined ({@link Catalog#countsByChannel}): counts the holds already live, per channel
     * ({@link Sku#networkHeldBy} for network holds, {@link StockCell#takenBy} for node holds), so the counts always
     * equal the live holds, in a live engine and in one restored from a snapshot alike.
     */
    /**
     * The units each SKU (by index, {@code skus} of them) is held against the network by live holds of the channel
     * of hash {@code channelHash}, read from the holds themselves: for the first channel an engine defines, before
     * holds are counted per channel ({@link ChannelCommands}). Reads every live hold.
     */
    long[] networkHeldBy(final long channelHash, final int skus)
    {
        final long[] held = new long[skus];
        byId.forEachInIdOrder(reservation ->
        {
            if (reservation.isHeld() && reservation.location() == null && reservation.channelHash == channelHash)
            {
                for (int i = 0; i < reservation.lineCount; i++)
                {
                    held[reservation.sku(i).index] += reservation.qty(i);
                }
            }
        });
        return held;
    }

    void countHoldsByChannel()
    {
        byId.forEachInIdOrder(reservation ->
        {
            if (reservation.isHeld())
            {
                countByChannel(reservation);
            }
        });
    }

    /** Counts a live hold's lines for its channel: against the network, or at its node. */
    private static void countByChannel(final Reservation reservation)
    {
        final Location location = reservation.location();
        for (int i = 0; i < reservation.lineCount; i++)
        {
            if (location == null)
            {
                reservation.sku(i).addNetworkHeld(reservation.channelHash, reservation.qty(i));
            }
            else
            {
                reservation.sku(i).findCell(location).addTaken(reservation.channelHash, reservation.qty(i));
            }
        }
    }

    /** Restores a reservation read from a snapshot (live or ended) without touching stock: cells carry it. */
    void restore(final Reservation reservation)
    {
        nextDueAt = Long.MIN_VALUE;
        byId.put(reservation);
        if (reservation.isHeld())
        {
            expiries.add(reservation);
            liveCount++;
            reservation.ledgerEntry = ledger.entry(reservation, reservation.customerKey);
            for (int i = 0; i < reservation.lineCount; i++)
            {
                // Every SKU, as in hold().
                ledger.add(reservation.ledgerEntry, reservation.sku(i), reservation.qty(i));
            }
            // Channels are restored before holds: counted as a live engine with these channels counts.
            if (catalog.countsByChannel())
            {
                countByChannel(reservation);
            }
        }
    }

    /** Ends a held reservation as converted by an order: its stock is given back for the order to take. */
    void convert(final Reservation reservation, final long orderId, final long timeMillis)
    {
        end(reservation, Codes.ReservationStatus.CONVERTED, timeMillis);
        reservation.convertedBy = orderId;
    }

    /**
     * After orders and reservations are restored: tells each converted hold still kept which order converted it —
     * the order naming it whose placement converted it ({@link Order#convertedItsReservation}; an order that named
     * the hold and fell back to available stock names it too).
     */
    void relinkConversions(final OrderBook orders)
    {
        for (long id = 1, last = orders.lastId(); id <= last; id++)
        {
            final Order order = orders.get(id);
            if (order.reservationId == 0)
            {
                continue;
            }
            final Reservation hold = byId.get(order.reservationId);
            if (hold != null && hold.status() == Codes.ReservationStatus.CONVERTED && order.convertedItsReservation())
            {
                hold.convertedBy = order.id;
            }
        }
    }

    /** After all restores: rebuild the ended queue in (endedAt, id) order, the order it was built live. */
    void restoreEndedOrder()
    {
        final java.util.List<Reservation> endedList = new java.util.ArrayList<>();
        byId.forEachInIdOrder(reservation ->
        {
            if (!reservation.isHeld())
            {
                endedList.add(reservation);
            }
        });
        endedList.sort((x, y) -> x.endedAt != y.endedAt ? Long.compare(x.endedAt, y.endedAt) : Long.compare(x.id, y.id));
        for (final Reservation reservation : endedList)
        {
            addEnded(reservation.id, reservation.endedAt);
        }
        nextDueAt = Long.MIN_VALUE;
    }
}
