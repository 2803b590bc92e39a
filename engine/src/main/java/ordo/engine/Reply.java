package ordo.engine;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;

/**
 * What the engine answers for one command: a result code, a small fixed tuple and, for views, variable data laid
 * out as in {@link ReplyCodec}. One instance lives in each ring slot and is reused ({@link #reset}); the data
 * buffer grows to the largest view it has carried and then stops allocating (up to {@link #MAX_KEPT_DATA}).
 *
 * <p>Owned by the engine thread while the command is applied, then by the reply thread once the ring's sequence
 * barrier says the engine is done with the slot. Reading the view may write it (a pending view is laid out on first
 * read, see {@link #pendingView}), so only the thread that owns the reply reads it; the ring's barriers order the
 * hand-over both ways.
 */
public final class Reply
{
    /**
     * Past this, a reply's data buffer is let go at the next {@link #reset} rather than kept: a page of 200 channels
     * with a hundred pools each is about 1.5 MB, and every ring slot kept the largest view it had carried (8 192
     * slots: gigabytes, found in review). Below it the buffer stays, and replies allocate nothing; at most 512 MiB
     * over 8 192 slots.
     */
    static final int MAX_KEPT_DATA = 64 * 1024;
    private static final int INITIAL_DATA = 256;

    private ExpandableArrayBuffer data = new ExpandableArrayBuffer(INITIAL_DATA);
    private final PayloadWriter writer = new PayloadWriter();

    private ResultCode code = ResultCode.OK;
    private boolean replayed;
    private long seq;
    private long timeMillis;
    private long entityId;
    private long a;
    private long b;
    private long c;
    private long d;
    private int dataLength;
    /**
     * A reservation view not yet written ({@link #NO_VIEW} when none is pending). Two common views are laid out
     * when first read ({@link #data}, {@link #dataLength}, {@link #readData}) — by the reply stage, which marshals
     * answers, not by the engine thread, as at LMAX: a RESERVE's, whose bytes are the command's own ids and lines
     * around the hold's id and times (it points into the command: valid while the command's payload is, which the
     * pipeline keeps until the reply stage has read the slot), and an ended one-line hold's, whose fields are copied
     * here (every reference is to something never changed or freed: an interned channel id, a location's id, a SKU).
     */
    private int pendingView;
    private static final int NO_VIEW = 0;
    private static final int HELD_VIEW = 1;
    private static final int ONE_LINE_VIEW = 2;
    private DirectBuffer heldCommand;
    private int heldIdsAt;
    private int heldIdsLength;
    private int heldLinesAt;
    private int heldLinesLength;
    private long viewId;
    private long viewCreatedAt;
    private long viewExpiresAt;
    private long viewEndedAt;
    private int viewStatus;
    private byte[] viewChannel;
    private int viewCustomerLength;
    private long viewCustomerWord0;
    private long viewCustomerWord1;
    private byte[] viewLocation;
    private Sku viewSku;
    private int viewQty;
    /**
     * The order whose view the data holds ({@link ReplyCodec#order}), null for any other data. Read and written on the
     * engine thread only, while it applies the command: the reply stage, which owns the slot next, reads the bytes.
     */
    private Order answeredOrder;

    public Reply reset(final long seq, final long timeMillis)
    {
        this.code = ResultCode.OK;
        this.replayed = false;
        this.seq = seq;
        this.timeMillis = timeMillis;
        this.entityId = 0;
        this.a = 0;
        this.b = 0;
        this.c = 0;
        this.d = 0;
        this.dataLength = 0;
        this.pendingView = NO_VIEW;
        this.answeredOrder = null;
        if (data.capacity() > MAX_KEPT_DATA)
        {
            data = new ExpandableArrayBuffer(INITIAL_DATA);
            // The writer wrapped the old buffer until the next beginData, and views written in one pass
            // (dataArray) never call it: the large buffer stayed reachable (found in review).
            writer.wrap(data, 0);
        }
        return this;
    }

    public Reply result(final ResultCode code, final long entityId, final long a, final long b, final long c, final long d)
    {
        this.code = code;
        this.entityId = entityId;
        this.a = a;
        this.b = b;
        this.c = c;
        this.d = d;
        return this;
    }

    public Reply code(final ResultCode code)
    {
        this.code = code;
        return this;
    }

