package ordo.gateway.api;

import ordo.engine.Codes;
import ordo.engine.CommandType;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.http.HttpExchange;
import ordo.gateway.http.JsonWriter;
import ordo.gateway.http.Problem;

/**
 * The one mapping from engine result codes to HTTP problems (status, stable code, title, helpful fields).
 */
final class ResultProblems
{
    /**
     * By result code ordinal: the standard members a refusal's document starts with ({@code "type":…,"title":…,
     * "status":…,"code":…}), encoded once: the same for every answer, and most of its bytes.
     */
    private static final byte[][] HEADS = heads();
    /** An id is at most 255 bytes (its length is one byte). */
    private static final ThreadLocal<byte[]> SKU_SCRATCH = ThreadLocal.withInitial(() -> new byte[255]);

    private ResultProblems()
    {
    }

    /**
     * Answers a refused command (reply thread): the reservation refusals, which a flash sale answers thousands of
     * times a second, straight from this thread's JSON writer; every other one through its {@link Problem}. Both
     * write the same bytes. A field the refusal names is named as the body of a command of {@code type} names it.
     */
    static void respond(final HttpExchange ex, final Reply reply, final CommandType type)
    {
        final JsonWriter document = writeRefusal(reply);
        if (document != null)
        {
            ex.respondProblem(status(reply.code()), document);
        }
        else
        {
            ex.respondProblem(of(reply, type));
        }
    }

    /**
     * The problem document of a reservation refusal (insufficient stock, per-customer limit, sale not open or
     * ended) in this thread's {@link JsonWriter#local()}: what {@code of(reply).toJson()} writes, member for member,
     * with no {@code Problem}, map, boxed number or detail string. Null for any other code, and for a reply that
     * names no SKU or one that would need escaping (no valid id does): {@link #of} answers those.
     */
    static JsonWriter writeRefusal(final Reply reply)
    {
        final ResultCode code = reply.code();
        if (code != ResultCode.INSUFFICIENT_STOCK && code != ResultCode.PER_CUSTOMER_LIMIT &&
            code != ResultCode.SALE_NOT_OPEN && code != ResultCode.SALE_ENDED)
        {
            return null;
        }
        final byte[] sku = SKU_SCRATCH.get();
        final int skuLength = Views.rejectedSkuBytes(reply, sku);
        if (skuLength < 0)
        {
            return null;
        }
        if (code == ResultCode.INSUFFICIENT_STOCK)
        {
            // An order's refusal that names units at nodes it may not use is rare: its Problem says so.
            return reply.b() != 0 ? null : writeInsufficientStock(sku, 0, skuLength, reply.a(), reply.c(), reply.d());
        }
        final JsonWriter w = JsonWriter.local().startObject().members(HEADS[code.ordinal()]);
        final JsonWriter detail = w.name("detail").startString();
        switch (code)
        {
            case PER_CUSTOMER_LIMIT ->
            {
                // Held and ordered, without what this request asks for: an order converting a hold counts the
                // hold's units in what it asks for, so "already holds 0" read wrong beside a live hold (found in QA).
                detail.stringPart("customer has ").stringPart(reply.a()).stringPart(" of ")
                    .asciiPart(sku, 0, skuLength).stringPart(" held or ordered besides this request, which asks for ")
                    .stringPart(reply.c()).stringPart("; the limit is ").stringPart(reply.b()).endString();
                w.name("sku").asciiString(sku, 0, skuLength);
                w.name("limit").number(reply.b());
                w.name("held").number(reply.a());
                w.name("requested").number(reply.c());
            }
            default ->
            {
                detail.stringPart("the sale of ").asciiPart(sku, 0, skuLength)
                    .stringPart(code == ResultCode.SALE_NOT_OPEN ? " has not started" : " has ended").endString();
                w.name("sku").asciiString(sku, 0, skuLength);
            }
        }
        return w.name("line").number(reply.d()).endObject();
    }

