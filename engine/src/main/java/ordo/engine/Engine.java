package ordo.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.agrona.DirectBuffer;

/**
 * The deterministic core. It applies sequenced, time-stamped commands to in-memory state and answers with result
 * codes; it never reads a clock, does no I/O and throws only for bugs (a sequence gap, an unknown command type).
 *
 * <p>Threading: every method is called from one thread (the engine thread of the pipeline, or a replay tool).
 * {@link #nextExpiryAt()} and {@link #liveReservations()} are also published through volatile fields so other
 * threads (the ticker, metrics) may read them, and {@link #soldOutBoard()} shows the gateway's event loops which SKUs
 * a network hold would now be refused for as sold out.
 *
 * <p>Time: a command's effective time is {@code max(previous effective time, stamped time)}, so engine time never
 * runs backwards even if producers stamped slightly out of order; the rule is a pure function of the journal, so
 * replay sees exactly the same times.
 */
public final class Engine
{
    private static final VarHandle PUBLISHED_LIVE_RESERVATIONS;
    private static final VarHandle PUBLISHED_NEXT_TICK_AT;

    static
    {
        try
        {
            final MethodHandles.Lookup lookup = MethodHandles.lookup();
            PUBLISHED_LIVE_RESERVATIONS = lookup.findVarHandle(Engine.class, "publishedLiveReservations", int.class);
            PUBLISHED_NEXT_TICK_AT = lookup.findVarHandle(Engine.class, "publishedNextTickAt", long.class);
        }
        catch (final ReflectiveOperationException e)
        {
            throw new ExceptionInInitializerError(e);
        }
        makeEnumConstants();
    }

    /**
     * Makes the engine's enum constants now, when the engine's class is first used (start-up, before the collection
     * that promotes the preallocated objects), not when a command first names one. Orders and payment actions keep
     * references to them, and a constant made during traffic stays in the young generation for several collections;
     * until it is promoted, the card of every old object that refers to it stays dirty and each young collection
     * rescans it (holds keep numbers instead, see {@link Reservation}; docs/BENCHMARKS.md, fourteenth round).
     */
    private static void makeEnumConstants()
    {
        for (final Class<?> nested : Codes.class.getDeclaredClasses())
        {
            if (nested.isEnum())
            {
                nested.getEnumConstants();
            }
        }
        CommandType.values();
        EventType.values();
        ResultCode.values();
    }

    /** A placement decision over 50 candidate nodes and 3 lines: ~0.55 KB. */
    private static final long DECISION_BYTES_PER_ORDER = 640;
    /**
     * Five events of ~40 bytes (placed, allocated, screened, status changes; more with notes), 3 lines, 3 allocations,
     * the capacity holds' first record, and the texts (~200 bytes: ids, email, phone, address).
     */
    private static final long TIMELINE_BYTES_PER_ORDER =
        256 + 3 * Order.LINE_BYTES + 3 * Order.ALLOCATION_BYTES + Order.FIRST_CAPACITY_BYTES + 224;

    private final Catalog catalog = new Catalog();
    private final ReservationBook reservations = new ReservationBook(catalog);
    private final IdempotencyTable idempotency = new IdempotencyTable();
    private final EventSink events;
    private final PayloadReader reader = new PayloadReader();
    private final OrderBook orders = new OrderBook(catalog);
    private final Sourcing sourcing = new Sourcing(catalog);
    private final ChannelCommands channels;
    private final BackorderFiller filler;
    private final InventoryCommands inventory;
    private final ReservationCommands reservationCommands;
    private final FraudScreen fraud = new FraudScreen();
    private final PaymentBook payments = new PaymentBook();
    private final OrderFlow flow;
    private final PaymentCommands paymentCommands;
    private final OrderCommands orderCommands;
    private final OrderQueries orderQueries;
    private final CatalogLists catalogLists;
    private final OrderCancellation cancellation;

    private long lastSeq;
    private long nowMillis = Long.MIN_VALUE;
    /**
     * The first time a node with a daily capacity begins a new capacity day ({@link Location#today}), so the
     * per-command day check is one comparison. {@link Long#MAX_VALUE} with no such node, or on the last day.
     */
    private long nextDayAt = Long.MIN_VALUE;
    /** When {@link #newDay} last looked (a restore: the snapshot's time): the days that ended since are new. */
    private long dayCheckedAt = Long.MIN_VALUE;
    private long lastNextExpiryAt = Long.MAX_VALUE;
    private long lastPublishedTime = Long.MIN_VALUE;
    private int lastLiveReservations;
    private volatile int publishedLiveReservations;
    private long lastNextTickAt = Long.MAX_VALUE;
    @SuppressWarnings("unused") // through PUBLISHED_NEXT_TICK_AT
    private long publishedNextTickAt = Long.MAX_VALUE;

    public Engine(final EventSink events)
    {
        this.events = events;
        this.reservations.supply(orders);
        this.channels = new ChannelCommands(catalog, orders, reservations, () ->
        {
            reservations.countHoldsByChannel();
            orders.countAllocationsByChannel();
        });
        this.filler = new BackorderFiller(catalog, orders, channels, sourcing, events);
        this.inventory = new InventoryCommands(catalog, events, orders, filler, channels);
        this.reservationCommands = new ReservationCommands(catalog, reservations, orders.ordered(), events);
        this.flow = new OrderFlow(orders, reservations, payments, events);
        this.orderCommands = new OrderCommands(catalog, reservations, orders, channels, sourcing, fraud, payments, flow,
            events);
        this.orderQueries = new OrderQueries(catalog, orders, new WaitingLines(catalog, orders, filler, sourcing));
        this.catalogLists = new CatalogLists(catalog, orders, channels);
        this.cancellation = new OrderCancellation(catalog, orders, orderQueries, filler, flow, events);
        this.paymentCommands = new PaymentCommands(catalog, orders, payments, fraud, flow, orderQueries, events);
    }

