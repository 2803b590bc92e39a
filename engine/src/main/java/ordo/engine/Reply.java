package ordo.engine;

import org.agrona.ExpandableArrayBuffer;

/**
 * What the engine answers for one command: a result code, a small fixed tuple and, for views, variable data laid
 * out as in {@link ReplyCodec}. One instance lives in each ring slot and is reused ({@link #reset}); the data
 * buffer grows to the largest view it has carried and then stops allocating.
 *
 * <p>Owned by the engine thread while the command is applied; read by the reply thread only after the ring's
 * sequence barrier says the engine is done with the slot.
 */
public final class Reply
{
    private final ExpandableArrayBuffer data = new ExpandableArrayBuffer(256);
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
        return writer.wrap(data, 0);
    }

    public void endData()
    {
        dataLength = writer.length();
    }

    /** The data array with room for {@code capacity} bytes, for a view written in one pass ({@link #dataLength}). */
    byte[] dataArray(final int capacity)
    {
        data.checkLimit(capacity);
        return data.byteArray();
    }

    void dataLength(final int length)
    {
        dataLength = length;
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

    public ExpandableArrayBuffer data()
    {
        return data;
    }

    public int dataLength()
    {
        return dataLength;
    }

    public PayloadReader readData(final PayloadReader reader)
    {
        return reader.wrap(data, 0, dataLength);
    }
}