    /**
     * The problem document of {@code INSUFFICIENT_STOCK} for the SKU {@code sku[start, start + length)} (an id: no
     * escaping) in this thread's {@link JsonWriter#local()}: the engine's refusal as the reply thread answers it,
     * and the gateway's own for a SKU sold out ({@link SoldOutRefusals}), byte for byte.
     */
    static JsonWriter writeInsufficientStock(final byte[] sku, final int start, final int length, final long available,
        final long requested, final long line)
    {
        final JsonWriter w = JsonWriter.local().startObject().members(HEADS[ResultCode.INSUFFICIENT_STOCK.ordinal()]);
        w.name("detail").startString().stringPart("only ").stringPart(available).stringPart(" of ")
            .asciiPart(sku, start, length).stringPart(" available, ").stringPart(requested).stringPart(" requested")
            .endString();
        w.name("sku").asciiString(sku, start, length);
        w.name("available").number(available);
        w.name("requested").number(requested);
        return w.name("line").number(line).endObject();
    }

    static int status(final ResultCode code)
    {
        return switch (code)
        {
            case OK -> 200;
            case MALFORMED_COMMAND, UNKNOWN_SKU, UNKNOWN_LOCATION, INVALID_QUANTITY, TOO_MANY_LINES, DUPLICATE_SKU,
                INVALID_TTL, INVALID_SALE_WINDOW, INVALID_COORDINATES, INVALID_FIELD, INVALID_ID, CURRENCY_MISMATCH,
                MISSING_COORDINATES, PICKUP_NOT_AVAILABLE, INVALID_POLICY, LINE_NOT_IN_ORDER,
                INVALID_FRAUD_RULES, UNKNOWN_CURSOR, CHANNEL_NOT_SERVED -> 400;
            case INSUFFICIENT_STOCK, SALE_NOT_OPEN, SALE_ENDED, LOCATION_INACTIVE, RESERVATION_NOT_ACTIVE,
                ON_HAND_NEGATIVE, ID_HASH_COLLISION, RESERVATION_CUSTOMER_MISMATCH, ORDER_NOT_CANCELLABLE,
                CANCEL_EXCEEDS_OPEN, ORDER_NOT_IN_REVIEW, PAYMENT_NOT_CAPTURABLE, NOTHING_TO_RETRY,
                PAYMENT_PROVIDER_MISMATCH, PAYMENT_REFERENCE_IN_USE, ON_HAND_TOO_LARGE, COST_CURRENCY_MISMATCH,
                REFUND_NOT_OWED, KEPT_HOLDS_SHORT -> 409;
            case PER_CUSTOMER_LIMIT -> 429;
            case RESERVATION_NOT_FOUND, SKU_NOT_FOUND, LOCATION_NOT_FOUND, ORDER_NOT_FOUND, CHANNEL_NOT_FOUND,
                PAYMENT_ACTION_NOT_FOUND -> 404;
            case IDEMPOTENCY_KEY_REUSED -> 422;
            case UNKNOWN_COMMAND -> 500;
        };
    }

