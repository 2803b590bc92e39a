package ordo.engine;

/**
 * Small enumerations stored as bytes in commands, state and snapshots. Codes never change meaning.
 *
 * <p>{@code fromCode} scans each enum's {@code VALUES}, made once: {@code values()} clones its array on every call,
 * and replies decode a code or two each.
 */
public final class Codes
{
    private Codes()
    {
    }

    /** The most minutes a capacity day's start may be off UTC (RFC 3339 offsets: hours 00–23, minutes 00–59). */
    public static final int MAX_DAY_OFFSET_MINUTES = 23 * 60 + 59;

    /** Whether local minute {@code minute} of a day at UTC offset {@code offset} minutes may begin a capacity day. */
    public static boolean isDayStart(final int minute, final int offset)
    {
        return minute >= 0 && minute < 1440 && Math.abs(offset) <= MAX_DAY_OFFSET_MINUTES;
    }

    /**
     * When a capacity day begins as the API writes it, an RFC 3339 {@code full-time}: {@code 14:00:00+07:00}, or
     * {@code 00:00:00Z} at offset 0.
     */
    public static String dayStartText(final int minute, final int offset)
    {
        final StringBuilder b = new StringBuilder(14);
        twoDigits(b, minute / 60).append(':');
        twoDigits(b, minute % 60).append(":00");
        if (offset == 0)
        {
            return b.append('Z').toString();
        }
        b.append(offset < 0 ? '-' : '+');
        twoDigits(b, Math.abs(offset) / 60).append(':');
        return twoDigits(b, Math.abs(offset) % 60).toString();
    }

    private static StringBuilder twoDigits(final StringBuilder b, final int value)
    {
        return b.append((char)('0' + value / 10)).append((char)('0' + value % 10));
    }

    public enum LocationType
    {
        WAREHOUSE(1), STORE(2), DC(3);

        private final int code;

        LocationType(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final LocationType[] VALUES = values();

        public static LocationType fromCode(final int code)
        {
            for (final LocationType type : VALUES)
            {
                if (type.code == code)
                {
                    return type;
                }
            }
            return null;
        }
    }

    /**
     * Why a capture or a mark-paid was refused ({@code PAYMENT_NOT_CAPTURABLE}'s d): a payment problem holds the order
     * (since rules version 8), nothing open costs anything (16), and since version 20 each other reason by name — the
     * order in fraud review, cancelled, rejected, a capture already outstanding, an offline payment already marked
     * paid for what is open; 0 for the rest (not authorized, nothing left to capture). The refusal listed every reason
     * it might have, though the engine knew which (QA-268).
     */
    public static final int NOT_CAPTURABLE_PROBLEM = 1;
    public static final int NOT_CAPTURABLE_NOTHING_TO_PAY = 2;
    public static final int NOT_CAPTURABLE_IN_REVIEW = 3;
    public static final int NOT_CAPTURABLE_CANCELLED = 4;
    public static final int NOT_CAPTURABLE_REJECTED = 5;
    public static final int NOT_CAPTURABLE_CAPTURING = 6;
    public static final int NOT_CAPTURABLE_PAID = 7;

    /** Capability bits of a location. */
    public static final int CAP_SHIP = 1;
    public static final int CAP_PICKUP = 2;
    public static final int CAP_SHIP_FROM_STORE = 4;
    public static final int CAP_ALL = CAP_SHIP | CAP_PICKUP | CAP_SHIP_FROM_STORE;

    /**
     * The capabilities of bit set {@code caps} by the names the API gives them, in bit order; a bit no capability has
     * (none is accepted) as {@code 0x..}, so that a dump shows what the record holds.
     */
    public static java.util.List<String> capabilityNames(final int caps)
    {
        final java.util.List<String> names = new java.util.ArrayList<>(3);
        if ((caps & CAP_SHIP) != 0)
        {
            names.add("SHIP");
        }
        if ((caps & CAP_PICKUP) != 0)
        {
            names.add("PICKUP");
        }
        if ((caps & CAP_SHIP_FROM_STORE) != 0)
        {
            names.add("SHIP_FROM_STORE");
        }
        if ((caps & ~CAP_ALL) != 0)
        {
            names.add("0x" + Integer.toHexString(caps & ~CAP_ALL));
        }
        return names;
    }