    public Engine()
    {
        this(EventSink.NONE);
    }

    /**
     * The latest time a command may be stamped with: 9999-12-31T23:59:59.999Z. Engine time plus any duration the
     * engine adds to it (a hold's TTL, a day's retention of ended holds and idempotency records, a delivery promise)
     * then stays far from the end of a long: near it, a hold's expiry wrapped to a time before the hold was made.
     */
    public static final long MAX_STAMPED_MILLIS = 253_402_300_799_999L;

    /**
     * The version of the business rules this build decides by. A journal replays to the state it acknowledged only
     * under rules that decide as the ones that wrote it did, so the journal records this number whenever a build
     * with another one starts on it, and start-up and the journal tools refuse to replay a command under rules it was
     * not written under (docs/INTERNALS.md, "Rules versions").
     *
     * <p>Raise it in the same commit as any change after which a command stream could end in another state or
     * answer another result: which units sourcing picks, a check's order, a limit, a code. A change of what is
     * stored but not of what is decided (a snapshot format, a view) keeps it. Add the version it ends, with its last
     * commit, to the history below, to docs/OPERATIONS.md's rules table and to the gateway's {@code RulesVersions}
     * (which names that commit to operators; {@code RulesVersionsTest} holds the three together).
     * {@code RulesVersionPinTest} pins a broad seeded command stream's answers and state under this number and fails
     * when they change without it.
     * History:
     * <ol>
     *   <li>the rules of 2026-11-30, the first recorded (commands journaled before rules were recorded count as
     *       version 1);</li>
     *   <li>a hold, and an order, check stock (an order: its sourcing plan) before the customer's per-customer
     *       limit: one a customer at the limit asks for with no stock answers {@code INSUFFICIENT_STOCK}, not
     *       {@code PER_CUSTOMER_LIMIT} (so the gateway answers a hold of a sold-out SKU from the published marks,
     *       limited SKUs included). The last commit of version 1 is 62aed92.</li>
     *   <li>an order of a pooled channel takes the channel's own network holds off its share, as a hold does; an
     *       order that falls back to available stock is sourced afresh when its hold was purged (a day after it
     *       ended) or is another channel's or customer's, as it was when the hold had ended; a RECEIPT adjustment
     *       must add stock and a DAMAGE one take it away; a cancellation gives back a node's day of capacity once
     *       nothing allocated there on that day is left (it was kept while the order shipped anything from the
     *       node); an order shows as taken over from a network hold only the held units it was allocated; a card
     *       payment releases an order only when its authorization, or what it captured and kept, covers what is
     *       open, and a webhook's authorization in another currency or of nothing is not counted. The last commit of
     *       version 2 is 102d311.</li>
     *   <li>a pooled channel's share at a node is of the node's sellable stock (onHand − safetyStock), less what it
     *       has already taken there (its holds there and its orders' allocations), within the ATP: holds or orders
     *       taken one unit at a time no longer each get a share of what is left (they took 9 of 10 units at a node
     *       fenced to half), and other channels' takes do not shrink it; a hold at a node counts against the
     *       channel's share of the network too, less its network holds, as an order does; across the network, what
     *       the channel has beyond its share at one node (a converted network hold's units, a DAMAGE) counts against
     *       its share at the others; a customer becomes known to the fraud screen (no longer new) only by an order that
     *       passed it or was approved in review, not by one it rejected; the screen compares a street line with each
     *       run of spaces (no-break ones too) as one and zero-width characters left out, and a postal code without
     *       no-break and zero-width spaces as well as ASCII ones (lines and codes written plainly key as before);
     *       every velocity window ages with every order; backorders of several SKUs that may take what came back (a
     *       new day, capacity given back) are filled oldest order first across the SKUs, not a SKU at a time; an
     *       order cancelled or rejected whole keeps no delivery promise; an order the screen rejects shows on its
     *       timeline where its units stood first, as one held for review does. The last commit of version 3 is
     *       a653c93.</li>
     *   <li>a node beside a converted hold's node that could have given alone every unit still to find, and lost on
     *       cost, is recorded {@code HIGHER_COST} in the order's sourcing decision, not {@code PARTIAL_STOCK} (it was
     *       compared with the line's fresh units, the held node's included); an order refused for stock answers,
     *       beside what it could have, the units of the line at nodes it may not use and the reason most of them
     *       share (the reject's b, which was 0); a count or a loss that leaves a node with fewer units on hand
     *       than its orders were allocated there sends the units beyond it back to backorder, newest order first,
     *       to be sourced afresh (StockShortage; they stayed allocated). The last commit of version 4 is
     *       9056e6f.</li>
     *   <li>an order converting a network hold whose units no node within its day's capacity could give is planned
     *       with daily capacity waived, as a node hold ships from its node past capacity (it was refused
     *       {@code INSUFFICIENT_STOCK}, the hold left unconvertible that day) — the capacity of the nodes at
     *       capacity that have units of a line whose held units are short, not of the others; a payment may be
     *       as large as the largest order total (it was bounded by one line's). The last commit of version 5 is
     *       ca30355.</li>
     *   <li>a partial cancellation promises what is left again from its own time (the cancellation's time + the
     *       slowest transit left) when that is sooner and the policy still reaches every node shipping, so cancelling
     *       the units of the order's slowest shipment brings its delivery promise forward (the promise stayed); the
     *       fraud screen keys an email's velocity, and compares it with the blocked emails, without a {@code +tag}
     *       ending its local part and, at gmail.com and googlemail.com, without the local part's dots (a new tag per
     *       order evaded both). The last commit of version 6 is e8195e9.</li>
     *   <li>a location whose handling cost is in another currency than another location's is refused
     *       ({@code COST_CURRENCY_MISMATCH}; sourcing added and compared the bare amounts) unless it keeps its own
     *       (a network an older state left in several currencies stays editable), one whose handling cost names no
     *       currency is refused {@code INVALID_FIELD} unless the cost is 0, and a sourcing policy whose transit minutes
     *       fall as distance rises {@code INVALID_POLICY} (a farther band was promised sooner). A snapshot's policy is
     *       read as it was set. The last commit of version 7 is 856bf6e.</li>
     *   <li>a provider's report that a refund it had accepted failed or was canceled ({@code REFUND_FAILED}, a new
     *       payment event) is counted on the order, and what Ordo would refund for it from then on is owed outside it
     *       instead of asked for; its view says what the customer is owed until an operator records it paid back
     *       ({@code SETTLE_REFUND}, a new command); a failed refund does not count against the
     *       money that covers what is open (the order said REFUNDED while the customer had nothing back); a capture
     *       refused while a payment problem holds the order says so in the reply (d = 1). The last commit of
     *       version 8 is cfe1a5e.</li>
     *   <li>a sourcing decision records as an active candidate's units of a line what the plan could take there:
     *       the node's offer within the line's cap across the network (network ATP, the units backing holds placed
     *       against the network left out, within the channel's pool; an inactive node's units as they are). It
     *       recorded the offer alone, so a node whose units network holds had taken showed them beside
     *       {@code OUT_OF_STOCK}; and an order converting a node hold sources its fresh units against the network as
     *       the hold's end leaves it: the units the hold gives back at its node (all of them when the node cannot
     *       serve the order) count toward the network's ATP and the channel's pooled total there, so they may back
     *       holds placed against the network in place of other nodes' units (the order was refused for the stock
     *       that freed), and a refusal counts them among the units at nodes the order may not use. The last commit
     *       of version 9 is 978cd17.</li>
     *   <li>the fraud screen leaves every character that shows nothing ({@link Invisible}: Unicode's default
     *       ignorables — Hangul fillers, soft hyphens, bidi controls, variation selectors, tags — the blank Braille
     *       cell and private use) out of a street line's and a postal code's key, as it left the zero-width ones out
     *       ("570\u3164001" was another address than "570001"), and a blocklisted postal code that folds to nothing
     *       blocks nothing (a state may hold one from before entries were checked); an order refused for stock names,
     *       against the units at inactive nodes, the active nodes' reason (the one with most units, as before) for no
     *       more units than it counts there (3 units at an inactive node beside 10 too far, with room for 1, were
     *       named too far). The last commit of version 10 is ebab553.</li>
     *   <li>a command replayed under its idempotency key (a cancellation, a capture, a payment marked or retried, a
     *       refund settled, a hold's release) answers {@code ORDER_NOT_FOUND} or {@code RESERVATION_NOT_FOUND}, as
     *       the command would, when the channels it is sent with now do not include its order's or hold's: the
     *       remembered answer, another channel's whole order, was given to a key whose channels had changed since.
     *       The last commit of version 11 is 569d02c.</li>
     *   <li>a count ({@code SET_INVENTORY}) may leave either figure as it is ({@link CommandCodec#KEEP}): a store's
     *       count without a safety stock set the planner's to 0, and its buffer went to online orders; setting a
     *       safety stock meant restating onHand, and a receipt in between was lost. An older build refuses such a
     *       count as an invalid quantity. The last commit of version 12 is 8396e74.</li>
     *   <li>an order's plan keeps to a shipment limit ({@code maxShipments} of the sourcing policy, and of the order
     *       in its flags' upper six bits; the smaller applies, kept with the order for its fills): beyond it the
     *       plan of that many nodes covering first the units that cannot wait (SKUs without backorders, a converted
     *       network hold's), then the most units, the rest shortfall ({@link PlanSearch#searchLimited}); a candidate
     *       left out for it is {@code SHIPMENT_LIMIT}, and so is a refusal's reason when the limit left units. The policy's layout ends with the limit (a byte
     *       an older build would read as an actor's), and snapshots from format 10 keep both limits. A 291-unit order
     *       of one SKU had been split into 66 shipments (QA-216). The last commit of version 13 is 5201d1d.</li>
     *   <li>a location may list the countries it ships to ({@code shipsTo}, ending DEFINE_LOCATION's layout: a count
     *       byte an older build would read as an actor's, then the codes); a SHIP line to another country takes no
     *       units there ({@code COUNTRY_NOT_SERVED}, before the service level's reach), nor does a backorder fill,
     *       and a converted node hold at such a node is sourced afresh; snapshots from format 11 keep the lists. An
     *       order to Singapore could be shipped from a Malaysian warehouse that was cheaper (QA-216: a channel could
     *       not be kept to some countries). The last commit of version 14 is 63a0fc3.</li>
     *   <li>an order may carry charges beside its lines ({@link OrderCharges}: shipping, fees, tax, discounts; ending
     *       PLACE_ORDER's layout with a count byte an older build would read as an actor's): the payment covers the
     *       lines and the charges, discounts taken off, and what is open keeps shipping and fees whole while a unit
     *       is open and tax and discounts in proportion to the value open, so a partial cancellation refunds the
     *       units less their share of a discount; an order whose units left cost nothing (free goods, a voucher's
     *       share) has nothing to pay for: once its card is verified it is cleared and its authorization voided, and
     *       a problem that only asked for money or a release holds it no longer once the payment is voided with
     *       nothing taken; a card payment of 0 is refused; snapshots from format 12 keep the charges. A marketplace
     *       order with a shipping fee or a voucher was held {@code AMOUNT_MISMATCH} (QA-216); a store's key may cancel,
     *       and mark paid, the orders of any channel to be picked up at its locations (CANCEL_ORDER and MARK_PAID
     *       list those stores after the channels, as an order query does; QA-220: a counter could read the web's
     *       pickups but not cancel one not collected or take its payment). The last commit of version 15 is
     *       aeade2e.</li>
     *   <li>a channel may be kept to some locations ({@code sourcesFrom}, ending DEFINE_CHANNEL's layout: a count an
     *       older build does not read, then the location ids; {@link Channel#sources}): its SHIP lines take no units
     *       elsewhere ({@code CHANNEL_NOT_SERVED}, before every other rule), nor do its backorder fills, its pickups
     *       and its holds at another location are refused ({@code CHANNEL_NOT_SERVED}), a converted node hold at such
     *       a location is sourced afresh, and its holds against the network, its orders' lines across it and the
     *       figures it may sell count the units of its locations only (its pooled total, pool or none); snapshots
     *       from format 14 keep the lists. Marketplace orders could not be kept to the warehouses a marketplace
     *       collects from, nor a B2B channel to its DC. The last commit of version 16 is 86c5677.</li>
     *   <li>a command whose own step fills waiting lines answers, and remembers under its key, the order it answers
     *       as those fills left it (a partial cancellation that freed one of its order's shipments, under a shipment
     *       limit, answered the order's waiting line still backordered, though the same command had filled it:
     *       QA-252); and a sourcing decision of an order that ended a node hold records, as the units at the hold's
     *       node, what that node has once the hold's units are back (it recorded what the hold had left there, where
     *       the order's refusal counted them: QA-252). The last commit of version 17 is f115eab.</li>
     *   <li>a node's capacity day begins at its own time ({@code capacityDayStartsAt}: a local time and its UTC
     *       offset, ending DEFINE_LOCATION's layout with two shorts an older build does not read; midnight UTC by
     *       default): its daily order capacity counts orders from then, the day counted keeps its end when the time
     *       changes (a day is 12 to 36 hours: a start moved later by less than half a day lengthens the next), and a day's capacity is held by its end ({@link Location#today}), an allocation's day being the
     *       first its order holds there that ends after it ({@link Order#capacityDayOf}); snapshots from format 15
     *       keep the times and the days' ends. A Jakarta warehouse's day turned at 07:00 local time, and a cut-off
     *       could not be a day's start (QA-257). A pickup refused at a store ruled out (at capacity, switched off)
     *       counts that store's units and names its reason ({@code Sourcing.pickupStoreRuledOut}; QA-263); an order
     *       refused for its channel id's hash collision says so (a = 1; QA-262); and an externalId whose key another
     *       order's pair has is told apart by its bytes and taken, where it was refused for good (QA-265).
     *       The last commit of version 18 is 94b59ff.</li>
     *   <li>a payment action's success leaves the order's payment problem while another of its captures, voids or
     *       refunds ended in ERROR and has not been retried (its outcome unknown: a retry asks it again under its own
     *       key). A refund's success wiped an earlier refund's ERROR, and the order went on — or ended cancelled — with
     *       the customer owed that refund and no problem saying so (QA-268); a refused void or refund's problem, which
     *       replaces such an error's, says to settle it by hand only once the refund still asked for has been answered
     *       (a retry says it again; Review-270, Review-271), and a capture's MISMATCH for money already counted (by a
     *       webhook, or before a retry re-asked it) sets no problem (a retry's held the order for good). A card order
     *       held because a refund at the provider left less captured and kept than is open says so
     *       ({@code CAPTURE_SHORTFALL}, worked out when shown: an answer remembered under an idempotency key shows it).
     *       A capture or a mark-paid refused says which of its reasons holds
     *       ({@code d}: {@link Codes#NOT_CAPTURABLE_IN_REVIEW} and the rest; it listed them all, QA-268). Nothing else
     *       changes: no field, no layout, snapshots stay format 15. The last commit of version 19 is 0ffa4ce.</li>
     *   <li>a plan of four nodes or more is searched exactly, as pairs and triples are, while the combinations of every
     *       such size so far together stay within {@code Sourcing.EXACT_BUDGET} and the search reads at most
     *       {@code PlanSearch.EXACT_WORK} lines ({@code PlanSearch.searchSets}; then named {@code WIDE_WORK}):
     *       it was always the greedy cover, which took six shipments among eight nodes where five covered everything
     *       (QA-274); and a pickup refused because the channel's pool keeps back units at its store counts those
     *       alone and names the pool ({@code Sourcing.pickupStoreRuledOut}: the warehouses' units, which no pickup may
     *       take, were named {@code NOT_CAPABLE}; QA-272). Nothing else changes: no field, no layout, snapshots stay
     *       format 15. The last commit of version 20 is 26cf57b.</li>
     *   <li>the exact search of pairs and triples is the one of sets of four and more ({@code PlanSearch.searchSets}):
     *       a branch passed over when the nodes still ahead cannot close what is open, and the search's lines read
     *       counted against {@code PlanSearch.EXACT_WORK} with the larger sizes' (a node at the last depth counts the
     *       lines it reads up to the first it leaves short), past which the plan is the greedy cover, or the cover
     *       found before the stop where it takes fewer shipments, or as many for less, or as dear with lower ids (the
     *       same at sizes of four and more); and the limited search's pairs and triples
     *       ({@code PlanSearch.searchLimited}) count theirs the same way, past which the plan within the limit is the
     *       greedy one, or the best set found before the stop where it covers more, or as much the same way. Every pair of 200 nodes, or triple of 50, was read to its last
     *       lines when none covered: 1.6–1.8 ms an order of 64 lines, and 4–5 ms under a limit of that size
     *       (SmallSetTrapBenchmark). Nothing else changes: no field, no layout, snapshots stay format 15. The last
     *       commit of version 21 is f643c11.</li>
     * </ol>
     */
    public static final int RULES_VERSION = 22;
    /** The first rules version whose SET_SOURCING_POLICY ends with {@code maxShipments}. */
    public static final int SHIPMENT_LIMIT_RULES = 14;
    /** The first rules version whose DEFINE_LOCATION ends with the countries the location ships to. */
    public static final int SHIPS_TO_RULES = 15;
    /** The first rules version whose PLACE_ORDER ends with the order's charges. */
    public static final int CHARGES_RULES = 16;
    /** The first rules version whose DEFINE_LOCATION ends with when the location's capacity day begins. */
    public static final int CAPACITY_DAY_RULES = 19;
    /** The first rules version whose DEFINE_CHANNEL ends with the locations the channel takes stock from. */
    public static final int CHANNEL_SOURCES_RULES = 17;
    /** The first rules version whose CANCEL_ORDER and MARK_PAID list the stores whose pickups the caller may act on. */
    public static final int PICKUP_ACTIONS_RULES = 16;