    static String title(final ResultCode code)
    {
        return switch (code)
        {
            case OK -> "OK";
            case MALFORMED_COMMAND -> "Malformed command";
            case UNKNOWN_SKU -> "Unknown SKU";
            case UNKNOWN_LOCATION -> "Unknown location";
            case INVALID_QUANTITY -> "Invalid quantity";
            case TOO_MANY_LINES -> "Too many lines";
            case DUPLICATE_SKU -> "SKU appears on two lines";
            case INVALID_TTL -> "Invalid hold time";
            case INVALID_SALE_WINDOW -> "Invalid sale window";
            case INVALID_COORDINATES -> "Invalid coordinates";
            case INVALID_FIELD -> "Invalid field";
            case INVALID_ID -> "Invalid id";
            case CURRENCY_MISMATCH -> "Currencies differ";
            case MISSING_COORDINATES -> "Ship-to coordinates missing";
            case PICKUP_NOT_AVAILABLE -> "Pickup not available at this location";
            case INVALID_POLICY -> "Invalid sourcing policy";
            case LINE_NOT_IN_ORDER -> "SKU not in the order";
            case INVALID_FRAUD_RULES -> "Invalid fraud rules";
            case UNKNOWN_CURSOR -> "Unknown cursor";
            case CHANNEL_NOT_SERVED -> "Location does not serve this channel";
            case ORDER_NOT_IN_REVIEW -> "Order not in fraud review";
            case PAYMENT_NOT_CAPTURABLE -> "Payment cannot be captured";
            case NOTHING_TO_RETRY -> "No failed payment action to retry";
            case REFUND_NOT_OWED -> "More than failed refunds left owed";
            case KEPT_HOLDS_SHORT -> "Holds would lose their stock";
            case PAYMENT_PROVIDER_MISMATCH -> "Not for this payment provider";
            case PAYMENT_REFERENCE_IN_USE -> "Payment reference already pays another order";
            case PAYMENT_ACTION_NOT_FOUND -> "Payment action not found";
            case RESERVATION_CUSTOMER_MISMATCH -> "Reservation belongs to another customer";
            case ORDER_NOT_CANCELLABLE -> "Order can no longer be cancelled";
            case CANCEL_EXCEEDS_OPEN -> "Cancellation exceeds the open units";
            case ORDER_NOT_FOUND -> "Order not found";
            case CHANNEL_NOT_FOUND -> "Channel not found";
            case ID_HASH_COLLISION -> "Id collides with an existing id";
            case ON_HAND_NEGATIVE -> "Adjustment would make stock negative";
            case ON_HAND_TOO_LARGE -> "Adjustment would take stock beyond the largest count";
            case COST_CURRENCY_MISMATCH -> "Handling cost in another currency than the network's";
            case INSUFFICIENT_STOCK -> "Insufficient stock";
            case SALE_NOT_OPEN -> "Sale not open yet";
            case SALE_ENDED -> "Sale has ended";
            case PER_CUSTOMER_LIMIT -> "Per-customer limit reached";
            case LOCATION_INACTIVE -> "Location inactive";
            case RESERVATION_NOT_ACTIVE -> "Reservation no longer held";
            case RESERVATION_NOT_FOUND -> "Reservation not found";
            case SKU_NOT_FOUND -> "SKU not found";
            case LOCATION_NOT_FOUND -> "Location not found";
            case IDEMPOTENCY_KEY_REUSED -> "Idempotency key reused with another request";
            case UNKNOWN_COMMAND -> "Unknown command";
        };
    }

    /**
     * Of an order's INSUFFICIENT_STOCK: the sourcing reason most of the line's units at nodes the order may not use
     * share (the tuple's b: units × 256 + reason code), or null when there were none.
     */
    private static String ruledOutReason(final Reply reply)
    {
        final long b = reply.b();
        final Codes.SourcingReason reason = b >> 8 > 0 ? Codes.SourcingReason.fromCode((int)(b & 0xFF)) : null;
        return reason == null ? null : reason.name();
    }

    /**
     * "; 940 more at nodes this order may not use (TOO_FAR_FOR_SERVICE_LEVEL)", or nothing: {@link #ruledOutReason};
     * the shipment limit's reason says what it is, as its units are at nodes the order could otherwise use.
     */
    private static String ruledOutDetail(final Reply reply)
    {
        final String why = ruledOutReason(reply);
        return why == null ? "" : "; " + (reply.b() >> 8) + " more at nodes this order may not use (" + why +
            (Codes.SourcingReason.SHIPMENT_LIMIT.name().equals(why) ? ": its plan already has as many shipments as " +
                "its shipment limit allows" : Codes.SourcingReason.COUNTRY_NOT_SERVED.name().equals(why) ?
                ": they do not ship to the order's shipTo.countryCode" :
                Codes.SourcingReason.CHANNEL_NOT_SERVED.name().equals(why) ?
                ": the order's channel does not take stock there (its sourcesFrom)" : "") + ")";
    }

    /** The problem of an engine result code, with its status and title, in the words of {@code detail}. */
    static Problem of(final ResultCode code, final String detail)
    {
        return Problem.of(status(code), code.name(), title(code), detail);
    }

    static Problem of(final Reply reply)
    {
        return of(reply, null);
    }