    public enum AdjustmentReason
    {
        RECEIPT(1), DAMAGE(2), COUNT(3), TRANSFER(4);

        private final int code;

        AdjustmentReason(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final AdjustmentReason[] VALUES = values();

        public static AdjustmentReason fromCode(final int code)
        {
            for (final AdjustmentReason reason : VALUES)
            {
                if (reason.code == code)
                {
                    return reason;
                }
            }
            return null;
        }
    }

    public enum ReservationStatus
    {
        /** CONVERTED: an order consumed the hold (its units moved from reserved to allocated). */
        HELD(1), RELEASED(2), EXPIRED(3), CONVERTED(4);

        private final int code;

        ReservationStatus(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final ReservationStatus[] VALUES = values();

        public static ReservationStatus fromCode(final int code)
        {
            for (final ReservationStatus status : VALUES)
            {
                if (status.code == code)
                {
                    return status;
                }
            }
            return null;
        }
    }
    public enum ChannelKind
    {
        WEB(1), APP(2), STORE(3), MARKETPLACE(4), SOCIAL(5);

        private final int code;

        ChannelKind(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final ChannelKind[] VALUES = values();

        public static ChannelKind fromCode(final int code)
        {
            for (final ChannelKind kind : VALUES)
            {
                if (kind.code == code)
                {
                    return kind;
                }
            }
            return null;
        }
    }

    public enum DeliveryMethod
    {
        SHIP(1), PICKUP(2);

        private final int code;

        DeliveryMethod(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final DeliveryMethod[] VALUES = values();

        public static DeliveryMethod fromCode(final int code)
        {
            for (final DeliveryMethod method : VALUES)
            {
                if (method.code == code)
                {
                    return method;
                }
            }
            return null;
        }
    }

    /**
     * An order's charge beside its lines (rules version 16): what the payment covers besides the goods. Shipping and
     * fees are the order's while any unit of it is open; tax and discounts go with the goods, in proportion to the
     * value of the units still open ({@link Order#openTotalMinor}).
     */
    public enum ChargeKind
    {
        SHIPPING(1), FEE(2), TAX(3), DISCOUNT(4);

        private final int code;

        ChargeKind(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final ChargeKind[] VALUES = values();

        public static ChargeKind fromCode(final int code)
        {
            for (final ChargeKind kind : VALUES)
            {
                if (kind.code == code)
                {
                    return kind;
                }
            }
            return null;
        }
    }

    /** Codes double as indexes into the sourcing policy's per-level tables (minus one). */
    public enum ServiceLevel
    {
        STANDARD(1), EXPRESS(2), SAME_DAY(3);

        private final int code;

        ServiceLevel(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final ServiceLevel[] VALUES = values();

        public static ServiceLevel fromCode(final int code)
        {
            for (final ServiceLevel level : VALUES)
            {
                if (level.code == code)
                {
                    return level;
                }
            }
            return null;
        }
    }

    /**
     * Order status (API.md). Every status of the contract has its code now so later issues never renumber; this
     * engine moves orders through CREATED, ALLOCATED, PARTIALLY_ALLOCATED, BACKORDERED, READY_TO_RELEASE and
     * CANCELLED. Statuses from RELEASED on are "released to the warehouse": no longer cancellable here.
     */
    public enum OrderStatus
    {
        CREATED(1), ALLOCATED(2), PARTIALLY_ALLOCATED(3), BACKORDERED(4), FRAUD_REVIEW(5), PAYMENT_PENDING(6),
        READY_TO_RELEASE(7), RELEASED(8), PICKING(9), PACKED(10), SHIPPED(11), DELIVERED(12), READY_FOR_PICKUP(13),
        PICKED_UP(14), CANCELLED(15), REJECTED(16), RETURN_REQUESTED(17), RETURN_RECEIVED(18), REFUNDED(19),
        EXCHANGED(20);

        private static final OrderStatus[] BY_CODE = new OrderStatus[32];

        static
        {
            for (final OrderStatus status : values())
            {
                BY_CODE[status.code] = status;
            }
        }

        private final int code;

        OrderStatus(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        /** Before release to the warehouse and not ended: stock may still be given back. */
        public boolean isCancellable()
        {
            return code <= READY_TO_RELEASE.code;
        }

        public static OrderStatus fromCode(final int code)
        {
            return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        }
    }