    /**
     * Applies one journaled command.
     *
     * @param seq must be exactly one more than the last applied sequence.
     * @param stampedMillis at most {@link #MAX_STAMPED_MILLIS}; a later stamp is the sequencer's bug, refused
     *                      before anything changes, as a sequence gap is.
     */
    public void apply(final long seq, final long stampedMillis, final CommandType type,
        final DirectBuffer payload, final int offset, final int length, final Reply reply)
    {
        if (!type.isJournaled())
        {
            throw new IllegalArgumentException("not a journaled command: " + type);
        }
        if (stampedMillis > MAX_STAMPED_MILLIS)
        {
            throw new IllegalArgumentException("command stamped after the end of engine time: " + stampedMillis);
        }
        if (seq != lastSeq + 1)
        {
            throw new IllegalStateException("sequence gap: expected " + (lastSeq + 1) + " got " + seq);
        }
        lastSeq = seq;
        catalog.changes().begin(seq);
        final long now = Math.max(nowMillis, stampedMillis);
        nowMillis = now;
        if (now >= nextDayAt)
        {
            newDay(now);
        }
        reservations.advanceTo(now, seq, events);
        // Units of expired holds go to waiting backorders before this command may take them. The check is here, not
        // only in fill: the filler is too large to inline, and most commands have nothing to fill.
        if (orders.hasDirtySkus())
        {
            filler.fill(seq, nowMillis, BackorderFills.TRIGGER_ENGINE_TIME);
        }
        idempotency.expireUpTo(nowMillis);
        reply.reset(seq, nowMillis);

        reader.wrap(payload, offset, length);
        final long keyHash = reader.readLong();
        final long fingerprint = reader.readLong();
        if (!reader.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
        }
        else if (keyHash != 0 && idempotency.find(keyHash) >= 0)
        {
            final int slot = idempotency.find(keyHash);
            if (idempotency.fingerprint(slot) != fingerprint || idempotency.commandType(slot) != type.code())
            {
                reply.code(ResultCode.IDEMPOTENCY_KEY_REUSED);
            }
            // A caller that may not see the order or hold is answered as if it did not exist, as the command itself
            // would be (not remembered: the key replays again once its caller may see them).
            else if (seenByCaller(type, reply) && !idempotency.replay(slot, reply))
            {
                render(type, reply);
            }
        }
        else
        {
            execute(seq, type, reply);
            if (orders.hasDirtySkus())
            {
                filler.fill(seq, nowMillis, (byte)type.code());
                // The order answered, as it stands after the fills its command brought: a partial cancel that freed
                // one of its shipments under a shipment limit answered its own waiting line still backordered, and a
                // retry with its key answered that again (QA-252; rules version 18).
                final Order answered = reply.answeredOrder();
                if (answered != null && reply.code().isOk())
                {
                    ReplyCodec.order(reply, answered, catalog);
                }
            }
            // As at Stripe: a request that failed validation (1xx) or named something that doesn't exist yet (3xx)
            // is not remembered, so a corrected retry with the same key can go through; successes and business
            // rejects (2xx) are, and a retry answers them again.
            if (keyHash != 0 && reply.code().isRemembered())
            {
                idempotency.store(keyHash, fingerprint, nowMillis, type, reply);
            }
        }
        catalog.publishSoldOut(seq);
        publish();
    }