    /**
     * {@link #of(Reply)} for a command of {@code type} (null: unknown), whose line refusals name the field of the
     * line in that command's body: {@code lines[2].sku} for an order, a hold or a cancellation, {@code pools[2].sku}
     * for a channel's pools, none for others.
     */
    static Problem of(final Reply reply, final CommandType type)
    {
        final ResultCode code = reply.code();
        if (code == ResultCode.UNKNOWN_CURSOR && type == CommandType.QUERY_STOCK_CHANGES)
        {
            // The change feed's position is its own parameter, and a journal sequence.
            return of(code, "since: is after the last command applied, or names a SKU there is none of; pass 0, " +
                "a stock page's asOf or a change page's nextSince").with("field", "since");
        }
        final Problem problem = of(code, detail(reply, type));
        switch (code)
        {
            case INSUFFICIENT_STOCK ->
            {
                problem.with("sku", Views.rejectedSku(reply)).with("available", reply.a())
                    .with("requested", reply.c()).with("line", reply.d());
                final String why = ruledOutReason(reply);
                if (why != null)
                {
                    problem.with("ruledOutUnits", reply.b() >> 8).with("ruledOutReason", why);
                }
            }
            case CANCEL_EXCEEDS_OPEN -> withLineField(problem.with("sku", Views.rejectedSku(reply))
                .with("open", reply.a()).with("requested", reply.c()).with("line", reply.d()), type, reply.d(), "qty");
            case PER_CUSTOMER_LIMIT -> problem.with("sku", Views.rejectedSku(reply))
                .with("limit", reply.b()).with("held", reply.a()).with("requested", reply.c()).with("line", reply.d());
            case SALE_NOT_OPEN, SALE_ENDED -> problem.with("sku", Views.rejectedSku(reply)).with("line", reply.d());
            // A field a client can put beside the line's input, as the gateway's own checks name one (QA-198).
            case INVALID_QUANTITY, DUPLICATE_SKU, UNKNOWN_SKU -> withLineField(problem.with("sku",
                Views.rejectedSku(reply)).with("line", reply.d()), type, reply.d(),
                code == ResultCode.INVALID_QUANTITY ? "qty" : "sku");
            case MISSING_COORDINATES -> problem.with("field", "shipTo.lat");
            // An order's charge (a = 2; d = its index, -1 for the charges together). The gateway checks the same
            // rules first and names the member; another client of PLACE_ORDER is told which charge (review).
            case INVALID_FIELD ->
            {
                if (isSourcesRefusal(reply, type))
                {
                    problem.with("field", "sourcesFrom[" + reply.d() + "]");
                }
                else if (isChargeRefusal(reply, type))
                {
                    problem.with("field", reply.d() < 0 ? "charges" : "charges[" + reply.d() + "]");
                }
            }
            // A currency mismatch is a line's when the engine names a SKU, else the payment's.
            case CURRENCY_MISMATCH, LINE_NOT_IN_ORDER ->
            {
                final String sku = Views.rejectedSku(reply);
                if (sku != null)
                {
                    withLineField(problem.with("sku", sku).with("line", reply.d()), type, reply.d(),
                        code == ResultCode.CURRENCY_MISMATCH ? "unitPrice.currency" : "sku");
                }
                else if (reply.code() == ResultCode.CURRENCY_MISMATCH)
                {
                    // a = 1: a refund's or a settlement's amount against the order's; a = 2: an order's charge
                    // (d) against its lines; else an order's payment against its lines.
                    problem.with("field", reply.a() == 1 ? "amount.currency" :
                        reply.a() == 2 ? "charges[" + reply.d() + "].amount.currency" : "payment.amount.currency");
                }
            }
            case REFUND_NOT_OWED -> problem.with("field", "amount.amountMinor").with("owedMinor", reply.c());
            // An order's channel (a = 1): the field to change (QA-262).
            case ID_HASH_COLLISION ->
            {
                if (type == CommandType.PLACE_ORDER && reply.a() == 1)
                {
                    problem.with("field", "channel");
                }
            }
            case KEPT_HOLDS_SHORT -> problem.with("field", "sourcesFrom").with("sku", Views.rejectedSku(reply))
                .with("units", reply.a());
            case UNKNOWN_LOCATION, LOCATION_INACTIVE, CHANNEL_NOT_SERVED -> problem.with("field",
                unknownLocationField(reply, type));
            // Only an order's pickup store can be refused for it.
            case PICKUP_NOT_AVAILABLE -> problem.with("field", "pickupLocationId");
            case RESERVATION_NOT_FOUND ->
            {
                if (reply.a() == 1)
                {
                    problem.with("field", "reservationId");
                }
            }
            // The id the request named (the engine sends it with the code); none from an older reply.
            case SKU_NOT_FOUND ->
            {
                if (reply.dataLength() != 0)
                {
                    problem.with("sku", Views.rejectedSku(reply));
                }
            }
            case LOCATION_NOT_FOUND ->
            {
                if (reply.dataLength() != 0)
                {
                    problem.with("locationId", Views.rejectedSku(reply));
                }
            }
            case UNKNOWN_CURSOR -> problem.with("field", "after");
            // Only an adjustment is refused for the stock it would leave (a count's onHand is checked at the gateway):
            // its delta is the member refused (QA-211).
            case ON_HAND_NEGATIVE -> problem.with("field", "delta").with("sku", Views.rejectedSku(reply))
                .with("onHand", reply.a());
            case COST_CURRENCY_MISMATCH ->
            {
                final String[] other = costingOtherwise(reply);
                problem.with("field", "handlingCost.currency").with("conflictingLocationId", other[0])
                    .with("networkCurrency", other[1]);
            }
            case ON_HAND_TOO_LARGE -> problem.with("field", "delta").with("sku", Views.rejectedSku(reply))
                .with("onHand", reply.a()).with("maxOnHand", reply.b());
            // Not "status": that member is the HTTP status (RFC 9457) and Problem.with refuses it, which threw on the
            // reply thread and left the client without an answer (found by the e2e ReservationLifecycleTest).
            case RESERVATION_NOT_ACTIVE -> reservationField(problem.with("reservationStatus",
                reservationStatus(reply.a())), type);
            case RESERVATION_CUSTOMER_MISMATCH -> reservationField(problem, type);
            case ORDER_NOT_CANCELLABLE, ORDER_NOT_IN_REVIEW -> problem.with("orderStatus", orderStatus(reply.a()));
            case PAYMENT_NOT_CAPTURABLE, NOTHING_TO_RETRY, PAYMENT_PROVIDER_MISMATCH ->
                problem.with("paymentStatus", paymentStatus(reply.a()));
            // The member at fault, as every body refusal names it (QA-267: none). No orderId: the order the reference
            // pays for may belong to another channel, which this caller must not learn of.
            case PAYMENT_REFERENCE_IN_USE -> problem.with("field", "payment.reference");
            default ->
            {
            }
        }
        return problem;
    }

