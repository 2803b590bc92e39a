package ordo.engine.testing;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;

import org.agrona.DirectBuffer;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;

/**
 * Drives an {@link Engine} the way the pipeline does, for tests: it keeps the sequence, stamps every command with a
 * fake clock the test sets ({@link #at}, {@link #advance}), encodes commands with {@link CommandCodec} into one
 * reusable buffer, and copies each reply into a {@link Result}. Every journaled command is recorded in a
 * {@link CommandLog} (replayable into a fresh engine), every reply in {@link #results()}, every event in
 * {@link #events()}. Single-threaded, like the engine.
 */
public final class EngineDriver
{
    /** 2023-11-14T22:13:20Z: a realistic epoch time, far from zero so off-by-one arithmetic shows. */
    public static final long START_MILLIS = 1_700_000_000_000L;

    private final List<Event> events = new ArrayList<>();
    private final Engine engine;
    private final CommandLog log = new CommandLog();
    private final List<Result> results = new ArrayList<>();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(512);
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private long seq;
    private long timeMillis;
    private long nextKeyHash;
    private long nextFingerprint;

    public EngineDriver()
    {
        this(START_MILLIS);
    }

    public EngineDriver(final long startMillis)
    {
        this(Engine::new, startMillis);
    }

    private EngineDriver(final Function<EventSink, Engine> factory, final long startMillis)
    {
        this.engine = factory.apply((type, seq, time, entity) -> events.add(new Event(type, seq, time, entity)));
        this.seq = engine.lastSeq();
        this.timeMillis = engine.nowMillis() == Long.MIN_VALUE ? startMillis : engine.nowMillis();
    }

    /** A driver over an engine restored from a snapshot; it continues at the snapshot's sequence and time. */
    public static EngineDriver restore(final byte[] snapshot)
    {
        return new EngineDriver(sink -> EngineSnapshot.fromBytes(snapshot, sink), START_MILLIS);
    }

    public Engine engine()
    {
        return engine;
    }

    // ---------------------------------------------------------------- clock and sequence

    /** The time the next command will be stamped with. */
    public long now()
    {
        return timeMillis;
    }

    /** Stamps the following commands with this time (it may go backwards: the engine keeps its own max). */
    public EngineDriver at(final long millis)
    {
        this.timeMillis = millis;
        return this;
    }

    public EngineDriver advance(final long millis)
    {
        this.timeMillis += millis;
        return this;
    }

    /** The sequence of the last applied command. */
    public long seq()
    {
        return seq;
    }

    /** Gives the next journaled command (only the next one) this idempotency key and request fingerprint. */
    public EngineDriver withIdempotency(final long keyHash, final long fingerprint)
    {
        this.nextKeyHash = keyHash;
        this.nextFingerprint = fingerprint;
        return this;
    }

    // ---------------------------------------------------------------- commands

    public Result apply(final Cmd cmd)
    {
        final long keyHash = nextKeyHash;
        final long fingerprint = nextFingerprint;
        nextKeyHash = 0;
        nextFingerprint = 0;
        writer.wrap(buffer, 0);
        cmd.encode(writer, keyHash, fingerprint);
        return applyEncoded(cmd.commandType(), buffer, 0, writer.length());
    }

    /** Applies a step: stamps it with its time and idempotency envelope. */
    public Result apply(final Step step)
    {
        return at(step.atMillis()).withIdempotency(step.keyHash(), step.fingerprint()).apply(step.cmd());
    }

    /** Applies a command encoded by the caller (e.g. a truncated or hand-made payload). */
    public Result applyPayload(final CommandType type, final byte[] payload)
    {
        nextKeyHash = 0;
        nextFingerprint = 0;
        return applyEncoded(type, new UnsafeBuffer(payload), 0, payload.length);
    }

    /** Applies a logged command with its own sequence and time, as journal replay does. */
    public Result replay(final CommandLog.Entry entry)
    {
        if (entry.seq() != seq + 1)
        {
            throw new IllegalArgumentException("replaying " + entry + " after seq " + seq);
        }
        timeMillis = entry.stampedMillis();
        final byte[] payload = entry.payload();
        return applyEncoded(entry.type(), new UnsafeBuffer(payload), 0, payload.length);
    }

    private Result applyEncoded(final CommandType type, final DirectBuffer payload, final int offset, final int length)
    {
        final byte[] copy = new byte[length];
        payload.getBytes(offset, copy);
        engine.apply(seq + 1, timeMillis, type, payload, offset, length, reply);
        seq++;
        log.append(new CommandLog.Entry(type, seq, timeMillis, copy));
        final Result result = Result.of(reply);
        results.add(result);
        return result;
    }

    public Result defineLocation(final String id, final Codes.LocationType type, final int latMicro,
        final int lonMicro, final int capabilities, final boolean active)
    {
        return apply(new Cmd.DefineLocation(id, type, latMicro, lonMicro, capabilities, active));
    }

    /** An active warehouse in Singapore that can ship and offer pickup. */
    public Result defineLocation(final String id)
    {
        return defineLocation(id, Codes.LocationType.WAREHOUSE, 1_352_100, 103_819_800,
            Codes.CAP_SHIP | Codes.CAP_PICKUP, true);
    }

    public Result defineSku(final String id, final int perCustomerLimit, final long saleStartsAt,
        final long saleEndsAt)
    {
        return apply(new Cmd.DefineSku(id, perCustomerLimit, saleStartsAt, saleEndsAt));
    }

    /** No per-customer limit, always on sale. */
    public Result defineSku(final String id)
    {
        return defineSku(id, 0, Long.MIN_VALUE, Long.MAX_VALUE);
    }