    /**
     * Whether the caller of a command being replayed may see the order or hold it names: the channels it sends now
     * (its key's, which an operator may have changed since the first answer, or given to another merchant's key of
     * that name) are checked before the remembered answer is given, as the command checks them. A replay once
     * answered another channel's whole order (rules version 12; found in QA). Orders stay for good; a hold purged a
     * day after it ended is no longer checked ({@link ReservationCommands#replayMayAnswer}). Leaves the reply {@code
     * ORDER_NOT_FOUND} or {@code RESERVATION_NOT_FOUND} when not; true for commands that name no order or hold.
     */
    private boolean seenByCaller(final CommandType type, final Reply reply)
    {
        return switch (type)
        {
            case CANCEL_ORDER, MARK_PAID -> orderQueries.findSeen(reader, reply) != null;
            case CAPTURE_PAYMENT, RETRY_PAYMENT, SETTLE_REFUND -> orderQueries.findScoped(reader, reply) != null;
            case RELEASE_RESERVATION -> reservationCommands.replayMayAnswer(reader, reply);
            default -> true;
        };
    }

    /**
     * Engine time reached {@link #nextDayAt}. A day a node counted orders in that ended since the last check gives its
     * capacity back: backorders that waited only for it may go now, oldest first. Only such a day: a node counting no
     * day is not full, so nothing waits for it (its day's start wakes the engine all the same, and marks nothing).
     */
    private void newDay(final long now)
    {
        boolean turned = false;
        for (int i = 0; i < catalog.locationCount() && !turned; i++)
        {
            final Location node = catalog.location(i);
            turned = node.dailyOrderCapacity > 0 && node.capacityDay > dayCheckedAt && node.capacityDay <= now;
        }
        if (turned)
        {
            orders.markEveryQueue();
        }
        dayCheckedAt = now;
        nextDayAt = nextDayAt(now);
    }

