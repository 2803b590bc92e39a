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
import ordo.engine.FraudRules;
import ordo.engine.GrantFigures;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.engine.SourcingPolicy;

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
    /**
     * Set by the first {@link #checkInvariants}: from then on the grant rules are checked across every command
     * ({@link Engine#checkGrantsSince}: the figures read before it, compared after it). Tests that never check pay
     * nothing. Checked only across the last command before each check, a test running several commands between
     * checks left the others unchecked (review).
     */
    private boolean checksGrants;
    /** The first grant rule a command broke since checks began, or null. */
    private String grantBreach;

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

    /** A driver whose engine emits no events ({@link #events()} stays empty): for counting what the engine allocates. */
    public static EngineDriver withoutEvents()
    {
        return new EngineDriver(sink -> new Engine(EventSink.NONE), START_MILLIS);
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
        final GrantFigures before = checksGrants && grantBreach == null ? engine.grantFigures() : null;
        engine.apply(seq + 1, timeMillis, type, payload, offset, length, reply);
        if (before != null)
        {
            grantBreach = engine.checkGrantsSince(before);
        }
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

    /** dailyOrderCapacity 0 = unlimited; handling cost in EUR minor units. */
    public Result defineLocation(final String id, final Codes.LocationType type, final int latMicro,
        final int lonMicro, final int capabilities, final boolean active, final int dailyOrderCapacity,
        final long handlingCostMinor)
    {
        return apply(new Cmd.DefineLocation(id, type, latMicro, lonMicro, capabilities, active, dailyOrderCapacity,
            handlingCostMinor));
    }

    /** {@link #defineLocation(String, Codes.LocationType, int, int, int, boolean, int, long)}, shipping to these only. */
    public Result defineLocation(final String id, final Codes.LocationType type, final int latMicro,
        final int lonMicro, final int capabilities, final boolean active, final int dailyOrderCapacity,
        final long handlingCostMinor, final java.util.List<String> shipsTo)
    {
        return apply(new Cmd.DefineLocation(id, type, latMicro, lonMicro, capabilities, active, dailyOrderCapacity,
            handlingCostMinor, shipsTo));
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

    /** Always on sale; perCustomerLimit 0 = none. */
    public Result defineSku(final String id, final int perCustomerLimit, final boolean allowBackorder)
    {
        return apply(new Cmd.DefineSku(id, perCustomerLimit, Long.MIN_VALUE, Long.MAX_VALUE, allowBackorder));
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
        return apply(new Cmd.Reserve(channel, customer, location, ttlMillis, lines(skuQtyPairs)));
    }

    /** A RESERVE built field by field: defaults channel "web", customer "c-1", network, 10 minutes. */
    public ReserveBuilder reserving()
    {
        return new ReserveBuilder(this);
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

    /** @param pools each a share of ATP ring-fenced for the channel, sku empty for every SKU. */
    public Result defineChannel(final String id, final Codes.ChannelKind kind, final Cmd.Pool... pools)
    {
        return apply(new Cmd.DefineChannel(id, kind, Arrays.asList(pools)));
    }

    /**
     * A channel kept to the locations {@code sourcesFrom} (empty: every location).
     * @param pools each a share of ATP ring-fenced for the channel, sku empty for every SKU.
     */
    public Result defineChannel(final String id, final Codes.ChannelKind kind, final List<String> sourcesFrom,
        final Cmd.Pool... pools)
    {
        return apply(new Cmd.DefineChannel(id, kind, Arrays.asList(pools), sourcesFrom));
    }

    public Result policy(final SourcingPolicy policy)
    {
        return apply(new Cmd.SetSourcingPolicy(policy));
    }

    /** A PLACE_ORDER built field by field: see {@link OrderBuilder} for the defaults. */
    public OrderBuilder ordering()
    {
        return new OrderBuilder(this);
    }

    /** A SHIP order at STANDARD from the defaults of {@link OrderBuilder}, lines as {@code "SKU:qty"}. */
    public Result placeOrder(final String... skuQtyPairs)
    {
        final OrderBuilder order = ordering();
        for (final Cmd.Line line : lines(skuQtyPairs))
        {
            order.line(line.sku(), line.qty());
        }
        return order.submit();
    }

    /** Cancels these units (lines as {@code "SKU:qty"}), or everything still open when none are named. */
    public Result cancelOrder(final long orderId, final String... skuQtyPairs)
    {
        return apply(new Cmd.CancelOrder(orderId, List.of(), "customer request", lines(skuQtyPairs)));
    }

    // ---------------------------------------------------------------- payments and fraud

    public Result setFraudRules(final FraudRules rules)
    {
        return apply(new Cmd.SetFraudRules(rules));
    }

    public Result approve(final long orderId, final String reviewer, final String note)
    {
        return apply(new Cmd.FraudReview(orderId, true, reviewer, note));
    }

    public Result reject(final long orderId, final String reviewer, final String note)
    {
        return apply(new Cmd.FraudReview(orderId, false, reviewer, note));
    }

    /** The adapter's report for an action, saying nothing of amounts (currency EUR, no status or detail). */
    public Result reportPayment(final long actionId, final Codes.PaymentOutcome outcome)
    {
        return reportPayment(actionId, outcome, "", 0, "EUR", "");
    }

    public Result reportPayment(final long actionId, final Codes.PaymentOutcome outcome, final String providerStatus,
        final long amountMinor, final String currency, final String detail)
    {
        return apply(new Cmd.PaymentActionResult(actionId, outcome, providerStatus, amountMinor, currency, detail));
    }

    /** A verified stripe webhook in EUR. */
    public Result paymentEvent(final String eventId, final Codes.PaymentEventKind kind, final String reference,
        final long amountMinor)
    {
        return apply(new Cmd.PaymentEvent("stripe", eventId, kind, reference, amountMinor, "EUR"));
    }

    public Result capture(final long orderId)
    {
        return apply(new Cmd.CapturePayment(orderId, List.of()));
    }

    public Result retryPayment(final long orderId)
    {
        return apply(new Cmd.RetryPayment(orderId, List.of()));
    }

    public Result markPaid(final long orderId, final String note)
    {
        return apply(new Cmd.MarkPaid(orderId, List.of(), note));
    }

    public Result settleRefund(final long orderId, final long amountMinor, final String note)
    {
        return apply(new Cmd.SettleRefund(orderId, List.of(), amountMinor, "EUR", note));
    }

    private static List<Cmd.Line> lines(final String... skuQtyPairs)
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
        return lines;
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

    /** A page of locations (QUERY_LOCATIONS); {@code type}, {@code active} null for any, capabilities 0 for any. */
    public Result queryLocations(final String after, final int limit, final Codes.LocationType type,
        final int capabilities, final Boolean active)
    {
        return query(CommandType.QUERY_LOCATIONS,
            w -> CommandCodec.queryLocations(w, after, limit, type, capabilities, active));
    }

    /** A page of the stock feed (QUERY_STOCK), with what {@code channel} may sell (null: no channel). */
    public Result queryStock(final String after, final int limit, final String channel)
    {
        return query(CommandType.QUERY_STOCK, w -> CommandCodec.queryStock(w, after, limit, channel));
    }

    /** A page of a node's stock (QUERY_LOCATION_STOCK). */
    public Result queryLocationStock(final String location, final String after, final int limit)
    {
        return query(CommandType.QUERY_LOCATION_STOCK, w -> CommandCodec.queryLocationStock(w, location, after, limit));
    }

    /** A page of a node's stock with what {@code channel} may take there. */
    public Result queryLocationStock(final String location, final String after, final int limit, final String channel)
    {
        return query(CommandType.QUERY_LOCATION_STOCK,
            w -> CommandCodec.queryLocationStock(w, location, after, limit, channel));
    }

    /** A page of SKUs (QUERY_SKUS). */
    public Result querySkus(final String after, final int limit)
    {
        return query(CommandType.QUERY_SKUS, w -> CommandCodec.querySkus(w, after, limit));
    }

    /** A page of defined channels (QUERY_CHANNELS) of {@code scope} only (none: every channel). */
    public Result queryChannels(final String after, final int limit, final String... scope)
    {
        return query(CommandType.QUERY_CHANNELS, w -> CommandCodec.queryChannels(w, after, limit, List.of(scope)));
    }

    /** QUERY_INVENTORY asking what {@code channel} may sell of the SKU as well. */
    public Result queryInventory(final String sku, final String channel)
    {
        return query(CommandType.QUERY_INVENTORY, w -> CommandCodec.queryInventory(w, sku, channel));
    }

    /** QUERY_INVENTORY with what {@code channel} may ship to {@code country} (null: any). */
    public Result queryInventory(final String sku, final String channel, final String country)
    {
        return query(CommandType.QUERY_INVENTORY, w -> CommandCodec.queryInventory(w, sku, channel, country));
    }

    /** What {@code channel} may sell of a SKU, its SHIP lines shipping to {@code country}; fails the test unless OK. */
    public Views.ChannelStock channelStock(final String sku, final String channel, final String country)
    {
        final Result result = queryInventory(sku, channel, country);
        if (!result.isOk())
        {
            throw new AssertionError("inventory of " + sku + " for " + channel + " to " + country + ": " + result);
        }
        return result.inventory().channel();
    }

    /** A page of the stock feed with what {@code channel} may ship to {@code country} (QUERY_STOCK). */
    /** A page of the stock change feed (QUERY_STOCK_CHANGES); {@code channel} and {@code country} null for none. */
    public Result queryStockChanges(final long sinceSeq, final String sinceSku, final int limit, final String channel,
        final String country)
    {
        return query(CommandType.QUERY_STOCK_CHANGES,
            w -> CommandCodec.queryStockChanges(w, sinceSeq, sinceSku, limit, channel, country));
    }

    public Result queryStock(final String after, final int limit, final String channel, final String country)
    {
        return query(CommandType.QUERY_STOCK, w -> CommandCodec.queryStock(w, after, limit, channel, country));
    }

    /** What {@code channel} may sell of a SKU (the INVENTORY view's last section); fails the test unless OK. */
    public Views.ChannelStock channelStock(final String sku, final String channel)
    {
        final Result result = queryInventory(sku, channel);
        if (!result.isOk())
        {
            throw new AssertionError("inventory of " + sku + " for " + channel + ": " + result);
        }
        return result.inventory().channel();
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

    public Result query(final Query query)
    {
        return query(query.commandType(), query::encode);
    }

    public Result queryOrder(final long orderId, final String... channels)
    {
        return query(new Query.OfOrder(CommandType.QUERY_ORDER, orderId, Arrays.asList(channels)));
    }

    public Result querySourcing(final long orderId, final String... channels)
    {
        return query(new Query.OfOrder(CommandType.QUERY_ORDER_SOURCING, orderId, Arrays.asList(channels)));
    }

    public Result queryOrderEvents(final long orderId, final String... channels)
    {
        return query(new Query.OfOrder(CommandType.QUERY_ORDER_EVENTS, orderId, Arrays.asList(channels)));
    }

    /** The ORDER view; fails the test if not answered OK. */
    public OrderViews.Order order(final long orderId)
    {
        return OrderViews.order(ok(queryOrder(orderId), "order " + orderId));
    }

    /** The SOURCING view: the decision stored with the order; fails the test if not answered OK. */
    public OrderViews.Sourcing sourcing(final long orderId)
    {
        return OrderViews.sourcing(ok(querySourcing(orderId), "sourcing of order " + orderId));
    }

    /** The order's timeline (ORDER_EVENTS view; not the engine events of {@link #events()}). */
    public OrderViews.OrderEvents orderEvents(final long orderId)
    {
        return OrderViews.orderEvents(ok(queryOrderEvents(orderId), "events of order " + orderId));
    }

    public OrderViews.OrderList listOrders(final Query.Orders query)
    {
        return OrderViews.orderList(ok(query(query), "orders " + query));
    }

    /** Every order of every channel in creation order, from the first page of at most {@code limit}. */
    public OrderViews.OrderList listOrders(final int limit)
    {
        return listOrders(new Query.Orders("", null, "", 0, limit, List.of()));
    }

    public OrderViews.Channel channel(final String id)
    {
        return OrderViews.channel(ok(query(new Query.Channel(id)), "channel " + id));
    }

    /** The sourcing policy in force. */
    public SourcingPolicy policy()
    {
        return OrderViews.policy(ok(query(new Query.Policy()), "sourcing policy"));
    }

    public Result queryPaymentActions(final long afterActionId, final int limit)
    {
        return query(new Query.PaymentActions(afterActionId, limit));
    }

    /** The outstanding payment actions (the first page of up to 1000), as the payment adapter finds them. */
    public OrderViews.PaymentActions paymentActions()
    {
        return OrderViews.paymentActions(ok(queryPaymentActions(0, 1_000), "payment actions"));
    }

    /** The one outstanding action of this kind for an order; fails the test unless there is exactly one. */
    public OrderViews.PaymentAction outstanding(final long orderId, final Codes.PaymentActionKind kind)
    {
        OrderViews.PaymentAction found = null;
        for (final OrderViews.PaymentAction action : paymentActions().of(orderId))
        {
            if (action.kind() == kind)
            {
                if (found != null)
                {
                    throw new AssertionError("two outstanding " + kind + " actions for order " + orderId);
                }
                found = action;
            }
        }
        if (found == null)
        {
            throw new AssertionError("no outstanding " + kind + " action for order " + orderId + ": " +
                paymentActions().of(orderId));
        }
        return found;
    }

    /** The fraud rules in force. */
    public OrderViews.FraudRuleSet fraudRules()
    {
        return OrderViews.fraudRules(ok(query(new Query.FraudRules()), "fraud rules"));
    }

    private static byte[] ok(final Result result, final String what)
    {
        if (!result.isOk())
        {
            throw new AssertionError(what + ": " + result);
        }
        return result.data();
    }

    public long stateHash()
    {
        return engine.stateHash();
    }

    /**
     * @return a description of the first broken invariant, or null: of the state, then the first grant rule a command
     * broke since the first call (each command after it is checked as it runs).
     */
    public String checkInvariants()
    {
        checksGrants = true;
        final String state = engine.checkInvariants();
        return state != null ? state : grantBreach;
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

    /** Convenience for assertions: the code of the last reply. */
    public ResultCode lastCode()
    {
        return results.isEmpty() ? null : results.get(results.size() - 1).code();
    }
}