    void replayed(final boolean replayed)
    {
        this.replayed = replayed;
    }

    /** Start writing variable data; call {@link #endData()} when done. */
    public PayloadWriter beginData()
    {
        pendingView = NO_VIEW;
        answeredOrder = null;
        return writer.wrap(data, 0);
    }

    public void endData()
    {
        dataLength = writer.length();
    }

    /** The data array with room for {@code capacity} bytes, for a view written in one pass ({@link #dataLength}). */
    byte[] dataArray(final int capacity)
    {
        pendingView = NO_VIEW;
        answeredOrder = null;
        data.checkLimit(capacity);
        return data.byteArray();
    }

    void dataLength(final int length)
    {
        dataLength = length;
    }

    /** The data just written is {@code order}'s view (written again when a later step of the command changes it). */
    void answeredOrder(final Order order)
    {
        answeredOrder = order;
    }

    /** The order whose view the data holds, or null. */
    Order answeredOrder()
    {
        return answeredOrder;
    }

    public ResultCode code()
    {
        return code;
    }

    /** True when this answer was not computed now but repeated for an idempotency key seen before. */
    public boolean replayed()
    {
        return replayed;
    }

    public long seq()
    {
        return seq;
    }

    public long timeMillis()
    {
        return timeMillis;
    }

    public long entityId()
    {
        return entityId;
    }

    public long a()
    {
        return a;
    }

    public long b()
    {
        return b;
    }

    public long c()
    {
        return c;
    }

    public long d()
    {
        return d;
    }

    /**
     * The view of a hold just made by a RESERVE, to be laid out from the command when read: {@code ids} covers the
     * command's channel..location ids, {@code lines} its line count and lines (see {@link ReplyCodec#heldReservation}).
     */
    void heldView(final DirectBuffer command, final int idsAt, final int idsLength, final int linesAt,
        final int linesLength, final long id, final long createdAt, final long expiresAt)
    {
        pendingView = HELD_VIEW;
        answeredOrder = null;
        heldCommand = command;
        heldIdsAt = idsAt;
        heldIdsLength = idsLength;
        heldLinesAt = linesAt;
        heldLinesLength = linesLength;
        viewId = id;
        viewCreatedAt = createdAt;
        viewExpiresAt = expiresAt;
    }

    /**
     * The view of a one-line hold whose customer id has at most {@link Reservation#INLINE_ID_BYTES} bytes, to be laid
     * out when read (see {@link ReplyCodec#oneLineReservation}).
     */
    void oneLineView(final long id, final int status, final byte[] channel, final int customerLength,
        final long customerWord0, final long customerWord1, final byte[] location, final long createdAt,
        final long expiresAt, final long endedAt, final Sku sku, final int qty)
    {
        pendingView = ONE_LINE_VIEW;
        answeredOrder = null;
        viewId = id;
        viewStatus = status;
        viewChannel = channel;
        viewCustomerLength = customerLength;
        viewCustomerWord0 = customerWord0;
        viewCustomerWord1 = customerWord1;
        viewLocation = location;
        viewCreatedAt = createdAt;
        viewExpiresAt = expiresAt;
        viewEndedAt = endedAt;
        viewSku = sku;
        viewQty = qty;
    }

    /** Lays out the pending view, once: writing it through {@link #dataArray} leaves none pending. */
    private void writePendingView()
    {
        final int view = pendingView;
        if (view == HELD_VIEW)
        {
            ReplyCodec.heldReservation(this, viewId, viewCreatedAt, viewExpiresAt, heldCommand, heldIdsAt,
                heldIdsLength, heldLinesAt, heldLinesLength);
        }
        else if (view == ONE_LINE_VIEW)
        {
            ReplyCodec.oneLineReservation(this, viewId, viewStatus, viewChannel, viewCustomerLength, viewCustomerWord0,
                viewCustomerWord1, viewLocation, viewCreatedAt, viewExpiresAt, viewEndedAt, viewSku, viewQty);
        }
    }

    public ExpandableArrayBuffer data()
    {
        writePendingView();
        return data;
    }

    public int dataLength()
    {
        writePendingView();
        return dataLength;
    }

    public PayloadReader readData(final PayloadReader reader)
    {
        writePendingView();
        return reader.wrap(data, 0, dataLength);
    }
}