    /** The first end of a capacity day after {@code now} among the nodes with a daily capacity (a walk of them). */
    private long nextDayAt(final long now)
    {
        long next = Long.MAX_VALUE;
        for (int i = 0; i < catalog.locationCount(); i++)
        {
            final Location node = catalog.location(i);
            if (node.dailyOrderCapacity > 0)
            {
                next = Math.min(next, node.today(now));
            }
        }
        return next;
    }

    /**
     * Writes only when a value changed, and as release stores: the readers (ticker, metrics) only need to see the
     * value soon and whole, not a full fence after every command, which a plain volatile write costs (the live
     * count changes on nearly every reserve and release).
     */
    private void publish()
    {
        // After the board's marks (Catalog.publishSoldOut): SoldOutBoard reads them in the opposite order.
        final long nextExpiryAt = reservations.nextExpiryAt();
        if (nextExpiryAt != lastNextExpiryAt || nowMillis != lastPublishedTime)
        {
            lastNextExpiryAt = nextExpiryAt;
            lastPublishedTime = nowMillis;
            catalog.board().publish(lastSeq, nowMillis, nextExpiryAt);
        }
        // A new day gives every node its daily capacity back: backorders waiting for it are filled at midnight, not
        // at whatever command comes next (found in QA: a quiet night left an order backordered, its promise counted
        // from the morning's first command).
        final long nextTickAt = orders.hasWaitingBackorders() ? Math.min(nextExpiryAt, nextDayAt) : nextExpiryAt;
        if (nextTickAt != lastNextTickAt)
        {
            lastNextTickAt = nextTickAt;
            PUBLISHED_NEXT_TICK_AT.setRelease(this, nextTickAt);
        }
        final int live = reservations.liveCount();
        if (live != lastLiveReservations)
        {
            lastLiveReservations = live;
            PUBLISHED_LIVE_RESERVATIONS.setRelease(this, live);
        }
    }

