package ordo.engine.testing;

import java.util.ArrayList;
import java.util.List;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.FraudRules;
import ordo.engine.OrderForm;
import ordo.engine.PayloadWriter;
import ordo.engine.SourcingPolicy;

/**
 * A journaled command as a plain value, so a test (or a reference model) can look at what was sent and an
 * {@link EngineDriver} can encode it with {@link CommandCodec}. Fields the tests never vary (names, countries,
 * weights) get fixed values here.
 */
public sealed interface Cmd
{
    CommandType commandType();

    /** Encodes this command, envelope first, at the writer's position. */
    void encode(PayloadWriter w, long keyHash, long fingerprint);

    /**
     * dailyOrderCapacity 0 = unlimited; handling cost in EUR minor units (the cost currency of every test); shipsTo:
     * the countries its shipments may go to (empty: anywhere).
     */
    record DefineLocation(String id, Codes.LocationType locationType, int latMicro, int lonMicro, int capabilities,
        boolean active, int dailyOrderCapacity, long handlingCostMinor, java.util.List<String> shipsTo,
        int dayStartsAtMinute, int dayStartsAtOffsetMinutes) implements Cmd
    {
        /** A location whose capacity day begins at midnight UTC. */
        public DefineLocation(final String id, final Codes.LocationType locationType, final int latMicro,
            final int lonMicro, final int capabilities, final boolean active, final int dailyOrderCapacity,
            final long handlingCostMinor, final java.util.List<String> shipsTo)
        {
            this(id, locationType, latMicro, lonMicro, capabilities, active, dailyOrderCapacity, handlingCostMinor,
                shipsTo, 0, 0);
        }

        /** A location that ships anywhere. */
        public DefineLocation(final String id, final Codes.LocationType locationType, final int latMicro,
            final int lonMicro, final int capabilities, final boolean active, final int dailyOrderCapacity,
            final long handlingCostMinor)
        {
            this(id, locationType, latMicro, lonMicro, capabilities, active, dailyOrderCapacity, handlingCostMinor,
                java.util.List.of());
        }

        /** The stock tests' location: capacity 500 orders a day, handling 2.50. */
        public DefineLocation(final String id, final Codes.LocationType locationType, final int latMicro,
            final int lonMicro, final int capabilities, final boolean active)
        {
            this(id, locationType, latMicro, lonMicro, capabilities, active, 500, 250);
        }

        public CommandType commandType()
        {
            return CommandType.DEFINE_LOCATION;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.defineLocation(w, keyHash, fingerprint, id, locationType, "Location " + id, latMicro,
                lonMicro, "SG", capabilities, dailyOrderCapacity, handlingCostMinor, "EUR", active, shipsTo,
                dayStartsAtMinute, dayStartsAtOffsetMinutes);
        }
    }

    /** perCustomerLimit 0 = none; sale window bounds {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} = none. */
    record DefineSku(String id, int perCustomerLimit, long saleStartsAt, long saleEndsAt, boolean allowBackorder)
        implements Cmd
    {
        public DefineSku(final String id, final int perCustomerLimit, final long saleStartsAt, final long saleEndsAt)
        {
            this(id, perCustomerLimit, saleStartsAt, saleEndsAt, false);
        }

        public CommandType commandType()
        {
            return CommandType.DEFINE_SKU;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.defineSku(w, keyHash, fingerprint, id, "Item " + id, 250, perCustomerLimit,
                saleStartsAt, saleEndsAt, allowBackorder);
        }
    }