    /** Why a node won or lost in a sourcing decision, checked in this order. */
    public enum SourcingReason
    {
        /** Ships (part of) the order. */
        SELECTED(1),
        /**
         * Could have shipped everything it was needed for, but a cheaper plan was chosen — or one as cheap whose nodes
         * come first by location id (ties are broken that way, so replay is identical).
         */
        HIGHER_COST(2),
        /** Has some of the order's units, but neither alone nor in the chosen split. */
        PARTIAL_STOCK(3),
        /**
         * None of the order's units are available here after safety stock, or none the order may take: what is here
         * backs holds placed against the network.
         */
        OUT_OF_STOCK(4),
        /** Its daily order capacity is used up for this engine-time day. */
        CAPACITY_REACHED(5),
        /** Farther from the customer than the service level's radius or transit table allows. */
        TOO_FAR_FOR_SERVICE_LEVEL(6),
        /** Lacks the capability the delivery needs (SHIP, SHIP_FROM_STORE for stores, PICKUP). */
        NOT_CAPABLE(7),
        /** The location is not active. */
        INACTIVE(8),
        /** A pickup order is fulfilled by the chosen store only. */
        NOT_PICKUP_STORE(9),
        /** Selected because the converted reservation held the units at this node. */
        RESERVED_HERE(10),
        /** Has ATP, but none of it within the channel's pool (its share, less what it already has there). */
        POOL_EXHAUSTED(11),
        /**
         * Has stock for the order, but the converted reservation's node covered it: nothing was left to source, or
         * that node shipped the fresh units too, in the one shipment. Of a backorder fill under a shipment limit: the
         * nodes the order already ships from gave every unit.
         */
        NOT_NEEDED(12),
        /**
         * Has units the order needed, but its plan already had as many shipments as the order's limit allows
         * ({@code maxShipments}, of the order or the sourcing policy; rules version 14).
         */
        SHIPMENT_LIMIT(13),
        /**
         * Does not ship to the order's ship-to country: the location lists the countries it ships to
         * ({@code shipsTo}; rules version 15) and that one is not among them.
         */
        COUNTRY_NOT_SERVED(14),
        /**
         * Not a location the order's channel takes stock from: the channel lists the locations it sources from
         * ({@code sourcesFrom}; rules version 17) and this one is not among them (checked after INACTIVE, before
         * every other rule).
         */
        CHANNEL_NOT_SERVED(15);

        private final int code;

        SourcingReason(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final SourcingReason[] VALUES = values();

        public static SourcingReason fromCode(final int code)
        {
            for (final SourcingReason reason : VALUES)
            {
                if (reason.code == code)
                {
                    return reason;
                }
            }
            return null;
        }
    }

    /** Entries of an order's timeline. */
    public enum OrderEventType
    {
        /** The order was captured. */
        CREATED(1),
        /** A held reservation was consumed by the order (qty = units taken from the hold). */
        RESERVATION_CONVERTED(2),
        /** Units of a line allocated at a location when the order was placed. */
        ALLOCATED(3),
        /** Units of a line waiting for stock. */
        BACKORDERED(4),
        /** Units of a line that could not be allocated and were dropped because the order allowed partial. */
        SHORTFALL_CANCELLED(5),
        /** Backordered units allocated when stock arrived. */
        BACKORDER_ALLOCATED(6),
        /** Units cancelled by request (location empty when they were backordered). */
        UNITS_CANCELLED(7),
        /** The order's status changed (statusAfter). */
        STATUS_CHANGED(8),
        /** Fraud screening ran (qty = score; note lists the reasons). */
        FRAUD_SCREENED(9),
        /** A reviewer approved or rejected the order (note: decision, reviewer and their note). */
        FRAUD_REVIEWED(10),
        /** A payment action was asked of the provider (qty = 0; note: kind and amount). */
        PAYMENT_REQUESTED(11),
        /** The payment changed (provider answer, webhook, offline mark; note says what). */
        PAYMENT_UPDATED(12);

        private final int code;

        OrderEventType(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final OrderEventType[] VALUES = values();

        public static OrderEventType fromCode(final int code)
        {
            for (final OrderEventType type : VALUES)
            {
                if (type.code == code)
                {
                    return type;
                }
            }
            return null;
        }
    }
    /** An order's payment: PENDING until verified (authorized), then captured and refunded, possibly in parts. */
    public enum PaymentStatus
    {
        PENDING(1),
        AUTHORIZED(2),
        PARTIALLY_CAPTURED(3),
        CAPTURED(4),
        PARTIALLY_REFUNDED(5),
        REFUNDED(6),
        VOIDED(7),
        FAILED(8);