    /**
     * Answers a query from current state. Queries never change state (not even expiries), so the state hash at any
     * sequence is the same live and on replay; a reservation whose hold time has passed is shown as expired.
     */
    public void query(final long stampedMillis, final CommandType type,
        final DirectBuffer payload, final int offset, final int length, final Reply reply)
    {
        final long queryTime = Math.max(nowMillis, stampedMillis);
        reply.reset(lastSeq, queryTime);
        reader.wrap(payload, offset, length);
        switch (type)
        {
            case QUERY_INVENTORY -> inventory.queryInventory(reader, reply);
            case QUERY_LOCATION -> inventory.queryLocation(reader, reply);
            case QUERY_SKU -> inventory.querySku(reader, reply);
            case QUERY_RESERVATION -> reservationCommands.query(reader, queryTime, reply);
            case QUERY_STATE_HASH -> reply.result(ResultCode.OK, 0, lastSeq, stateHash(), 0, 0);
            // Engine time: the sourcing view's waiting lines are planned as of the last command (WaitingLines).
            case QUERY_ORDER, QUERY_ORDER_EVENTS, QUERY_ORDER_SOURCING ->
                orderQueries.query(type, reader, reply, nowMillis);
            case QUERY_ORDERS -> orderQueries.list(reader, reply);
            case QUERY_CHANNEL -> channels.queryChannel(reader, reply);
            case QUERY_SOURCING_POLICY -> channels.queryPolicy(reply);
            case QUERY_PAYMENT_ACTIONS -> paymentCommands.outstanding(reader, reply);
            case QUERY_FRAUD_RULES -> paymentCommands.queryRules(reply);
            case QUERY_LOCATIONS -> catalogLists.locations(reader, reply);
            case QUERY_SKUS -> catalogLists.skus(reader, reply);
            case QUERY_CHANNELS -> catalogLists.channels(reader, reply);
            case QUERY_STOCK -> catalogLists.stock(reader, reply);
            case QUERY_LOCATION_STOCK -> catalogLists.locationStock(reader, reply);
            case QUERY_STOCK_CHANGES -> catalogLists.stockChanges(reader, reply);
            default -> throw new IllegalArgumentException("not a query: " + type);
        }
    }

