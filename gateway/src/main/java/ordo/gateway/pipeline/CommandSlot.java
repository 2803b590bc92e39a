package ordo.gateway.pipeline;

import ordo.engine.CommandType;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import org.agrona.ExpandableArrayBuffer;

/**
 * One reusable ring slot: the command as the producer encoded it, and what each stage adds to it. Each field has
 * exactly one writer:
 * <ul>
 *   <li>producer (a gateway event loop): {@link #type}, {@link #stampedMillis}, {@link #payload},
 *   {@link #payloadLength}, {@link #target}, {@link #context};</li>
 *   <li>{@link JournalHandler}: {@link #journalFailed}, {@link #journalChain};</li>
 *   <li>{@link EngineHandler}: {@link #reply}, {@link #snapshot};</li>
 *   <li>{@link ReplyHandler}: its target's first read of the reply's view may lay it out (a RESERVE's from
 *   {@link #payload}, which is why the payload stays as it is until then); it clears the references once the reply
 *   has left.</li>
 * </ul>
 * The ring's sequence barriers order these writes: the reply stage runs only after journal and engine are done.
 */
public final class CommandSlot
{
    /** The largest payload a command may have; the gateway refuses larger requests before they reach the ring. */
    public static final int PAYLOAD_CAPACITY = 8 * 1024;
    /** Room kept after a request's own fields for its actor, the API key's name (an id: a length byte + 64). */
    public static final int ACTOR_BYTES = ordo.engine.CommandCodec.MAX_ACTOR_BYTES;
    /** The largest request a route may encode: the actor follows it ({@link OrdoCore#tryPublish}). */
    public static final int REQUEST_CAPACITY = PAYLOAD_CAPACITY - ACTOR_BYTES;
    /**
     * What a slot holds before it ever sees a larger command (it then grows, once, up to {@link #PAYLOAD_CAPACITY}).
     * Small on purpose: the ring is walked in order by four threads, and with 8 KiB per slot every slot sat on its
     * own pages, so each stage took a cache and TLB miss per command and the prefetcher could not help. A
     * reservation is ~70 bytes.
     */
    static final int INITIAL_PAYLOAD_CAPACITY = 512;

    CommandType type;
    long stampedMillis;
    final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(INITIAL_PAYLOAD_CAPACITY);
    /** Used only by the producer that claimed the slot, so no thread-local lookup per publish. */
    final PayloadWriter writer = new PayloadWriter();
    int payloadLength;
    ReplyTarget target;
    Object context;

    boolean journalFailed;
    long journalChain;

    final Reply reply = new Reply();
    ordo.engine.SnapshotBytes snapshot;

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
