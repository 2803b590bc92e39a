package ordo.bench;

import java.util.function.Consumer;

import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * A benchmark's set-up commands (its network, SKUs, stock, orders made to wait), each encoded by the caller and applied
 * at the sequence and time it gives: any answer but OK stops the set-up, which would otherwise measure something else.
 * Not measured.
 */
final class SetUpCommands
{
    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[4096]);
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();

    void apply(final Engine engine, final long seq, final long time, final CommandType type,
        final Consumer<PayloadWriter> encoder)
    {
        writer.wrap(buffer, 0);
        encoder.accept(writer);
        engine.apply(seq, time, type, buffer, 0, writer.length(), reply);
        if (reply.code() != ResultCode.OK)
        {
            throw new IllegalStateException(type + " answered " + reply.code());
        }
    }
}
