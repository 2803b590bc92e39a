package ordo.engine;

/**
 * Every command the engine understands, with the stable wire code used in ring slots and journal records.
 *
 * <p>Journaled commands change state and are written to the journal before their reply leaves. Queries are
 * answered from state on the engine thread and never journaled; they never change state, so replaying the
 * journal alone reproduces every state the engine has been in. Control commands (snapshots) travel the ring
 * so that they happen at an exact point in the command stream, but the engine itself never sees them.
 *
 * <p>Codes are part of the journal format: never renumber, only add.
 */
public enum CommandType
{
    DEFINE_LOCATION(1, Kind.JOURNALED),
    DEFINE_SKU(2, Kind.JOURNALED),
    SET_INVENTORY(3, Kind.JOURNALED),
    ADJUST_INVENTORY(4, Kind.JOURNALED),
    RESERVE(5, Kind.JOURNALED),
    RELEASE_RESERVATION(6, Kind.JOURNALED),
    TICK(7, Kind.JOURNALED),
    DEFINE_CHANNEL(8, Kind.JOURNALED),
    SET_SOURCING_POLICY(9, Kind.JOURNALED),
    PLACE_ORDER(10, Kind.JOURNALED),
    CANCEL_ORDER(11, Kind.JOURNALED),
    SET_FRAUD_RULES(12, Kind.JOURNALED),
    FRAUD_REVIEW(13, Kind.JOURNALED),
    PAYMENT_ACTION_RESULT(14, Kind.JOURNALED),
    PAYMENT_EVENT(15, Kind.JOURNALED),
    CAPTURE_PAYMENT(16, Kind.JOURNALED),
    MARK_PAID(17, Kind.JOURNALED),
    RETRY_PAYMENT(18, Kind.JOURNALED),
    SETTLE_REFUND(19, Kind.JOURNALED),

    QUERY_INVENTORY(64, Kind.QUERY),
    QUERY_RESERVATION(65, Kind.QUERY),
    QUERY_STATE_HASH(66, Kind.QUERY),
    QUERY_LOCATION(67, Kind.QUERY),
    QUERY_SKU(68, Kind.QUERY),
    QUERY_ORDER(69, Kind.QUERY),
    QUERY_ORDER_EVENTS(70, Kind.QUERY),
    QUERY_ORDER_SOURCING(71, Kind.QUERY),
    QUERY_ORDERS(72, Kind.QUERY),
    QUERY_CHANNEL(73, Kind.QUERY),
    QUERY_SOURCING_POLICY(74, Kind.QUERY),
    QUERY_PAYMENT_ACTIONS(75, Kind.QUERY),
    QUERY_FRAUD_RULES(76, Kind.QUERY),
    QUERY_LOCATIONS(77, Kind.QUERY),
    QUERY_SKUS(78, Kind.QUERY),
    QUERY_CHANNELS(79, Kind.QUERY),
    QUERY_STOCK(80, Kind.QUERY),
    QUERY_LOCATION_STOCK(81, Kind.QUERY),
    QUERY_STOCK_CHANGES(82, Kind.QUERY),

    SNAPSHOT(100, Kind.CONTROL),
    /** Fills a claimed ring slot whose command could not be encoded: every stage skips it. */
    NOOP(101, Kind.CONTROL);

    public enum Kind
    {
        JOURNALED, QUERY, CONTROL
    }

    private static final CommandType[] BY_CODE = new CommandType[128];

    static
    {
        for (final CommandType type : values())
        {
            BY_CODE[type.code] = type;
        }
    }

    private final int code;
    private final Kind kind;

    CommandType(final int code, final Kind kind)
    {
        this.code = code;
        this.kind = kind;
    }

    public int code()
    {
        return code;
    }

    public boolean isJournaled()
    {
        return kind == Kind.JOURNALED;
    }

    public boolean isQuery()
    {
        return kind == Kind.QUERY;
    }

    public Kind kind()
    {
        return kind;
    }

    /**
     * @return the type for a wire code, or null if the code is unknown (a journal written by a newer version).
     */
    public static CommandType fromCode(final int code)
    {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
