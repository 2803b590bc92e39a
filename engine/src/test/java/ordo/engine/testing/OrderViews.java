package ordo.engine.testing;

import static ordo.engine.testing.Views.done;
import static ordo.engine.testing.Views.reader;

import java.util.ArrayList;
import java.util.List;

import ordo.engine.Codes;
import ordo.engine.FraudRules;
import ordo.engine.PayloadReader;
import ordo.engine.ReplyCodec;
import ordo.engine.SourcingPolicy;

/**
 * The order, sourcing, channel, policy, payment-outbox and fraud-rule views ({@link ReplyCodec} layouts) decoded into
 * records. Like
 * {@link Views}, every decoder checks it consumed the data exactly.
 */
public final class OrderViews
{
    private OrderViews()
    {
    }

    /** qty = allocated + backordered + cancelled. */
    public record OrderLine(String sku, int qty, long unitPriceMinor, int allocated, int backordered, int cancelled)
    {
    }

    /** A charge beside an order's lines (rules version 16); name "" when none. */
    public record Charge(Codes.ChargeKind kind, long amountMinor, String name)
    {
    }

    /** Open allocated units of a line at a location; line indexes {@link Order#lines()}. */
    public record Allocation(int line, String location, int qty, long allocatedAt)
    {
    }

    /** ORDER view; reservationId 0 = none; promisedDeliveryBy 0 = not known (units still backordered). */
    public record Order(long id, Codes.OrderStatus status, String channel, String externalId, String customerId,
        String email, String phone, Codes.DeliveryMethod deliveryMethod, Codes.ServiceLevel serviceLevel,
        int maxShipments, String pickupLocation, String shipName, String line1, String city, String postalCode,
        String shipCountry, boolean hasCoordinates, int latMicro, int lonMicro, String billingCountry,
        String clientIp, String paymentProvider, String paymentReference, long paymentAmountMinor,
        String paymentCurrency, String currency, long reservationId, long createdAt, long updatedAt, long promisedDeliveryBy,
        List<OrderLine> lines, List<Allocation> allocations, Payment payment, Fraud fraud, List<Charge> charges,
        long totalMinor, long openTotalMinor)
    {
        /** @return the line of a SKU, or null when the order has none. */
        public OrderLine line(final String sku)
        {
            for (final OrderLine line : lines)
            {
                if (line.sku().equals(sku))
                {
                    return line;
                }
            }
            return null;
        }

        /** Open allocated units of a SKU at a location (0 when none). */
        public int allocatedAt(final String sku, final String location)
        {
            int units = 0;
            for (final Allocation allocation : allocations)
            {
                if (lines.get(allocation.line()).sku().equals(sku) && allocation.location().equals(location))
                {
                    units += allocation.qty();
                }
            }
            return units;
        }

        /** The locations shipping something of the order, in allocation order, each once. */
        public List<String> shippingFrom()
        {
            final List<String> locations = new ArrayList<>();
            for (final Allocation allocation : allocations)
            {
                if (!locations.contains(allocation.location()))
                {
                    locations.add(allocation.location());
                }
            }
            return locations;
        }
    }

    /** One timeline entry; line -1 = about the order; location empty when none (e.g. backordered units). */
    public record OrderEvent(long seq, long time, Codes.OrderEventType type, Codes.OrderStatus statusAfter, int line,
        String sku, String location, int qty, String note)
    {
    }

    public record OrderEvents(long id, Codes.OrderStatus status, long reservationId, List<OrderEvent> events)
    {
        /** The events of one type, oldest first. */
        public List<OrderEvent> ofType(final Codes.OrderEventType type)
        {
            final List<OrderEvent> result = new ArrayList<>();
            for (final OrderEvent event : events)
            {
                if (event.type() == type)
                {
                    result.add(event);
                }
            }
            return result;
        }

        /** The statuses the order went through: CREATED's, then each STATUS_CHANGED's status after. */
        public List<Codes.OrderStatus> statuses()
        {
            final List<Codes.OrderStatus> result = new ArrayList<>();
            for (final OrderEvent event : events)
            {
                if (event.type() == Codes.OrderEventType.CREATED || event.type() == Codes.OrderEventType.STATUS_CHANGED)
                {
                    result.add(event.statusAfter());
                }
            }
            return result;
        }
    }