    /**
     * Names {@code reservationId} as the problem's field for an order that names a hold it cannot convert (ended, or
     * another customer's), as {@code RESERVATION_NOT_FOUND} does: the member of the order's body at fault (QA-208:
     * both answered without a field). A hold's own release names its id in the path: no field.
     */
    /**
     * Two different ids with one 64-bit hash cannot be told apart, so the second is refused for good: which one, and
     * what to do (QA-262: the refusal said only "Id collides with an existing id").
     */
    private static String idCollision(final Reply reply, final CommandType type)
    {
        if (type == CommandType.PLACE_ORDER && reply.a() == 1)
        {
            return "channel has the same 64-bit hash as another channel's id, so the two cannot be told apart: " +
                "name the channel otherwise";
        }
        return "the id has the same 64-bit hash as an id already in use, so the two cannot be told apart: choose " +
            "another id";
    }

    private static Problem reservationField(final Problem problem, final CommandType type)
    {
        return type == CommandType.PLACE_ORDER ? problem.with("field", "reservationId") : problem;
    }

    /**
     * Names {@code lines[line].member} (or a channel's {@code pools[line].member}) as the problem's field, for the
     * commands whose bodies list lines; nothing for others (an inventory command's INVALID_QUANTITY has no line).
     */
    private static Problem withLineField(final Problem problem, final CommandType type, final long line,
        final String member)
    {
        if (line < 0 || type == null)
        {
            return problem;
        }
        return switch (type)
        {
            case PLACE_ORDER, RESERVE, CANCEL_ORDER -> problem.with("field", "lines[" + line + "]." + member);
            case DEFINE_CHANNEL -> problem.with("field", "pools[" + line + "]." + member);
            default -> problem;
        };
    }