        private final int code;

        PaymentStatus(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final PaymentStatus[] VALUES = values();

        public static PaymentStatus fromCode(final int code)
        {
            for (final PaymentStatus value : VALUES)
            {
                if (value.code == code)
                {
                    return value;
                }
            }
            return null;
        }
    }

    /** What the payment adapter is asked to do at the provider. */
    public enum PaymentActionKind
    {
        VERIFY(1),
        CAPTURE(2),
        VOID(3),
        REFUND(4);

        private final int code;

        PaymentActionKind(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final PaymentActionKind[] VALUES = values();

        public static PaymentActionKind fromCode(final int code)
        {
            for (final PaymentActionKind value : VALUES)
            {
                if (value.code == code)
                {
                    return value;
                }
            }
            return null;
        }
    }

    /** An outbox entry: OUTSTANDING until the adapter reports; ERROR (provider unreachable after retries) waits for an operator's retry. */
    public enum PaymentActionStatus
    {
        OUTSTANDING(1),
        SUCCEEDED(2),
        DECLINED(3),
        MISMATCH(4),
        ERROR(5);

        private final int code;

        PaymentActionStatus(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final PaymentActionStatus[] VALUES = values();

        public static PaymentActionStatus fromCode(final int code)
        {
            for (final PaymentActionStatus value : VALUES)
            {
                if (value.code == code)
                {
                    return value;
                }
            }
            return null;
        }
    }

    /** What the adapter reports for an action (ordo.gateway.payments.Outcome). */
    public enum PaymentOutcome
    {
        SUCCEEDED(1),
        DECLINED(2),
        MISMATCH(3),
        ERROR(4);

        private final int code;

        PaymentOutcome(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final PaymentOutcome[] VALUES = values();

        public static PaymentOutcome fromCode(final int code)
        {
            for (final PaymentOutcome value : VALUES)
            {
                if (value.code == code)
                {
                    return value;
                }
            }
            return null;
        }
    }

    /** A provider webhook event, normalised. */
    public enum PaymentEventKind
    {
        AUTHORIZED(1),
        CAPTURED(2),
        FAILED(3),
        REFUNDED(4),
        CANCELED(5),
        /** A refund the provider had accepted failed (rules version 9); the amount is that refund's. */
        REFUND_FAILED(6);

        private final int code;

        PaymentEventKind(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final PaymentEventKind[] VALUES = values();

        public static PaymentEventKind fromCode(final int code)
        {
            for (final PaymentEventKind value : VALUES)
            {
                if (value.code == code)
                {
                    return value;
                }
            }
            return null;
        }
    }

    /** The fraud screen's verdict and a reviewer's. */
    public enum FraudDecision
    {
        PASSED(1),
        REVIEW(2),
        REJECTED(3),
        APPROVED(4),
        REJECTED_BY_REVIEW(5);

        private final int code;

        FraudDecision(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final FraudDecision[] VALUES = values();

        public static FraudDecision fromCode(final int code)
        {
            for (final FraudDecision value : VALUES)
            {
                if (value.code == code)
                {
                    return value;
                }
            }
            return null;
        }
    }

    /** One rule that added points. */
    public enum FraudReason
    {
        AMOUNT(1),
        VELOCITY_CUSTOMER(2),
        VELOCITY_EMAIL(3),
        VELOCITY_IP(4),
        VELOCITY_ADDRESS(5),
        VELOCITY_PAYMENT_FINGERPRINT(6),
        COUNTRY_MISMATCH(7),
        BLOCKED_EMAIL(8),
        BLOCKED_EMAIL_DOMAIN(9),
        BLOCKED_POSTAL_CODE(10),
        BLOCKED_IP(11),
        SKU_QUANTITY(12),
        NEW_CUSTOMER_FAST_HIGH_VALUE(13);

        private final int code;

        FraudReason(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        private static final FraudReason[] VALUES = values();

        public static FraudReason fromCode(final int code)
        {
            for (final FraudReason value : VALUES)
            {
                if (value.code == code)
                {
                    return value;
                }
            }
            return null;
        }
    }
}