    /** A line as decided at placement. */
    public record SourcingLine(String sku, int requested, int fromReservation, int allocated, int backordered,
        int cancelled)
    {
    }

    /**
     * One location considered: distance -1 = unknown, cost -1 = not priced, capacityLeft -1 = unlimited; atp = the
     * units it could give each line (index as {@link Sourcing#lines()}), after safety stock and pool.
     */
    public record Candidate(String location, Codes.LocationType type, Codes.SourcingReason reason,
        long distanceMetres, long costMinor, int capacityLeft, int allocatedUnits, List<Long> atp)
    {
    }

    /**
     * A backorder fill's plan for one line: trigger = the command type code of the command it happened in, 0 when
     * engine time moving on filled it before that command ran; candidates' atp has the one line.
     */
    public record Fill(long decidedAt, long decidedSeq, int trigger, boolean exact, int shipments,
        long planCostMinor, String sku, int backorderedBefore, int allocated, int backorderedAfter,
        List<Candidate> candidates)
    {
        /** The locations whose reason is one of these, in view order. */
        public List<String> withReason(final Codes.SourcingReason... reasons)
        {
            return Sourcing.withReason(candidates, reasons);
        }

        public Candidate candidate(final String location)
        {
            return Sourcing.candidate(candidates, location, "fill at seq " + decidedSeq);
        }
    }

    /**
     * A line still backordered, as a fill would plan it at engine time first in line: its candidates' atp has the one
     * line; linesAhead the waiting lines of older orders for the SKU; aFillWouldGive the units that plan takes.
     */
    public record Waiting(String sku, int line, int backordered, int linesAhead, int aFillWouldGive,
        List<Candidate> candidates)
    {
        /** The locations whose reason is one of these, in view order. */
        public List<String> withReason(final Codes.SourcingReason... reasons)
        {
            return Sourcing.withReason(candidates, reasons);
        }

        public Candidate candidate(final String location)
        {
            return Sourcing.candidate(candidates, location, "waiting line " + line);
        }
    }

    /**
     * SOURCING view: the decision stored with the order, and those of its later backorder fills (beyond the
     * recorded ones only counted), and the lines still waiting. exact = false when the plan came from the greedy
     * search.
     */
    public record Sourcing(long id, Codes.DeliveryMethod deliveryMethod, Codes.ServiceLevel serviceLevel,
        long decidedAt, long decidedSeq, boolean hasCoordinates, int latMicro, int lonMicro, boolean exact,
        int shipments, long planCostMinor, int maxShipments, List<SourcingLine> lines, List<Candidate> candidates,
        List<Fill> fills,
        int moreFills, long moreFillUnits, List<Waiting> waiting)
    {
        private static Candidate candidate(final List<Candidate> candidates, final String location,
            final String of)
        {
            for (final Candidate candidate : candidates)
            {
                if (candidate.location().equals(location))
                {
                    return candidate;
                }
            }
            throw new AssertionError(location + " is not a candidate of " + of + ": " + candidates);
        }

        private static List<String> withReason(final List<Candidate> candidates,
            final Codes.SourcingReason... reasons)
        {
            final List<String> locations = new ArrayList<>();
            for (final Candidate candidate : candidates)
            {
                for (final Codes.SourcingReason reason : reasons)
                {
                    if (candidate.reason() == reason)
                    {
                        locations.add(candidate.location());
                    }
                }
            }
            return locations;
        }

        /** @return the candidate row of a location; fails the test when the location was not considered. */
        public Candidate candidate(final String location)
        {
            return candidate(candidates, location, "order " + id);
        }

        public List<String> candidateLocations()
        {
            final List<String> locations = new ArrayList<>();
            for (final Candidate candidate : candidates)
            {
                locations.add(candidate.location());
            }
            return locations;
        }

        /** The locations whose reason is one of these, in view order. */
        public List<String> withReason(final Codes.SourcingReason... reasons)
        {
            return withReason(candidates, reasons);
        }
    }

    public record OrderSummary(long id, Codes.OrderStatus status, String channel, String externalId,
        String customerId, long createdAt, long updatedAt, long units, long totalMinor, String currency,
        Codes.DeliveryMethod deliveryMethod, String pickupLocationId)
    {
    }