    /** The location a COST_CURRENCY_MISMATCH names, and its currency: the engine's reply data. */
    private static String[] costingOtherwise(final Reply reply)
    {
        final ordo.engine.PayloadReader r = reply.readData(new ordo.engine.PayloadReader());
        return new String[] {r.readAsciiString(), r.readAsciiString()};
    }

    /**
     * The field that named an undefined or inactive location: an order's pickup store (the engine answers a = 1) or a
     * hold's.
     */
    /**
     * The field naming a location refused: an order's pickup store (a = 1), a location of a channel's
     * {@code sourcesFrom} (a = 2, d its position), else a hold's or a command's {@code locationId}.
     */
    private static String unknownLocationField(final Reply reply, final CommandType type)
    {
        return reply.a() == 1 ? "pickupLocationId" : isSourcesRefusal(reply, type) ? "sourcesFrom[" + reply.d() + "]" :
            "locationId";
    }

    /** A refusal of a channel's {@code sourcesFrom}: a DEFINE_CHANNEL's with a = 2 (engine ChannelCommands). */
    private static boolean isSourcesRefusal(final Reply reply, final CommandType type)
    {
        return type == CommandType.DEFINE_CHANNEL && reply.a() == 2;
    }

    /**
     * An INVALID_FIELD for an order's charges: a = 2 and no SKU named (a line's names its SKU); not a channel's
     * {@code sourcesFrom}, whose a is 2 too (Review-241).
     */
    private static boolean isChargeRefusal(final Reply reply, final CommandType type)
    {
        return type != CommandType.DEFINE_CHANNEL && reply.a() == 2 && Views.rejectedSku(reply) == null;
    }

