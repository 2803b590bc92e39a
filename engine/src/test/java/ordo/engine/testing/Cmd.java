package ordo.engine.testing;

import java.util.List;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.PayloadWriter;

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

    record DefineLocation(String id, Codes.LocationType locationType, int latMicro, int lonMicro, int capabilities,
        boolean active) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.DEFINE_LOCATION;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.defineLocation(w, keyHash, fingerprint, id, locationType, "Location " + id, latMicro,
                lonMicro, "SG", capabilities, 500, 250, "EUR", active);
        }
    }

    /** perCustomerLimit 0 = none; sale window bounds {@code Long.MIN_VALUE}/{@code Long.MAX_VALUE} = none. */
    record DefineSku(String id, int perCustomerLimit, long saleStartsAt, long saleEndsAt) implements Cmd
    {
        public CommandType commandType()
        {
            return CommandType.DEFINE_SKU;
        }

        public void encode(final PayloadWriter w, final long keyHash, final long fingerprint)
        {
            CommandCodec.defineSku(w, keyHash, fingerprint, id, "Item " + id, 250, perCustomerLimit,
                saleStartsAt, saleEndsAt, false);
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
}
