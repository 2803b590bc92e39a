package ordo.engine;

/**
 * The outcome of a command. Rejects are values, never exceptions: one code per failed check, mapped once to
 * HTTP in the gateway. Codes are stable (they are stored with idempotency records and shown to clients), grouped
 * by range: 0 success, 1xx invalid input, 2xx business conflicts, 3xx not found, 4xx idempotency, 9xx internal.
 */
public enum ResultCode
{
    OK(0),

    MALFORMED_COMMAND(100),
    UNKNOWN_SKU(101),
    UNKNOWN_LOCATION(102),
    INVALID_QUANTITY(103),
    TOO_MANY_LINES(104),
    DUPLICATE_SKU(105),
    INVALID_TTL(106),
    INVALID_SALE_WINDOW(107),
    INVALID_COORDINATES(108),
    INVALID_FIELD(109),
    CURRENCY_MISMATCH(110),
    MISSING_COORDINATES(111),
    INVALID_ID(112),
    PICKUP_NOT_AVAILABLE(113),
    INVALID_POLICY(114),
    LINE_NOT_IN_ORDER(115),
    INVALID_FRAUD_RULES(116),
    /**
     * A list query's cursor ({@code after}) names nothing the caller may page from: no such order or payment action,
     * or an order of a channel the caller may not see. One code for both, so a refusal tells nothing of other
     * channels' orders.
     */
    UNKNOWN_CURSOR(117),
    /**
     * An order's pickup store, or a hold's location, is not one the channel takes stock from: the channel lists the
     * locations it sources from ({@code sourcesFrom}; rules version 17) and that one is not among them. a = 1 for an
     * order's pickup store, 0 for a hold's location.
     */
    CHANNEL_NOT_SERVED(118),

    INSUFFICIENT_STOCK(200),
    SALE_NOT_OPEN(201),
    SALE_ENDED(202),
    PER_CUSTOMER_LIMIT(203),
    LOCATION_INACTIVE(204),
    RESERVATION_NOT_ACTIVE(205),
    ON_HAND_NEGATIVE(206),
    ID_HASH_COLLISION(207),
    RESERVATION_CUSTOMER_MISMATCH(208),
    ORDER_NOT_CANCELLABLE(209),
    CANCEL_EXCEEDS_OPEN(210),
    ORDER_NOT_IN_REVIEW(211),
    PAYMENT_NOT_CAPTURABLE(212),
    NOTHING_TO_RETRY(213),
    PAYMENT_PROVIDER_MISMATCH(214),
    PAYMENT_REFERENCE_IN_USE(215),
    ON_HAND_TOO_LARGE(216),
    /**
     * A location's handling cost is in another currency than the other locations' (rules version 8): sourcing adds
     * handling costs and the per-km rates (in minor units of that currency) and compares them as one currency.
     */
    COST_CURRENCY_MISMATCH(217),
    /** A refund recorded paid back outside Ordo beyond what failed refunds left owed (rules version 9). */
    REFUND_NOT_OWED(218),
    /**
     * A channel's new {@code sourcesFrom} would leave holds placed against the network by channels kept to some
     * locations (its own among them) without units they may convert on, where they had them (rules version 17;
     * {@link KeptHolds}). a = the units short; the SKU's id as data.
     */
    KEPT_HOLDS_SHORT(219),

    RESERVATION_NOT_FOUND(300),
    SKU_NOT_FOUND(301),
    LOCATION_NOT_FOUND(302),
    ORDER_NOT_FOUND(303),
    CHANNEL_NOT_FOUND(304),
    PAYMENT_ACTION_NOT_FOUND(305),

    IDEMPOTENCY_KEY_REUSED(400),

    UNKNOWN_COMMAND(900);

    private static final ResultCode[] BY_CODE = new ResultCode[1000];

    static
    {
        for (final ResultCode code : values())
        {
            BY_CODE[code.code] = code;
        }
    }

    private final int code;

    ResultCode(final int code)
    {
        this.code = code;
    }

    public int code()
    {
        return code;
    }

    public boolean isOk()
    {
        return this == OK;
    }

    /** Whether an idempotency key keeps this outcome: successes and business conflicts (2xx) only. */
    public boolean isRemembered()
    {
        return code == 0 || (code >= 200 && code < 300);
    }

    public static ResultCode fromCode(final int code)
    {
        final ResultCode result = code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
        if (result == null)
        {
            throw new IllegalArgumentException("unknown result code " + code);
        }
        return result;
    }
}