    private static String detail(final Reply reply, final CommandType type)
    {
        return switch (reply.code())
        {
            case ID_HASH_COLLISION -> idCollision(reply, type);
            case INVALID_FIELD -> !isChargeRefusal(reply, type) ? title(reply.code()) : reply.d() < 0 ?
                "the charges are more than 16, or their discounts exceed the lines' value, or the order would total " +
                    "more than an order may" :
                "charge " + reply.d() + " is of no known type, below 0, beyond what an order may total with the " +
                    "charges before it, in no ISO 4217 currency, or named in more than 400 bytes";
            case INSUFFICIENT_STOCK -> "only " + reply.a() + " of " + Views.rejectedSku(reply) + " available, " +
                reply.c() + " requested" + ruledOutDetail(reply);
            case CANCEL_EXCEEDS_OPEN -> "only " + reply.a() + " of " + Views.rejectedSku(reply) +
                " are open in the order, " + reply.c() + " requested";
            case PER_CUSTOMER_LIMIT -> "customer has " + reply.a() + " of " + Views.rejectedSku(reply) +
                " held or ordered besides this request, which asks for " + reply.c() + "; the limit is " + reply.b();
            case SALE_NOT_OPEN -> "the sale of " + Views.rejectedSku(reply) + " has not started";
            case SALE_ENDED -> "the sale of " + Views.rejectedSku(reply) + " has ended";
            case UNKNOWN_SKU -> "no SKU " + Views.rejectedSku(reply) + " is defined";
            case SKU_NOT_FOUND -> reply.dataLength() == 0 ? title(reply.code()) :
                "no SKU " + Views.rejectedSku(reply) + " is defined";
            case LOCATION_NOT_FOUND -> reply.dataLength() == 0 ? title(reply.code()) :
                "no location " + Views.rejectedSku(reply) + " is defined";
            case UNKNOWN_LOCATION -> "the location named in " + unknownLocationField(reply, type) + " is not defined";
            case KEPT_HOLDS_SHORT -> "the list would leave " + reply.a() + " units of " + Views.rejectedSku(reply) +
                " held against the network by channels kept to some locations without units where they may convert; "
                + "release those holds, or set the list once they end";
            case LOCATION_INACTIVE -> "the location named in " + unknownLocationField(reply, type) + " is not active";
            case CHANNEL_NOT_SERVED -> "the location named in " + unknownLocationField(reply, type) + " is not one " +
                "the channel takes stock from (the channel's sourcesFrom)";
            case CURRENCY_MISMATCH -> Views.rejectedSku(reply) == null ? (reply.a() == 1 ?
                "the amount is in another currency than the order's" : reply.a() == 2 ?
                "charge " + reply.d() + " is in another currency than the lines" :
                "the payment is in another currency than the lines") :
                "line " + reply.d() + " (" + Views.rejectedSku(reply) + ") is priced in another currency than line 0";
            case MISSING_COORDINATES -> "a SHIP order needs shipTo.lat and shipTo.lon to be sourced";
            case PICKUP_NOT_AVAILABLE -> "the pickup location does not offer PICKUP";
            // Of the order's channel: a key of both channels moving a cart from app to web checkout read that its
            // app hold did not exist, or was not one of its channels (QA-273); which of the two is not said.
            case RESERVATION_NOT_FOUND -> reply.a() == 1 ? "the reservation named in reservationId does not exist, " +
                "or is not a hold of the order's channel (a hold converts only into an order of the channel it was " +
                "placed on)" : title(reply.code());
            case LINE_NOT_IN_ORDER -> "the order has no line for " + Views.rejectedSku(reply);
            case RESERVATION_NOT_ACTIVE -> "the reservation is " +
                reservationStatus(reply.a()).toLowerCase(java.util.Locale.ROOT);
            case RESERVATION_CUSTOMER_MISMATCH -> "the reservation was made for another customer";
            case ORDER_NOT_CANCELLABLE -> "the order is " + orderStatus(reply.a()) +
                "; only an order with units still open can be cancelled";
            case ORDER_NOT_FOUND -> "no such order, or not one of this key's channels";
            case ORDER_NOT_IN_REVIEW -> "the order is " + orderStatus(reply.a()) +
                "; only an order in FRAUD_REVIEW can be approved or rejected";
            case PAYMENT_NOT_CAPTURABLE -> notCapturable(reply);
            case REFUND_NOT_OWED -> "failed refunds (and those not asked for since) leave " + reply.c() +
                " owed to the customer on this order; " +
                reply.d() + " cannot be recorded as paid back";
            case NOTHING_TO_RETRY -> "the order has no payment action that ended in an error or a mismatch " +
                "(payment " + paymentStatus(reply.a()) + ")";
            case PAYMENT_PROVIDER_MISMATCH -> "the order's payment provider does not take this: capture is for card " +
                "(stripe) payments, mark-paid for offline payments";
            case PAYMENT_ACTION_NOT_FOUND -> "no such payment action";
            case PAYMENT_REFERENCE_IN_USE -> "payment.reference already pays for another order: one authorization "
                + "pays for one order";
            case INVALID_FRAUD_RULES -> "the fraud rules are out of range";
            case COST_CURRENCY_MISMATCH ->
            {
                final String[] other = costingOtherwise(reply);
                yield "handlingCost.currency: location " + other[0] + "'s handling cost is in " + other[1] + ", and a " +
                    "network's handling costs share one currency (sourcing adds them to the per-km rates, which are in " +
                    "it, and compares the sums)";
            }
            // One text for the lists of orders and of payment actions, and for a key that may list nothing.
            // "this key can list from" read as a permissions fault to a store whose cursor named a SKU not stocked at
            // the node it listed (QA-220).
            case UNKNOWN_CURSOR -> "after: names nothing this list goes on from (not in it, or not for this key); " +
                "pass the nextCursor of a previous page, or leave after out for the first page";
            // Also a channel-bound key's answer for a channel that exists but is not its own (the same bytes, so it
            // tells nothing of other channels): "is not defined" told a storefront that pos did not exist (QA-208).
            case CHANNEL_NOT_FOUND -> "no such channel, or not one of this key's channels";
            case IDEMPOTENCY_KEY_REUSED -> "this Idempotency-Key was first used with a different request";
            default -> title(reply.code());
        };
    }