    private void execute(final long seq, final CommandType type, final Reply reply)
    {
        switch (type)
        {
            case DEFINE_LOCATION ->
            {
                inventory.defineLocation(reader, seq, nowMillis, reply);
                // A capacity given or taken away, or a day beginning at another time: the wake-up is found again,
                // exactly (a restored engine finds the same). Only then: an edit of anything else walks no node
                // (20 000 stores: an edit is 0.3 µs, 63 µs walking them).
                if (reply.code() == ResultCode.OK && inventory.daysMoved())
                {
                    nextDayAt = nextDayAt(nowMillis);
                }
            }
            case DEFINE_SKU -> inventory.defineSku(reader, seq, nowMillis, reply);
            case SET_INVENTORY -> inventory.setInventory(reader, seq, nowMillis, reply);
            case ADJUST_INVENTORY -> inventory.adjustInventory(reader, seq, nowMillis, reply);
            case RESERVE -> reservationCommands.reserve(reader, seq, nowMillis, reply);
            case RELEASE_RESERVATION -> reservationCommands.release(reader, seq, nowMillis, reply);
            case DEFINE_CHANNEL -> channels.defineChannel(reader, seq, nowMillis, reply);
            case SET_SOURCING_POLICY -> channels.setPolicy(reader, seq, nowMillis, reply);
            case PLACE_ORDER -> orderCommands.place(reader, seq, nowMillis, reply);
            case CANCEL_ORDER -> cancellation.cancel(reader, seq, nowMillis, reply);
            case SET_FRAUD_RULES -> paymentCommands.setRules(reader, nowMillis, reply);
            case FRAUD_REVIEW -> paymentCommands.review(reader, seq, nowMillis, reply);
            case PAYMENT_ACTION_RESULT -> paymentCommands.actionResult(reader, seq, nowMillis, reply);
            case PAYMENT_EVENT -> paymentCommands.event(reader, seq, nowMillis, reply);
            case CAPTURE_PAYMENT -> paymentCommands.capture(reader, seq, nowMillis, reply);
            case MARK_PAID -> paymentCommands.markPaid(reader, seq, nowMillis, reply);
            case RETRY_PAYMENT -> paymentCommands.retry(reader, seq, nowMillis, reply);
            case SETTLE_REFUND -> paymentCommands.settleRefund(reader, seq, nowMillis, reply);
            case TICK -> reply.code(ResultCode.OK);
            default -> throw new IllegalArgumentException("unhandled journaled command: " + type);
        }
    }

    /** The lines the last order's planner read in its last search ({@code PlanSearch.EXACT_WORK}; tests). */
    long lastSearchWork()
    {
        return sourcing.searchWork();
    }

    /**
     * Re-renders the variable part of a replayed reply from its stored tuple: only for the commands whose records
     * keep no view ({@link IdempotencyTable#keepsView}).
     */
    private void render(final CommandType type, final Reply reply)
    {
        switch (type)
        {
            case SET_INVENTORY, ADJUST_INVENTORY -> inventory.render(reply);
            case RESERVE, RELEASE_RESERVATION -> reservationCommands.render(type, reply);
            default ->
            {
            }
        }
    }

    public long lastSeq()
    {
        return lastSeq;
    }

    /** A remembered {@code Idempotency-Key}: the hash its command carried, and when the record was made. */
    @FunctionalInterface
    public interface KeyRecordVisitor
    {
        void visit(long keyHash, long createdAt);
    }

    /**
     * Each remembered key's hash and making time, oldest first. Not thread-safe: at start-up, before the engine thread
     * runs (the gateway learns which records an older build made, under its unkeyed hash).
     */
    public void idempotencyRecords(final KeyRecordVisitor visitor)
    {
        idempotency.forEach((key, fingerprint, createdAt, commandType, resultCode, entityId, a, b, c, d, view) ->
            visitor.visit(key, createdAt));
    }

    /** Engine time of the last applied command; {@link Long#MIN_VALUE} before the first. */
    public long nowMillis()
    {
        return nowMillis;
    }

    /**
     * Engine time as of the last command applied (any thread); {@link Long#MIN_VALUE} before the first. It never goes
     * back: a clock stepped behind it leaves it standing until the clock catches up.
     */
    public long publishedNowMillis()
    {
        return catalog.board().engineTime();
    }

    /** Earliest expiry among live holds (any thread), {@link Long#MAX_VALUE} when none. */
    public long nextExpiryAt()
    {
        return catalog.board().nextExpiryAt();
    }

    /**
     * When the engine next has work that no command brings (any thread): the earliest expiry of a live hold, or, while
     * backorders wait, the start of the next engine-time day (daily capacity comes back); {@link Long#MAX_VALUE} when
     * neither. A TICK stamped at or after it does that work at once; any other command would do it too, but may not
     * come for hours.
     */
    public long nextTickAt()
    {
        return (long)PUBLISHED_NEXT_TICK_AT.getAcquire(this);
    }

    /**
     * What the gateway may read without a command: whether a network hold would be refused as sold out (any thread;
     * see {@link SoldOutBoard}).
     */
    public SoldOutBoard soldOutBoard()
    {
        return catalog.board();
    }

    /** Live holds (any thread). */
    public int liveReservations()
    {
        return publishedLiveReservations;
    }

    /**
     * Allocates now the objects for up to {@code holds} reservations (see {@link ReservationBook#preallocate}): for a
     * server that knows how many holds it will keep, so that reserving allocates nothing and the collector does not
     * copy each new hold through the young generation. Changes no state, answer or hash. Engine thread, or before
     * the engine thread starts.
     */
    public void preallocate(final int holds)
    {
        reservations.preallocate(holds);
    }

