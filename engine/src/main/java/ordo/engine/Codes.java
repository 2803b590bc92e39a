package ordo.engine;

/**
 * Small enumerations stored as bytes in commands, state and snapshots. Codes never change meaning.
 */
public final class Codes
{
    private Codes()
    {
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

        public static LocationType fromCode(final int code)
        {
            for (final LocationType type : values())
            {
                if (type.code == code)
                {
                    return type;
                }
            }
            return null;
        }
    }

    /** Capability bits of a location. */
    public static final int CAP_SHIP = 1;
    public static final int CAP_PICKUP = 2;
    public static final int CAP_SHIP_FROM_STORE = 4;
    public static final int CAP_ALL = CAP_SHIP | CAP_PICKUP | CAP_SHIP_FROM_STORE;

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

        public static AdjustmentReason fromCode(final int code)
        {
            for (final AdjustmentReason reason : values())
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
        HELD(1), RELEASED(2), EXPIRED(3);

        private final int code;

        ReservationStatus(final int code)
        {
            this.code = code;
        }

        public int code()
        {
            return code;
        }

        public static ReservationStatus fromCode(final int code)
        {
            for (final ReservationStatus status : values())
            {
                if (status.code == code)
                {
                    return status;
                }
            }
            return null;
        }
    }
}