    public Result setInventory(final String sku, final String location, final long onHand, final long safetyStock)
    {
        return apply(new Cmd.SetInventory(sku, location, onHand, safetyStock));
    }

    public Result adjust(final String sku, final String location, final long delta,
        final Codes.AdjustmentReason reason)
    {
        return apply(new Cmd.Adjust(sku, location, delta, reason));
    }

    /**
     * @param location       null for a hold against the network.
     * @param skuQtyPairs    lines as {@code "SKU:qty"} (split at the last colon), e.g. {@code "A:2", "B:1"}.
     */
    public Result reserve(final String channel, final String customer, final String location, final long ttlMillis,
        final String... skuQtyPairs)
    {
        final List<Cmd.Line> lines = new ArrayList<>(skuQtyPairs.length);
        for (final String pair : skuQtyPairs)
        {
            final int colon = pair.lastIndexOf(':');
            if (colon < 0)
            {
                throw new IllegalArgumentException("line must be SKU:qty: " + pair);
            }
            lines.add(new Cmd.Line(pair.substring(0, colon), Integer.parseInt(pair.substring(colon + 1))));
        }
        return apply(new Cmd.Reserve(channel, customer, location, ttlMillis, lines));
    }

    /** A RESERVE built field by field: defaults channel "web", customer "c-1", network, 10 minutes. */
    public ReserveBuilder reserving()
    {
        return new ReserveBuilder();
    }

    public Result release(final long reservationId)
    {
        return apply(new Cmd.Release(reservationId));
    }

    public Result release(final long reservationId, final String... channels)
    {
        return apply(new Cmd.Release(reservationId, Arrays.asList(channels)));
    }

    public Result tick()
    {
        return apply(new Cmd.Tick());
    }

    // ---------------------------------------------------------------- queries (never journaled)

    public Result query(final CommandType type, final Consumer<PayloadWriter> encoder)
    {
        writer.wrap(buffer, 0);
        encoder.accept(writer);
        engine.query(timeMillis, type, buffer, 0, writer.length(), reply);
        return Result.of(reply);
    }

    /** Answers a query encoded by the caller (e.g. a truncated one). */
    public Result queryPayload(final CommandType type, final byte[] payload)
    {
        engine.query(timeMillis, type, new UnsafeBuffer(payload), 0, payload.length, reply);
        return Result.of(reply);
    }

    public Result queryInventory(final String sku)
    {
        return query(CommandType.QUERY_INVENTORY, w -> CommandCodec.queryInventory(w, sku));
    }

    /** The INVENTORY view of a SKU; fails the test if the query is not answered OK. */
    public Views.Inventory inventory(final String sku)
    {
        final Result result = queryInventory(sku);
        if (!result.isOk())
        {
            throw new AssertionError("inventory of " + sku + ": " + result);
        }
        return result.inventory();
    }

    public Result queryReservation(final long reservationId, final String... channels)
    {
        return query(CommandType.QUERY_RESERVATION,
            w -> CommandCodec.queryReservation(w, reservationId, Arrays.asList(channels)));
    }

    /** The RESERVATION view as of the driver's current time; fails the test if not answered OK. */
    public Views.Reservation reservation(final long reservationId)
    {
        final Result result = queryReservation(reservationId);
        if (!result.isOk())
        {
            throw new AssertionError("reservation " + reservationId + ": " + result);
        }
        return result.reservation();
    }

    public Views.Location location(final String id)
    {
        final Result result = query(CommandType.QUERY_LOCATION, w -> CommandCodec.queryById(w, id));
        if (!result.isOk())
        {
            throw new AssertionError("location " + id + ": " + result);
        }
        return Views.location(result.data());
    }

    public Views.Sku sku(final String id)
    {
        final Result result = query(CommandType.QUERY_SKU, w -> CommandCodec.queryById(w, id));
        if (!result.isOk())
        {
            throw new AssertionError("sku " + id + ": " + result);
        }
        return Views.sku(result.data());
    }

    public long stateHash()
    {
        return engine.stateHash();
    }

    /** @return a description of the first broken invariant, or null. */
    public String checkInvariants()
    {
        return engine.checkInvariants();
    }

    public byte[] snapshot()
    {
        return EngineSnapshot.toBytes(engine);
    }

    // ---------------------------------------------------------------- what happened

    public CommandLog log()
    {
        return log;
    }

    public List<Result> results()
    {
        return Collections.unmodifiableList(results);
    }

    public List<Event> events()
    {
        return Collections.unmodifiableList(events);
    }

    /** Builds one RESERVE, including shapes {@link #reserve} can't express (no lines, any qty, odd ids). */
    public final class ReserveBuilder
    {
        private String channel = "web";
        private String customer = "c-1";
        private String location;
        private long ttlMillis = 600_000;
        private final List<Cmd.Line> lines = new ArrayList<>();

        public ReserveBuilder channel(final String channel)
        {
            this.channel = channel;
            return this;
        }

        public ReserveBuilder customer(final String customer)
        {
            this.customer = customer;
            return this;
        }

        /** A node hold at this location (null = network). */
        public ReserveBuilder at(final String location)
        {
            this.location = location;
            return this;
        }

        public ReserveBuilder ttl(final long ttlMillis)
        {
            this.ttlMillis = ttlMillis;
            return this;
        }

        public ReserveBuilder line(final String sku, final int qty)
        {
            lines.add(new Cmd.Line(sku, qty));
            return this;
        }

        public Cmd.Reserve build()
        {
            return new Cmd.Reserve(channel, customer, location, ttlMillis, lines);
        }

        public Result submit()
        {
            return apply(build());
        }
    }

    /** Convenience for assertions: the code of the last reply. */
    public ResultCode lastCode()
    {
        return results.isEmpty() ? null : results.get(results.size() - 1).code();
    }
}
