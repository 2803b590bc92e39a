package ordo.gateway.pipeline;

import ordo.engine.CommandType;
import ordo.engine.Reply;
import org.agrona.concurrent.UnsafeBuffer;

/**
 * One reusable ring slot: the command as the producer encoded it, and what each stage adds to it. Each field has
 * exactly one writer:
 * <ul>
 *   <li>producer (a gateway event loop): {@link #type}, {@link #stampedMillis}, {@link #payload},
 *   {@link #payloadLength}, {@link #target}, {@link #context};</li>
 *   <li>{@link JournalHandler}: {@link #journalFailed}, {@link #journalChain};</li>
 *   <li>{@link EngineHandler}: {@link #reply}, {@link #snapshot};</li>
 *   <li>{@link ReplyHandler}: clears the references once the reply has left.</li>
 * </ul>
 * The ring's sequence barriers order these writes: the reply stage runs only after journal and engine are done.
 */
public final class CommandSlot
{
    public static final int PAYLOAD_CAPACITY = 8 * 1024;

    CommandType type;
    long stampedMillis;
    final UnsafeBuffer payload = new UnsafeBuffer(new byte[PAYLOAD_CAPACITY]);
    int payloadLength;
    ReplyTarget target;
    Object context;

    boolean journalFailed;
    long journalChain;

    final Reply reply = new Reply();
    byte[] snapshot;

    void reset()
    {
        type = null;
        stampedMillis = 0;
        payloadLength = 0;
        target = null;
        context = null;
        journalFailed = false;
        journalChain = 0;
        snapshot = null;
    }

    public CommandType type()
    {
        return type;
    }

    public Reply reply()
    {
        return reply;
    }

    /** Whatever the producer attached (the HTTP exchange and its decoded request). */
    public Object context()
    {
        return context;
    }

    /** True when the journal could not take this command: it must not be acknowledged. */
    public boolean journalFailed()
    {
        return journalFailed;
    }
}
