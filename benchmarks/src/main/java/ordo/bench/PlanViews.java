package ordo.bench;

import java.nio.ByteOrder;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

/** What an order's sourcing view says of its plan, read from the engine (the benchmarks' tests check their orders). */
final class PlanViews
{
    /**
     * The view's offset of {@code exact} (u8), then {@code shipments} (u16): after id i64, delivery u8, level u8,
     * decidedAt i64, decidedSeq i64, located u8, lat i32, lon i32.
     */
    private static final int EXACT = 8 + 1 + 1 + 8 + 8 + 1 + 4 + 4;

    private PlanViews()
    {
    }

    /** The shipments of order {@code id}'s plan. */
    static int shipments(final Engine engine, final long time, final long id)
    {
        return view(engine, time, id).data().getShort(EXACT + 1, ByteOrder.LITTLE_ENDIAN) & 0xFFFF;
    }

    /** Whether order {@code id}'s plan was searched exactly (the view's {@code search} EXACT, not GREEDY). */
    static boolean exact(final Engine engine, final long time, final long id)
    {
        return view(engine, time, id).data().getByte(EXACT) != 0;
    }

    private static Reply view(final Engine engine, final long time, final long id)
    {
        final PayloadWriter writer = new PayloadWriter();
        final Reply reply = new Reply();
        final UnsafeBuffer query = new UnsafeBuffer(new byte[64]);
        writer.wrap(query, 0);
        CommandCodec.queryOrder(writer, id, java.util.List.of());
        engine.query(time, CommandType.QUERY_ORDER_SOURCING, query, 0, writer.length(), reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException("sourcing of " + id + ": " + reply.code());
        }
        return reply;
    }
}