    /**
     * Takes now the direct memory that about {@code orders} orders keep off the heap — their sourcing decisions
     * ({@link DecisionStore}), timelines, lines, allocations and capacity holds ({@link OrderTimeline}), sized for
     * orders of 3 lines sourced over 50 nodes with a handful of events and ~200 bytes of texts; more is taken as
     * needed — so that the first store into each page is not a page fault on the command path — and, on the heap,
     * the {@code Order} objects themselves (~350 bytes each) and an entry of the per-customer ledger for each (~230
     * bytes with its id and SKU arrays), room for that many orders in the list of orders, the external-id index and the
     * ledger's table (~750 bytes an order in all), and in the fraud screen's velocity windows, their counts per key
     * and its set of known customers (at most {@value FraudScreen#MAX_PREALLOCATED_WINDOW} placements: up to 256 MiB),
     * which otherwise grow by copying as orders arrive. Orders made now are old before the first placement, and refer
     * to nothing a placement makes, so the young collections under order traffic neither copy nor scan them.
     * Changes no state, answer or hash. Engine thread, or before the engine thread starts.
     */
    public void preallocateOrders(final int orders)
    {
        this.orders.decisions().preallocate((long)orders * DECISION_BYTES_PER_ORDER);
        this.orders.timeline().preallocate((long)orders * TIMELINE_BYTES_PER_ORDER);
        this.orders.preallocate(orders);
        fraud.preallocate(orders);
    }

    /**
     * Where the pages of those records come from once the preallocated ones are used up: a {@link PageSupply} that
     * makes them on another thread keeps their page faults off the command path ({@link PageSupply#NONE}, the
     * default: this thread makes them). Changes no state, answer or hash. Engine thread, or before it starts.
     */
    public void pageSupply(final PageSupply supply)
    {
        orders.decisions().pageSupply(supply);
        orders.timeline().pageSupply(supply);
    }

    /**
     * Direct memory this engine holds for the records its orders keep off the heap (decisions, timelines, lines,
     * allocations, capacity holds), preallocated included (any thread).
     */
    public long offHeapBytes()
    {
        return orders.decisions().pageBytes() + orders.timeline().pageBytes();
    }

    /** Hash of the whole business state (not of the clock): see {@link StateHasher}. */
    public long stateHash()
    {
        return stateHash(true);
    }

    /** @param withFills false: the hash of snapshot format 5, which kept no backorder fills. */
    long stateHash(final boolean withFills)
    {
        return Hashing.combine(StateHasher.hash(catalog, reservations, idempotency, orders, channels.policy(),
            withFills), Hashing.combine(fraud.hash(), payments.hash()));
    }

    /**
     * The currencies the locations' handling costs are in, each with a location, when there is more than one — a state
     * rules version 7 allowed, which sourcing compares as if in one currency — else null. Engine thread, or before
     * it starts.
     */
    public String costCurrenciesIfMixed()
    {
        return catalog.costCurrenciesIfMixed();
    }

    /** Checks the stock invariant everywhere; returns a description of the first violation or null. */
    public String checkInvariants()
    {
        return InvariantChecker.check(catalog, reservations, orders, true);
    }

    /**
     * {@link #checkInvariants()}, with the check that each order's status is the one this build's rules derive from
     * its state left out when {@code statusesByThisBuildsRules} is false: a state resumed from a snapshot written
     * under other rules holds orders whose statuses those rules derived (journal verify after an upgrade).
     */
    public String checkInvariants(final boolean statusesByThisBuildsRules)
    {
        return InvariantChecker.check(catalog, reservations, orders, statusesByThisBuildsRules);
    }

    /**
     * The figures grants are bounded by, to compare after the next command with {@link #checkGrantsSince}: whether a
     * hold, an order or a fill took more than the network or a channel's pool allows cannot be told from a state
     * alone, since lowered stock may leave earlier grants over it. Slow and allocating: tests.
     */
    public GrantFigures grantFigures()
    {
        return GrantFigures.of(catalog);
    }

    /** The grant rules across what ran since {@code before} was read (one command): a breach, or null. */
    public String checkGrantsSince(final GrantFigures before)
    {
        return GrantFigures.check(before, GrantFigures.of(catalog), catalog);
    }

    Catalog catalog()
    {
        return catalog;
    }

    ReservationBook reservations()
    {
        return reservations;
    }

    IdempotencyTable idempotency()
    {
        return idempotency;
    }

    OrderBook orders()
    {
        return orders;
    }

    BackorderFiller filler()
    {
        return filler;
    }

    /** The stock commands (tests reach the shortage's walk through them). */
    InventoryCommands inventory()
    {
        return inventory;
    }

    ChannelCommands channels()
    {
        return channels;
    }

    FraudScreen fraud()
    {
        return fraud;
    }

    PaymentBook payments()
    {
        return payments;
    }

    void restoreClock(final long seq, final long nowMillis)
    {
        this.lastSeq = seq;
        this.nowMillis = nowMillis;
        // Every day that ended by the snapshot's time was seen then: this check finds none, and sets the next.
        this.dayCheckedAt = nowMillis;
        newDay(nowMillis);
        catalog.markEverySkuForBoard();
        catalog.publishSoldOut(seq);
        publish();
    }

    /** Formats a state hash the way the API and the CLI print it: 16 lower-case hex digits. */
    public static String formatHash(final long hash)
    {
        final String hex = Long.toHexString(hash);
        return "0".repeat(16 - hex.length()) + hex;
    }
}