    /** ORDER_LIST view; nextAfter 0 = no more pages. */
    public record OrderList(List<OrderSummary> orders, long nextAfter)
    {
        public List<Long> ids()
        {
            final List<Long> ids = new ArrayList<>();
            for (final OrderSummary order : orders)
            {
                ids.add(order.id());
            }
            return ids;
        }
    }

    /** CHANNEL view; a pool's sku is empty for every SKU. */
    /** {@code sourcesFrom}: the locations the channel takes stock from, empty for every location. */
    public record Channel(String id, Codes.ChannelKind kind, String name, List<Cmd.Pool> pools,
        List<String> sourcesFrom)
    {
    }

    /** The payment part of the ORDER view. */
    public record Payment(Codes.PaymentStatus status, long authorizedMinor, long capturedMinor, long refundedMinor,
        String problem, String fingerprint)
    {
    }

    public record FraudHit(Codes.FraudReason reason, int points)
    {
    }

    /** The fraud part of the ORDER view; decision null when not screened. */
    public record Fraud(Codes.FraudDecision decision, int score, List<FraudHit> hits, String reviewer, String note)
    {
    }

    /** One outstanding outbox entry of the PAYMENT_ACTIONS view; attempts = results reported for it so far. */
    public record PaymentAction(long actionId, long orderId, Codes.PaymentActionKind kind,
        Codes.PaymentActionStatus status, String provider, String reference, long amountMinor, String currency,
        int attempts)
    {
        /** The key the adapter gives the provider on every try of this action, also after restarts. */
        public String idempotencyKey()
        {
            return "ordo_" + orderId + "_" + actionId;
        }
    }

    /** PAYMENT_ACTIONS view: a page of outstanding actions; nextAfter 0 = no more. */
    public record PaymentActions(List<PaymentAction> actions, long nextAfter)
    {
        public List<Long> ids()
        {
            final List<Long> ids = new ArrayList<>(actions.size());
            for (final PaymentAction action : actions)
            {
                ids.add(action.actionId());
            }
            return ids;
        }

        /** The outstanding actions of one order, oldest first. */
        public List<PaymentAction> of(final long orderId)
        {
            final List<PaymentAction> result = new ArrayList<>();
            for (final PaymentAction action : actions)
            {
                if (action.orderId() == orderId)
                {
                    result.add(action);
                }
            }
            return result;
        }
    }

    public record AmountBand(long overMinor, int points)
    {
    }

    /** One velocity rule; kind indexes {@link FraudRules#VELOCITY_NAMES}; maxOrders 0 = off. */
    public record Velocity(int windowMinutes, int maxOrders, int points)
    {
    }

    /** FRAUD_RULES view: the rules in force, field by field ({@link FraudRules} layout). */
    public record FraudRuleSet(int reviewAt, int rejectAt, List<AmountBand> bands, List<Velocity> velocity,
        int countryMismatchPoints, int maxUnitsPerSku, int skuQuantityPoints, long newCustomerOverMinor,
        int newCustomerPoints, int blockedPoints, List<String> emails, List<String> domains, List<String> postalCodes,
        List<String> ips)
    {
        /** A builder holding these rules, to change one of them. */
        public FraudRules.Builder toBuilder()
        {
            final FraudRules.Builder b = new FraudRules.Builder().thresholds(reviewAt, rejectAt)
                .countryMismatch(countryMismatchPoints).skuQuantity(maxUnitsPerSku, skuQuantityPoints)
                .newCustomer(newCustomerOverMinor, newCustomerPoints).blockedPoints(blockedPoints);
            bands.forEach(band -> b.amountBand(band.overMinor(), band.points()));
            for (int k = 0; k < velocity.size(); k++)
            {
                b.velocity(k, velocity.get(k).windowMinutes(), velocity.get(k).maxOrders(), velocity.get(k).points());
            }
            emails.forEach(b::blockEmail);
            domains.forEach(b::blockDomain);
            postalCodes.forEach(b::blockPostalCode);
            ips.forEach(b::blockIp);
            return b;
        }
    }