    /** The members {@link Problem#toJson} starts every document of a code with (OK has none). */
    private static byte[][] heads()
    {
        final ResultCode[] codes = ResultCode.values();
        final byte[][] heads = new byte[codes.length][];
        for (final ResultCode code : codes)
        {
            if (code != ResultCode.OK)
            {
                final JsonWriter w = new JsonWriter().startObject();
                w.name("type").string(Problem.typeOf(code.name()));
                w.name("title").string(title(code));
                w.name("status").number(status(code));
                w.name("code").string(code.name());
                heads[code.ordinal()] = JsonWriter.membersOf(w.endObject());
            }
        }
        return heads;
    }

    private static String reservationStatus(final long code)
    {
        final Codes.ReservationStatus status = Codes.ReservationStatus.fromCode((int)code);
        return status == null ? "UNKNOWN" : status.name();
    }

    /**
     * Why a capture (or a mark-paid) was refused, from the reply alone (a = payment status, c = what is left to
     * capture, d = 1 when a payment problem holds the order), so an idempotent replay says it again word for word.
     * An authorized payment with something left to capture was told "only an authorized card payment … can be
     * captured" when the order was in fraud review (found in QA).
     */
    private static String notCapturable(final Reply reply)
    {
        final String status = paymentStatus(reply.a());
        switch ((int)reply.d())
        {
            case Codes.NOT_CAPTURABLE_PROBLEM:
                return "the payment is " + status + " but a payment problem holds the order (see payment.problem on " +
                    "GET /v1/orders/{id}): settle it first";
            case Codes.NOT_CAPTURABLE_NOTHING_TO_PAY:
                return "nothing is open to pay for: the units still open cost nothing (a voucher or free goods), so " +
                    "there is nothing to mark paid, and the payment does not hold the order";
            case Codes.NOT_CAPTURABLE_IN_REVIEW:
                return "the order is in fraud review: approve it first (POST /v1/orders/{id}/fraud-review); the " +
                    "payment is " + status;
            case Codes.NOT_CAPTURABLE_CANCELLED:
                return "the order is cancelled: its payment (" + status + ") is no longer captured or marked paid";
            case Codes.NOT_CAPTURABLE_REJECTED:
                return "the order is rejected: its payment (" + status + ") is no longer captured or marked paid";
            case Codes.NOT_CAPTURABLE_CAPTURING:
                return "a capture of the payment (" + status + ") is already outstanding: its result comes on the " +
                    "order's timeline (GET /v1/orders/{id}/events)";
            case Codes.NOT_CAPTURABLE_PAID:
                return "the payment is " + status + " and covers what is open: it was marked paid already";
            default:
                break;
        }
        final boolean authorized = reply.a() == Codes.PaymentStatus.AUTHORIZED.code() ||
            reply.a() == Codes.PaymentStatus.PARTIALLY_CAPTURED.code();
        if (authorized && reply.c() > 0)
        {
            return "the payment is " + status + " with " + reply.c() + " left to capture, but the order is in fraud " +
                "review (approve it first), cancelled or rejected, or a capture of it is already outstanding " +
                "(GET /v1/orders/{id} says which)";
        }
        if (authorized)
        {
            return "the payment is " + status + " and nothing of it is left to capture for the order's open units";
        }
        return "the payment is " + status + "; only an authorized card payment of an open order, not already being " +
            "captured, can be captured (and an offline payment marked paid once)";
    }

    private static String paymentStatus(final long code)
    {
        final Codes.PaymentStatus status = Codes.PaymentStatus.fromCode((int)code);
        return status == null ? "UNKNOWN" : status.name();
    }

    private static String orderStatus(final long code)
    {
        final Codes.OrderStatus status = Codes.OrderStatus.fromCode((int)code);
        return status == null ? "UNKNOWN" : status.name();
    }
}
