package ordo.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * What the engine publishes for the gateway's event loops to answer one request without a command: whether a network
 * hold of one SKU would now be refused as sold out. In a flash sale most requests come after the stock is gone, and
 * each of them otherwise costs a slot in the ring, a journal record, the engine and a hand-over back to the event
 * loop, to change nothing (docs/INTERNALS.md, "Sold out at the gateway").
 *
 * <p>Written by the engine thread only, at the end of a command ({@link Engine#apply}) and of a snapshot restore,
 * never in the middle of one, so a reader never sees a state between two commands. Read by any thread.
 *
 * <p>Why an answer from here is the answer the engine would give (the gateway asks only for a request the engine
 * would refuse for stock alone: one line, no location, no idempotency key, a channel already in use, a valid body):
 * <ul>
 *   <li>Only what is journaled: the engine may apply a command before the journal has it (the stages run in
 *       parallel; with fused stages the batch is committed after it is applied), and such a command may yet be lost
 *       (a crash, a failed append). Before it writes a mark, the earliest expiry or its time for a command, the
 *       engine writes the command's seq; the reader reads it after the rest and gets the seq of a state no older than
 *       anything it read ({@link #soldOutAsOf}); the gateway answers only once the journal's committed seq has reached
 *       it. (A SKU's or channel's entry is added without a seq: a new SKU's entry shows nothing until it is marked,
 *       and a channel's only rules out an id-hash collision, which a lost command cannot undo.) A command that writes
 *       nothing left the marks, the earliest expiry and engine time as they were, so the answer holds for it too.</li>
 *   <li>A SKU is marked sold out when its network ATP is 0 or less: a network hold of any quantity is then refused
 *       with {@code INSUFFICIENT_STOCK}, 0 available, whatever the channel's pool (a pool only lowers what is
 *       available), and whatever the customer holds: the engine checks stock before a per-customer limit (rules
 *       version 2). A sale window is published with the mark and checked against the time.</li>
 *   <li>The engine ends holds whose time has passed before it applies a command, which can raise ATP. The engine
 *       publishes, in this order at the end of a command: the marks that changed, the earliest expiry of any live
 *       hold, its time. A reader reads them in the opposite order ({@link #soldOutAsOf}), and then the clock.
 *       So the marks it reads are of a state no older than the time and expiry it read, and no hold of that state is
 *       due: those live at the expiry it read are not due before it; those made since were made at engine time at
 *       least the time it read, with a hold time of at least {@link ReservationCommands#MIN_TTL_MILLIS}, and the
 *       reader requires its clock to be less than that far ahead of engine time. When the engine has been idle that
 *       long, or a hold is due, the request goes to the engine. This assumes the wall clock does not step back by
 *       more than that hold time between two readings on different threads (a clock behind engine time sends the
 *       request to the engine; a sale window's end keeps that margin too).</li>
 *   <li>Every command completed before the request arrived published what it changed before it was answered, so the
 *       state read is no older than any the client could have seen.</li>
 * </ul>
 * A refusal answered from here is not journaled (it changes nothing); the gateway counts them
 * ({@code ordo_reservations_sold_out_at_gateway_total}), and {@code http.soldOutAtGateway: false} turns it off.
 */
public final class SoldOutBoard
{
    private static final VarHandle SLOTS = MethodHandles.arrayElementVarHandle(Entry[].class);
    private static final VarHandle ENTRY_STATE;
    private static final VarHandle ENGINE_TIME;
    private static final VarHandle NEXT_EXPIRY_AT;
    private static final VarHandle SEQ;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            ENTRY_STATE = lookup.findVarHandle(Entry.class, "state", SaleState.class);
            ENGINE_TIME = lookup.findVarHandle(SoldOutBoard.class, "engineTime", long.class);
            NEXT_EXPIRY_AT = lookup.findVarHandle(SoldOutBoard.class, "nextExpiryAt", long.class);
            SEQ = lookup.findVarHandle(SoldOutBoard.class, "seq", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A sold-out SKU's sale window as the engine last published it (immutable). */
    static final class SaleState
    {
        final long saleStartsAt;
        final long saleEndsAt;

        SaleState(final long saleStartsAt, final long saleEndsAt)
        {
            this.saleStartsAt = saleStartsAt;
            this.saleEndsAt = saleEndsAt;
        }
    }

    /** One SKU's or channel's id and, for a SKU, whether it is sold out (a {@link SaleState}) or not (null). */
    static final class Entry
    {
        final byte[] id;
        final long hash;
        @SuppressWarnings("unused") // through ENTRY_STATE
        private SaleState state;

        Entry(final byte[] id)
        {
            this.id = id;
            this.hash = Hashing.hash(id, 0, id.length);
        }

        SaleState state()
        {
            return (SaleState)ENTRY_STATE.getAcquire(this);
        }
    }

    private final IdTable skus = new IdTable();
    private final IdTable channels = new IdTable();
    @SuppressWarnings("unused") // through ENGINE_TIME
    private long engineTime = Long.MIN_VALUE;
    @SuppressWarnings("unused") // through NEXT_EXPIRY_AT
    private long nextExpiryAt = Long.MAX_VALUE;
    @SuppressWarnings("unused") // through SEQ
    private long seq = -1;
    /** The engine thread's copy of {@link #seq}: written only when it changes. */
    private long seqWritten = -1;

    /** {@link #soldOutAsOf}'s answer when the engine's answer is not certain. */
    public static final long NOT_CERTAIN = -1;

    /**
     * Any thread: the seq as of which the engine would refuse a network hold of one line of the SKU
     * {@code bytes[skuStart, skuStart + skuLength)} for the channel {@code bytes[channelStart, channelStart +
     * channelLength)} with {@code INSUFFICIENT_STOCK}, 0 available, at the time {@code clock} gives (read after
     * everything else); {@link #NOT_CERTAIN} whenever that is not certain. The answer holds only once the journal has
     * committed that seq: before that, the state it was read from may yet be lost.
     */
    public long soldOutAsOf(final byte[] bytes, final int skuStart, final int skuLength, final int channelStart,
        final int channelLength, final org.agrona.concurrent.EpochClock clock)
    {
        // The opposite of the order the engine writes them in: see the class comment.
        final long time = (long)ENGINE_TIME.getAcquire(this);
        final long expiry = (long)NEXT_EXPIRY_AT.getAcquire(this);
        final Entry sku = skus.find(bytes, skuStart, skuLength);
        final SaleState state = sku == null ? null : sku.state();
        if (state == null || channels.find(bytes, channelStart, channelLength) == null)
        {
            return NOT_CERTAIN;
        }
        final long asOf = (long)SEQ.getAcquire(this);
        final long now = clock.time();
        // now < time: the clock went back; the engine's time is its own then, not the request's.
        return time != Long.MIN_VALUE && now >= time && now - time < ReservationCommands.MIN_TTL_MILLIS &&
            expiry > now && now >= state.saleStartsAt &&
            now < state.saleEndsAt - ReservationCommands.MIN_TTL_MILLIS ? asOf : NOT_CERTAIN;
    }

    /** Engine time and the earliest expiry, as of the command {@code seqNow} just applied; after the marks. */
    void publish(final long seqNow, final long engineTimeNow, final long nextExpiryAtNow)
    {
        writing(seqNow);
        NEXT_EXPIRY_AT.setRelease(this, nextExpiryAtNow);
        ENGINE_TIME.setRelease(this, engineTimeNow);
    }

    /** Engine thread, before anything of the command {@code seqNow} is written. */
    private void writing(final long seqNow)
    {
        if (seqNow != seqWritten)
        {
            seqWritten = seqNow;
            SEQ.setRelease(this, seqNow);
        }
    }

    /** Engine time as last published (any thread); {@link Long#MIN_VALUE} before the first command. */
    long engineTime()
    {
        return (long)ENGINE_TIME.getAcquire(this);
    }

    /** The earliest expiry of a live hold as last published (any thread); {@link Long#MAX_VALUE} when none. */
    long nextExpiryAt()
    {
        return (long)NEXT_EXPIRY_AT.getAcquire(this);
    }

    /** Engine thread: a SKU defined; it is not sold out until {@link #mark} says so. */
    Entry addSku(final byte[] id)
    {
        return skus.add(id);
    }

    /** Engine thread: a channel interned (used by a hold or an order, or defined). */
    void addChannel(final byte[] id)
    {
        if (channels.find(id, 0, id.length) == null)
        {
            channels.add(id);
        }
    }

    /** Engine thread: as of the command {@code seqNow}, {@code sku} is sold out within this sale window, or not. */
    void mark(final long seqNow, final Entry sku, final boolean soldOut, final long saleStartsAt,
        final long saleEndsAt)
    {
        writing(seqNow);
        ENTRY_STATE.setRelease(sku, soldOut ? new SaleState(saleStartsAt, saleEndsAt) : null);
    }

    /** Engine thread (or the invariant check): whether {@code sku} is published sold out with this sale window. */
    static boolean showsWindow(final Entry sku, final long saleStartsAt, final long saleEndsAt)
    {
        final SaleState state = sku.state();
        return state != null && state.saleStartsAt == saleStartsAt && state.saleEndsAt == saleEndsAt;
    }

    /** Whether {@code sku} is published as sold out (for the invariant check). */
    static boolean isMarked(final Entry sku)
    {
        return sku.state() != null;
    }

    /**
     * Ids by hash, open addressing, at most half full, insert only: a reader racing an insert finds the id or not, and
     * a reader of the table a resize replaced still reads the same entries.
     */
    private static final class IdTable
    {
        private volatile Entry[] table = new Entry[64];
        private int size;

        Entry find(final byte[] bytes, final int start, final int length)
        {
            final long hash = Hashing.hash(bytes, start, length);
            final Entry[] t = table;
            final int mask = t.length - 1;
            for (int i = (int)hash & mask; ; i = (i + 1) & mask)
            {
                final Entry e = (Entry)SLOTS.getAcquire(t, i);
                if (e == null)
                {
                    return null;
                }
                if (e.hash == hash && Arrays.equals(e.id, 0, e.id.length, bytes, start, start + length))
                {
                    return e;
                }
            }
        }

        Entry add(final byte[] id)
        {
            final Entry entry = new Entry(id);
            if ((size + 1) * 2 > table.length)
            {
                final Entry[] grown = new Entry[table.length * 2];
                for (final Entry e : table)
                {
                    if (e != null)
                    {
                        place(grown, e);
                    }
                }
                table = grown;
            }
            place(table, entry);
            size++;
            return entry;
        }

        private static void place(final Entry[] t, final Entry e)
        {
            final int mask = t.length - 1;
            int i = (int)e.hash & mask;
            while (t[i] != null)
            {
                i = (i + 1) & mask;
            }
            SLOTS.setRelease(t, i, e);
        }
    }
}