    public static PaymentActions paymentActions(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final int count = r.readShort();
        final List<PaymentAction> actions = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            actions.add(new PaymentAction(r.readLong(), r.readLong(), Codes.PaymentActionKind.fromCode(r.readByte()),
                Codes.PaymentActionStatus.fromCode(r.readByte()), r.readAsciiString(), r.readAsciiString(),
                r.readLong(), r.readAsciiString(), r.readInt()));
        }
        final long nextAfter = r.readLong();
        done(r, "PAYMENT_ACTIONS");
        return new PaymentActions(List.copyOf(actions), nextAfter);
    }

    public static FraudRuleSet fraudRules(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final int reviewAt = r.readInt();
        final int rejectAt = r.readInt();
        final int bandCount = r.readByte();
        final List<AmountBand> bands = new ArrayList<>(bandCount);
        for (int i = 0; i < bandCount; i++)
        {
            bands.add(new AmountBand(r.readLong(), r.readInt()));
        }
        final List<Velocity> velocity = new ArrayList<>(FraudRules.VELOCITY_KINDS);
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            velocity.add(new Velocity(r.readInt(), r.readInt(), r.readInt()));
        }
        final int countryMismatch = r.readInt();
        final int maxUnits = r.readInt();
        final int skuQuantity = r.readInt();
        final long newCustomerOver = r.readLong();
        final int newCustomer = r.readInt();
        final int blocked = r.readInt();
        final List<String> emails = texts(r);
        final List<String> domains = texts(r);
        final List<String> postalCodes = texts(r);
        final int ipCount = r.readShort();
        final List<String> ips = new ArrayList<>(ipCount);
        for (int i = 0; i < ipCount; i++)
        {
            ips.add(r.readAsciiString());
        }
        done(r, "FRAUD_RULES");
        return new FraudRuleSet(reviewAt, rejectAt, List.copyOf(bands), List.copyOf(velocity), countryMismatch,
            maxUnits, skuQuantity, newCustomerOver, newCustomer, blocked, emails, domains, postalCodes,
            List.copyOf(ips));
    }

    private static List<String> texts(final PayloadReader r)
    {
        final int count = r.readShort();
        final List<String> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            values.add(r.readTextString());
        }
        return List.copyOf(values);
    }

    public static Order order(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final long id = r.readLong();
        final Codes.OrderStatus status = Codes.OrderStatus.fromCode(r.readByte());
        final String channel = r.readAsciiString();
        final String externalId = r.readAsciiString();
        final String customerId = r.readAsciiString();
        final String email = r.readTextString();
        final String phone = r.readTextString();
        final Codes.DeliveryMethod method = Codes.DeliveryMethod.fromCode(r.readByte());
        final Codes.ServiceLevel level = Codes.ServiceLevel.fromCode(r.readByte());
        final String pickupLocation = r.readAsciiString();
        final String shipName = r.readTextString();
        final String line1 = r.readTextString();
        final String city = r.readTextString();
        final String postalCode = r.readTextString();
        final String shipCountry = r.readAsciiString();
        final boolean hasCoordinates = r.readByte() != 0;
        final int latMicro = r.readInt();
        final int lonMicro = r.readInt();
        final String billingCountry = r.readAsciiString();
        final String clientIp = r.readAsciiString();
        final String paymentProvider = r.readAsciiString();
        final String paymentReference = r.readAsciiString();
        final long paymentAmountMinor = r.readLong();
        final String paymentCurrency = r.readAsciiString();
        final String currency = r.readAsciiString();
        final long reservationId = r.readLong();
        final long createdAt = r.readLong();
        final long updatedAt = r.readLong();
        final long promisedDeliveryBy = r.readLong();
        final int lineCount = r.readShort();
        final List<OrderLine> lines = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++)
        {
            lines.add(new OrderLine(r.readAsciiString(), r.readInt(), r.readLong(), r.readInt(), r.readInt(),
                r.readInt()));
        }
        final int allocationCount = r.readInt();
        final List<Allocation> allocations = new ArrayList<>(allocationCount);
        for (int i = 0; i < allocationCount; i++)
        {
            allocations.add(new Allocation(r.readShort(), r.readAsciiString(), r.readInt(), r.readLong()));
        }
        final Payment payment = new Payment(Codes.PaymentStatus.fromCode(r.readByte()), r.readLong(), r.readLong(),
            r.readLong(), r.readTextString(), r.readAsciiString());
        final Codes.FraudDecision decision = Codes.FraudDecision.fromCode(r.readByte());
        final int score = r.readInt();
        final int hitCount = r.readByte();
        final List<FraudHit> hits = new ArrayList<>(hitCount);
        for (int i = 0; i < hitCount; i++)
        {
            hits.add(new FraudHit(Codes.FraudReason.fromCode(r.readByte()), r.readInt()));
        }
        final Fraud fraud = new Fraud(decision, score, List.copyOf(hits), r.readAsciiString(), r.readTextString());
        final int maxShipments = r.readByte();
        final int chargeCount = r.readByte();
        final List<Charge> charges = new ArrayList<>(chargeCount);
        for (int i = 0; i < chargeCount; i++)
        {
            charges.add(new Charge(Codes.ChargeKind.fromCode(r.readByte()), r.readLong(), r.readTextString()));
        }
        final long totalMinor = r.readLong();
        final long openTotalMinor = r.readLong();
        done(r, "ORDER");
        return new Order(id, status, channel, externalId, customerId, email, phone, method, level, maxShipments,
            pickupLocation, shipName, line1, city, postalCode, shipCountry, hasCoordinates, latMicro, lonMicro,
            billingCountry, clientIp, paymentProvider, paymentReference, paymentAmountMinor, paymentCurrency, currency,
            reservationId, createdAt, updatedAt, promisedDeliveryBy, List.copyOf(lines), List.copyOf(allocations),
            payment, fraud, List.copyOf(charges), totalMinor, openTotalMinor);
    }

    public static OrderEvents orderEvents(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final long id = r.readLong();
        final Codes.OrderStatus status = Codes.OrderStatus.fromCode(r.readByte());
        final long reservationId = r.readLong();
        final int count = r.readInt();
        final List<OrderEvent> events = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final long seq = r.readLong();
            final long time = r.readLong();
            final Codes.OrderEventType type = Codes.OrderEventType.fromCode(r.readByte());
            final Codes.OrderStatus after = Codes.OrderStatus.fromCode(r.readByte());
            final int line = (short)r.readShort();
            events.add(new OrderEvent(seq, time, type, after, line, r.readAsciiString(), r.readAsciiString(),
                r.readInt(), r.readTextString()));
        }
        done(r, "ORDER_EVENTS");
        return new OrderEvents(id, status, reservationId, List.copyOf(events));
    }

    public static Sourcing sourcing(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final long id = r.readLong();
        final Codes.DeliveryMethod method = Codes.DeliveryMethod.fromCode(r.readByte());
        final Codes.ServiceLevel level = Codes.ServiceLevel.fromCode(r.readByte());
        final long decidedAt = r.readLong();
        final long decidedSeq = r.readLong();
        final boolean hasCoordinates = r.readByte() != 0;
        final int latMicro = r.readInt();
        final int lonMicro = r.readInt();
        final boolean exact = r.readByte() != 0;
        final int shipments = r.readShort();
        final long planCost = r.readLong();
        final int maxShipments = r.readByte();
        final int lineCount = r.readShort();
        final List<SourcingLine> lines = new ArrayList<>(lineCount);
        for (int i = 0; i < lineCount; i++)
        {
            lines.add(new SourcingLine(r.readAsciiString(), r.readInt(), r.readInt(), r.readInt(), r.readInt(),
                r.readInt()));
        }
        final List<Candidate> candidates = candidates(r, lineCount);
        final int fillCount = r.readShort();
        final List<Fill> fills = new ArrayList<>(fillCount);
        for (int f = 0; f < fillCount; f++)
        {
            final long at = r.readLong();
            final long seq = r.readLong();
            final int trigger = r.readByte();
            final boolean fillExact = r.readByte() != 0;
            final int fillShipments = r.readShort();
            final long fillCost = r.readLong();
            final String sku = r.readAsciiString();
            final int before = r.readInt();
            final int allocated = r.readInt();
            final int after = r.readInt();
            fills.add(new Fill(at, seq, trigger, fillExact, fillShipments, fillCost, sku, before, allocated, after,
                candidates(r, 1)));
        }
        final int moreFills = r.readInt();
        final long moreFillUnits = r.readLong();
        final int waitingCount = r.readShort();
        final List<Waiting> waiting = new ArrayList<>(waitingCount);
        for (int w = 0; w < waitingCount; w++)
        {
            waiting.add(new Waiting(r.readAsciiString(), r.readShort(), r.readInt(), r.readInt(), r.readInt(),
                candidates(r, 1)));
        }
        done(r, "SOURCING");
        return new Sourcing(id, method, level, decidedAt, decidedSeq, hasCoordinates, latMicro, lonMicro, exact,
            shipments, planCost, maxShipments, List.copyOf(lines), candidates, List.copyOf(fills), moreFills,
            moreFillUnits, List.copyOf(waiting));
    }

    private static List<Candidate> candidates(final PayloadReader r, final int lineCount)
    {
        final int candidateCount = r.readShort();
        final List<Candidate> candidates = new ArrayList<>(candidateCount);
        for (int i = 0; i < candidateCount; i++)
        {
            final String location = r.readAsciiString();
            final Codes.LocationType type = Codes.LocationType.fromCode(r.readByte());
            final Codes.SourcingReason reason = Codes.SourcingReason.fromCode(r.readByte());
            final long distance = r.readLong();
            final long cost = r.readLong();
            final int capacityLeft = r.readInt();
            final int allocatedUnits = r.readInt();
            final List<Long> atp = new ArrayList<>(lineCount);
            for (int l = 0; l < lineCount; l++)
            {
                atp.add(r.readLong());
            }
            candidates.add(new Candidate(location, type, reason, distance, cost, capacityLeft, allocatedUnits,
                List.copyOf(atp)));
        }
        return List.copyOf(candidates);
    }

    public static OrderList orderList(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final int count = r.readShort();
        final List<OrderSummary> orders = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            orders.add(new OrderSummary(r.readLong(), Codes.OrderStatus.fromCode(r.readByte()), r.readAsciiString(),
                r.readAsciiString(), r.readAsciiString(), r.readLong(), r.readLong(), r.readLong(), r.readLong(),
                r.readAsciiString(), Codes.DeliveryMethod.fromCode(r.readByte()), r.readAsciiString()));
        }
        final long nextAfter = r.readLong();
        done(r, "ORDER_LIST");
        return new OrderList(List.copyOf(orders), nextAfter);
    }

    public static Channel channel(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final Channel channel = channel(r);
        done(r, "CHANNEL");
        return channel;
    }

    static Channel channel(final PayloadReader r)
    {
        final String id = r.readAsciiString();
        final Codes.ChannelKind kind = Codes.ChannelKind.fromCode(r.readByte());
        final String name = r.readTextString();
        final int count = r.readByte();
        final List<Cmd.Pool> pools = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            pools.add(new Cmd.Pool(r.readAsciiString(), r.readShort()));
        }
        final int sources = r.readShort();
        final List<String> sourcesFrom = new ArrayList<>(sources);
        for (int i = 0; i < sources; i++)
        {
            sourcesFrom.add(r.readAsciiString());
        }
        return new Channel(id, kind, name, List.copyOf(pools), List.copyOf(sourcesFrom));
    }

    /** POLICY view: the SET_SOURCING_POLICY body, built back into a policy (which validates it). */
    public static SourcingPolicy policy(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final SourcingPolicy.Builder b = new SourcingPolicy.Builder().splitPenaltyMinor(r.readLong())
            .pickupReadyMinutes(r.readInt());
        for (final Codes.ServiceLevel level : Codes.ServiceLevel.values())
        {
            final long rate = r.readLong();
            final long radius = r.readLong();
            final int bands = r.readByte();
            final long[] upTo = new long[bands];
            final int[] transit = new int[bands];
            for (int i = 0; i < bands; i++)
            {
                upTo[i] = r.readLong();
                transit[i] = r.readInt();
            }
            b.level(level, rate, radius, upTo, transit);
        }
        b.maxShipments(r.readByte());
        done(r, "POLICY");
        return b.build();
    }
}