    record SetInventory(String sku, String location, long onHand, long safetyStock) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.SET_INVENTORY;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.setInventory(w, keyHash, fingerprint, sku, location, onHand, safetyStock);
        }
    }

    record Adjust(String sku, String location, long delta, Codes.AdjustmentReason reason) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.ADJUST_INVENTORY;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.adjustInventory(w, keyHash, fingerprint, sku, location, delta, reason);
        }
    }

    record Line(String sku, int qty)
    {
    }

    /** location null = a hold against the network. */
    record Reserve(String channel, String customer, String location, long ttlMillis, List<Line> lines) implements Cmd
    {
        public Reserve
        {
            lines = List.copyOf(lines);
        }

        public CommandType commandType()
        {
            return CommandType.RESERVE;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.reserveHeader(w, keyHash, fingerprint, channel, customer, location, ttlMillis, lines.size());
            for (final Line line : lines)
            {
                CommandCodec.reserveLine(w, line.sku(), line.qty());
            }
        }
    }

    /** channels empty = any channel may release it. */
    record Release(long reservationId, List<String> channels) implements Cmd
    {
        public Release
        {
            channels = List.copyOf(channels);
        }

        public Release(final long reservationId)
        {
            this(reservationId, List.of());
        }

        public CommandType commandType()
        {
            return CommandType.RELEASE_RESERVATION;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.releaseReservation(w, keyHash, fingerprint, reservationId, channels);
        }
    }

    record Tick() implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.TICK;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            // A tick never carries an idempotency key: CommandCodec.tick writes an empty envelope.
            CommandCodec.tick(w);
        }
    }

    /** A channel's pool: sku empty for every SKU ({@code *}), share in basis points. */
    record Pool(String sku, int shareBps)
    {
    }

    /** {@code sourcesFrom}: the locations the channel takes stock from, empty for every location. */
    record DefineChannel(String id, Codes.ChannelKind kind, List<Pool> pools, List<String> sourcesFrom) implements Cmd
    {
        public DefineChannel
        {
            pools = List.copyOf(pools);
            sourcesFrom = List.copyOf(sourcesFrom);
        }

        public DefineChannel(final String id, final Codes.ChannelKind kind, final List<Pool> pools)
        {
            this(id, kind, pools, List.of());
        }

        public CommandType commandType()
        {
            return CommandType.DEFINE_CHANNEL;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.defineChannel(w, keyHash, fingerprint, id, kind, "Channel " + id, pools.size());
            for (final Pool pool : pools)
            {
                CommandCodec.channelPool(w, pool.sku(), pool.shareBps());
            }
            CommandCodec.channelSources(w, sourcesFrom);
        }
    }

    record SetSourcingPolicy(SourcingPolicy policy) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.SET_SOURCING_POLICY;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.setSourcingPolicy(w, keyHash, fingerprint, policy);
        }
    }

    /**
     * A PLACE_ORDER of a copy of the form taken when the command is made, so a test may go on changing its form.
     * Two commands are equal when their forms say the same (compared by {@link #describe}); the description is also
     * what {@link RandomCommands#fingerprint} hashes.
     */
    record PlaceOrder(OrderForm form) implements Cmd
    {
        public PlaceOrder
        {
            form = copy(form);
        }

        @Override
        public OrderForm form()
        {
            return copy(form);
        }

        public CommandType commandType()
        {
            return CommandType.PLACE_ORDER;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.placeOrder(w, keyHash, fingerprint, form);
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof PlaceOrder p && describe(form).equals(describe(p.form));
        }

        @Override
        public int hashCode()
        {
            return describe(form).hashCode();
        }

        @Override
        public String toString()
        {
            return "PlaceOrder[" + describe(form) + "]";
        }

        public static OrderForm copy(final OrderForm from)
        {
            final OrderForm to = new OrderForm();
            to.channel = from.channel;
            to.externalId = from.externalId;
            to.reservationId = from.reservationId;
            to.fallbackToAvailable = from.fallbackToAvailable;
            to.allowPartial = from.allowPartial;
            to.maxShipments = from.maxShipments;
            to.customerId = from.customerId;
            to.email = from.email;
            to.phone = from.phone;
            to.deliveryMethod = from.deliveryMethod;
            to.serviceLevel = from.serviceLevel;
            to.pickupLocationId = from.pickupLocationId;
            to.shipName = from.shipName;
            to.line1 = from.line1;
            to.city = from.city;
            to.postalCode = from.postalCode;
            to.shipCountryCode = from.shipCountryCode;
            to.hasCoordinates = from.hasCoordinates;
            to.latMicro = from.latMicro;
            to.lonMicro = from.lonMicro;
            to.billingCountryCode = from.billingCountryCode;
            to.clientIp = from.clientIp;
            to.paymentProvider = from.paymentProvider;
            to.paymentReference = from.paymentReference;
            to.paymentAmountMinor = from.paymentAmountMinor;
            to.paymentCurrency = from.paymentCurrency;
            to.paymentFingerprint = from.paymentFingerprint;
            to.lines.addAll(from.lines);
            to.charges.addAll(from.charges);
            return to;
        }

        /** Every field of a form, in layout order. */
        public static String describe(final OrderForm f)
        {
            final List<Object> fields = new ArrayList<>(List.of(
                String.valueOf(f.channel), String.valueOf(f.externalId), f.reservationId, f.fallbackToAvailable,
                f.allowPartial, String.valueOf(f.customerId), String.valueOf(f.email), String.valueOf(f.phone),
                String.valueOf(f.deliveryMethod), String.valueOf(f.serviceLevel), String.valueOf(f.pickupLocationId),
                String.valueOf(f.shipName), String.valueOf(f.line1), String.valueOf(f.city),
                String.valueOf(f.postalCode), String.valueOf(f.shipCountryCode), f.hasCoordinates, f.latMicro,
                f.lonMicro, String.valueOf(f.billingCountryCode), String.valueOf(f.clientIp),
                String.valueOf(f.paymentProvider), String.valueOf(f.paymentReference), f.paymentAmountMinor,
                String.valueOf(f.paymentCurrency)));
            fields.add(f.lines);
            fields.add(String.valueOf(f.paymentFingerprint));
            if (f.maxShipments != 0)
            {
                // Only when set (in the flags' upper bits): a form without one reads as before rules version 14.
                fields.add("maxShipments=" + f.maxShipments);
            }
            if (!f.charges.isEmpty())
            {
                fields.add("charges=" + f.charges);
            }
            return fields.toString();
        }
    }

    /** lines empty = cancel everything still open; channels empty = any channel may cancel. */
    record CancelOrder(long orderId, List<String> channels, String reason, List<Line> lines) implements Cmd
    {
        public CancelOrder
        {
            channels = List.copyOf(channels);
            lines = List.copyOf(lines);
        }

        public CommandType commandType()
        {
            return CommandType.CANCEL_ORDER;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.cancelOrderHeader(w, keyHash, fingerprint, orderId, channels, reason, lines.size());
            for (final Line line : lines)
            {
                CommandCodec.cancelLine(w, line.sku(), line.qty());
            }
        }
    }

    /** PUT /v1/fraud/rules: the whole rule set, replacing the one in force for the next order. */
    record SetFraudRules(FraudRules rules) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.SET_FRAUD_RULES;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.setFraudRules(w, keyHash, fingerprint, rules);
        }
    }

    /** A reviewer's decision on an order in FRAUD_REVIEW; note empty = none. */
    record FraudReview(long orderId, boolean approve, String reviewer, String note) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.FRAUD_REVIEW;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.fraudReview(w, keyHash, fingerprint, orderId, approve, reviewer, note);
        }
    }

    /**
     * What the payment adapter reports for an outbox action: amountMinor is what the provider says it authorized,
     * captured, voided or refunded (0 = not said); providerStatus and detail may be empty.
     */
    record PaymentActionResult(long actionId, Codes.PaymentOutcome outcome, String providerStatus, long amountMinor,
        String currency, String detail) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.PAYMENT_ACTION_RESULT;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.paymentActionResult(w, keyHash, fingerprint, actionId, outcome, providerStatus, amountMinor,
                currency, detail);
        }
    }

    /** A verified provider webhook, normalised; amountMinor is the provider's running total for the kind. */
    record PaymentEvent(String provider, String eventId, Codes.PaymentEventKind kind, String reference,
        long amountMinor, String currency) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.PAYMENT_EVENT;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.paymentEvent(w, keyHash, fingerprint, provider, eventId, kind, reference, amountMinor,
                currency);
        }
    }

    /** Captures what is still open of a card order; channels empty = any channel (admin). */
    record CapturePayment(long orderId, List<String> channels) implements Cmd
    {
        public CapturePayment
        {
            channels = List.copyOf(channels);
        }

        public CommandType commandType()
        {
            return CommandType.CAPTURE_PAYMENT;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.orderCommand(w, keyHash, fingerprint, orderId, channels);
        }
    }

    /** Re-opens an order's payment actions that ended in ERROR or MISMATCH; channels as in {@link CapturePayment}. */
    record RetryPayment(long orderId, List<String> channels) implements Cmd
    {
        public RetryPayment
        {
            channels = List.copyOf(channels);
        }

        public CommandType commandType()
        {
            return CommandType.RETRY_PAYMENT;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.orderCommand(w, keyHash, fingerprint, orderId, channels);
        }
    }

    /** Records an offline payment (cash on delivery, paid in store); channels as in {@link CapturePayment}. */
    record MarkPaid(long orderId, List<String> channels, String note) implements Cmd
    {
        public MarkPaid
        {
            channels = List.copyOf(channels);
        }

        public CommandType commandType()
        {
            return CommandType.MARK_PAID;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.markPaid(w, keyHash, fingerprint, orderId, channels, note);
        }
    }

    record SettleRefund(long orderId, List<String> channels, long amountMinor, String currency, String note)
        implements Cmd
    {
        public SettleRefund
        {
            channels = List.copyOf(channels);
        }

        public CommandType commandType()
        {
            return CommandType.SETTLE_REFUND;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.settleRefund(w, keyHash, fingerprint, orderId, channels, amountMinor, currency, note);
        }
    }
}
