package ordo.engine.testing;

import java.util.ArrayList;
import java.util.List;

import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;

import ordo.engine.Codes;
import ordo.engine.PayloadReader;
import ordo.engine.ReplyCodec;

/**
 * Reply views ({@link ReplyCodec} layouts) decoded into records with {@link PayloadReader}. Every decoder checks
 * that it consumed the data exactly, so a layout drift between the engine and its documentation fails a test.
 */
public final class Views
{
    private Views()
    {
    }

    /** One location row of an INVENTORY view. */
    public record LocationStock(String location, boolean active, long onHand, long reserved, long allocated,
        long safetyStock, long atp, long backordered)
    {
    }

    /**
     * INVENTORY view: network totals and one row per location that has a stock cell (or pickup orders waiting for the
     * SKU), in location order; backordered = units of open orders waiting for stock of this SKU anywhere in the
     * network (a row's: pickup orders' units waiting for that store); {@code channel} is what the channel asked about
     * may sell (QUERY_INVENTORY with a channel), null when none was asked about.
     */
    public record Inventory(String sku, long onHand, long reserved, long allocated, long atp, long backordered,
        long networkHolds, List<LocationStock> locations, ChannelStock channel)
    {
        /** @return the row for a location, or null if the SKU has no stock cell there nor pickup orders waiting. */
        public LocationStock at(final String location)
        {
            for (final LocationStock row : locations)
            {
                if (row.location().equals(location))
                {
                    return row;
                }
            }
            return null;
        }

        /** Units held against the network as a whole (the view's reserved counts node holds too). */
        public long networkHolds()
        {
            long nodeHolds = 0;
            for (final LocationStock row : locations)
            {
                nodeHolds += row.reserved();
            }
            return reserved - nodeHolds;
        }

        /** What network holds may draw on: the sum over active nodes of max(0, node ATP). */
        public long networkSupply()
        {
            long supply = 0;
            for (final LocationStock row : locations)
            {
                if (row.active() && row.atp() > 0)
                {
                    supply += row.atp();
                }
            }
            return supply;
        }
    }

    /**
     * What a channel may sell of a SKU (the INVENTORY view's last section): {@code toSell} and {@code toShip} across the
     * network, and per row of the view, in its order, the units at that node with the pool's share there and what the
     * channel has taken there (-1 both when the channel has no pool for the SKU, as {@code networkHolds}).
     */
    public record ChannelStock(String channel, int shareBps, long toSell, long toShip, long networkHolds,
        List<String> locations, long[] availableToSell, long[] poolShare, long[] taken, boolean[] sourced)
    {
        /** Whether the channel takes stock at {@code location} (false: it is kept to others, sourcesFrom). */
        public boolean sourcedAt(final String location)
        {
            return sourced[locations.indexOf(location)];
        }

        /** The units a line of the channel could take at {@code location}; fails when the view has no such row. */
        public long at(final String location)
        {
            final int row = locations.indexOf(location);
            if (row < 0)
            {
                throw new AssertionError("no row for " + location + " in " + locations);
            }
            return availableToSell[row];
        }

        public long poolShareAt(final String location)
        {
            return poolShare[locations.indexOf(location)];
        }

        public long takenAt(final String location)
        {
            return taken[locations.indexOf(location)];
        }
    }

    /** CELL view (reply to SET_INVENTORY / ADJUST_INVENTORY). */
    public record Cell(String sku, String location, long onHand, long reserved, long allocated, long safetyStock,
        long atp)
    {
    }

    public record Line(String sku, int qty)
    {
    }

    /** RESERVATION view; location null = a network hold; endedAt 0 = live. */
    public record Reservation(long id, Codes.ReservationStatus status, String channel, String customer,
        String location, long createdAt, long expiresAt, long endedAt, List<Line> lines, long convertedBy)
    {
    }

    public record Location(String id, Codes.LocationType type, String name, int latMicro, int lonMicro,
        String countryCode, int capabilities, int dailyOrderCapacity, long handlingCostMinor, String currency,
        boolean active, List<String> shipsTo, String capacityDayStartsAt)
    {
    }

    public record Sku(String id, String name, int weightGrams, int perCustomerLimit, long saleStartsAt,
        long saleEndsAt, boolean allowBackorder)
    {
    }

    public static Inventory inventory(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final String sku = r.readAsciiString();
        final long onHand = r.readLong();
        final long reserved = r.readLong();
        final long allocated = r.readLong();
        final long atp = r.readLong();
        final long backordered = r.readLong();
        final long networkHolds = r.readLong();
        final int count = r.readShort();
        final List<LocationStock> rows = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            rows.add(new LocationStock(r.readAsciiString(), r.readByte() != 0, r.readLong(), r.readLong(),
                r.readLong(), r.readLong(), r.readLong(), r.readLong()));
        }
        ChannelStock channel = null;
        if (r.remaining() > 0)
        {
            final String id = r.readAsciiString();
            final int shareBps = r.readShort();
            final long toSell = r.readLong();
            final long toShip = r.readLong();
            final long channelNetworkHolds = r.readLong();
            final long[] available = new long[count];
            final long[] poolShare = new long[count];
            final long[] taken = new long[count];
            final boolean[] sourced = new boolean[count];
            final List<String> locations = new ArrayList<>(count);
            for (int i = 0; i < count; i++)
            {
                locations.add(rows.get(i).location());
                available[i] = r.readLong();
                poolShare[i] = r.readLong();
                taken[i] = r.readLong();
                sourced[i] = r.readByte() != 0;
            }
            channel = new ChannelStock(id, shareBps, toSell, toShip, channelNetworkHolds, List.copyOf(locations), available,
                poolShare, taken, sourced);
        }
        done(r, "INVENTORY");
        return new Inventory(sku, onHand, reserved, allocated, atp, backordered, networkHolds, List.copyOf(rows),
            channel);
    }

    public static Cell cell(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final Cell cell = new Cell(r.readAsciiString(), r.readAsciiString(), r.readLong(), r.readLong(), r.readLong(),
            r.readLong(), r.readLong());
        done(r, "CELL");
        return cell;
    }

    public static Reservation reservation(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final long id = r.readLong();
        final Codes.ReservationStatus status = Codes.ReservationStatus.fromCode(r.readByte());
        final String channel = r.readAsciiString();
        final String customer = r.readAsciiString();
        final String location = r.readAsciiString();
        final long createdAt = r.readLong();
        final long expiresAt = r.readLong();
        final long endedAt = r.readLong();
        final int count = r.readShort();
        final List<Line> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            lines.add(new Line(r.readAsciiString(), r.readInt()));
        }
        // The order that converted the hold, after its lines once CONVERTED.
        final long convertedBy = status == Codes.ReservationStatus.CONVERTED ? r.readLong() : 0;
        done(r, "RESERVATION");
        return new Reservation(id, status, channel, customer, location.isEmpty() ? null : location, createdAt,
            expiresAt, endedAt, List.copyOf(lines), convertedBy);
    }

    public static Location location(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final Location location = location(r);
        done(r, "LOCATION");
        return location;
    }

    static Location location(final PayloadReader r)
    {
        return new Location(r.readAsciiString(), Codes.LocationType.fromCode(r.readByte()),
            r.readTextString(), r.readInt(), r.readInt(), r.readAsciiString(), r.readByte(), r.readInt(),
            r.readLong(), r.readAsciiString(), r.readByte() != 0, countries(r),
            Codes.dayStartText(r.readShort(), (short)r.readShort()));
    }

    /** A LOCATION view's {@code shipsTo}: a count, then two letters each (empty: anywhere). */
    private static List<String> countries(final PayloadReader r)
    {
        final int count = r.readByte();
        final List<String> countries = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            countries.add(new String(new char[]{(char)r.readByte(), (char)r.readByte()}));
        }
        return countries;
    }

    public static Sku sku(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final Sku sku = sku(r);
        done(r, "SKU");
        return sku;
    }

    static Sku sku(final PayloadReader r)
    {
        return new Sku(r.readAsciiString(), r.readTextString(), r.readInt(), r.readInt(), r.readLong(),
            r.readLong(), r.readByte() != 0);
    }

    /**
     * An item of the stock feed (QUERY_STOCK): a SKU's network figures, as its INVENTORY view begins, and with a
     * channel its {@code shareBps}, {@code toSell} and {@code toShip} (-1 each without one).
     */
    public record StockItem(String sku, long onHand, long reserved, long allocated, long atp, long backordered,
        long networkHolds, int shareBps, long toSell, long toShip)
    {
    }

    /** A page of a node's stock (QUERY_LOCATION_STOCK): its rows, as the INVENTORY view's row for it of each SKU. */
    public record LocationStockPage(String location, boolean active, List<LocationStock> rows, List<String> skus,
        String next, String channel, List<Long> availableToSell)
    {
    }

    public static LocationStockPage locationStock(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final String location = r.readAsciiString();
        final boolean active = r.readByte() != 0;
        final String channel = r.readAsciiString();
        final int count = r.readShort();
        final List<LocationStock> rows = new ArrayList<>(count);
        final List<String> skus = new ArrayList<>(count);
        final List<Long> available = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            skus.add(r.readAsciiString());
            rows.add(new LocationStock(location, active, r.readLong(), r.readLong(), r.readLong(), r.readLong(),
                r.readLong(), r.readLong()));
            if (!channel.isEmpty())
            {
                available.add(r.readLong());
            }
        }
        final String next = r.readAsciiString();
        done(r, "LOCATION_STOCK");
        return new LocationStockPage(location, active, List.copyOf(rows), List.copyOf(skus),
            next.isEmpty() ? null : next, channel.isEmpty() ? null : channel, List.copyOf(available));
    }

    /** A page of the stock feed; {@code channel} null when none was asked about. */
    public record StockPage(String channel, List<StockItem> items, String next)
    {
    }

    public static StockPage stock(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final String channel = r.readAsciiString();
        final List<StockItem> items = stockItems(r, channel);
        final String next = r.readAsciiString();
        done(r, "STOCK");
        return new StockPage(channel.isEmpty() ? null : channel, items, next.isEmpty() ? null : next);
    }

    /**
     * A page of the stock change feed: its items as the feed's, then where the next poll goes on from
     * ({@code nextSeq}, and {@code nextSku} when the page stopped before the end, else null) and whether more is there.
     */
    public record StockChangesPage(String channel, List<StockItem> items, long nextSeq, String nextSku, boolean more)
    {
    }

    public static StockChangesPage stockChanges(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final String channel = r.readAsciiString();
        final List<StockItem> items = stockItems(r, channel);
        final long nextSeq = r.readLong();
        final String nextSku = r.readAsciiString();
        final boolean more = r.readByte() != 0;
        done(r, "STOCK_CHANGES");
        return new StockChangesPage(channel.isEmpty() ? null : channel, items, nextSeq,
            nextSku.isEmpty() ? null : nextSku, more);
    }

    private static List<StockItem> stockItems(final PayloadReader r, final String channel)
    {
        final int count = r.readShort();
        final List<StockItem> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            final String sku = r.readAsciiString();
            final long onHand = r.readLong();
            final long reserved = r.readLong();
            final long allocated = r.readLong();
            final long atp = r.readLong();
            final long backordered = r.readLong();
            final long networkHolds = r.readLong();
            final boolean some = !channel.isEmpty();
            items.add(new StockItem(sku, onHand, reserved, allocated, atp, backordered, networkHolds,
                some ? r.readShort() : -1, some ? r.readLong() : -1, some ? r.readLong() : -1));
        }
        return List.copyOf(items);
    }

    /** A page of a catalog list (QUERY_LOCATIONS, QUERY_SKUS, QUERY_CHANNELS); {@code next} null for none. */
    public record Page<T>(List<T> items, String next)
    {
    }

    public static Page<Location> locations(final byte[] data)
    {
        return page(data, Views::location, "LOCATIONS");
    }

    public static Page<Sku> skus(final byte[] data)
    {
        return page(data, Views::sku, "SKUS");
    }

    public static Page<OrderViews.Channel> channels(final byte[] data)
    {
        return page(data, OrderViews::channel, "CHANNELS");
    }

    private static <T> Page<T> page(final byte[] data, final java.util.function.Function<PayloadReader, T> item,
        final String view)
    {
        final PayloadReader r = reader(data);
        final int count = r.readShort();
        final List<T> items = new ArrayList<>(count);
        for (int i = 0; i < count; i++)
        {
            items.add(item.apply(r));
        }
        final String next = r.readAsciiString();
        done(r, view);
        return new Page<>(List.copyOf(items), next.isEmpty() ? null : next);
    }

    /** LINE reject data: the SKU id a line-level reject is about. */
    public static String skuId(final byte[] data)
    {
        final PayloadReader r = reader(data);
        final String sku = r.readAsciiString();
        done(r, "LINE reject");
        return sku;
    }

    static PayloadReader reader(final byte[] data)
    {
        final DirectBuffer buffer = new UnsafeBuffer(data);
        return new PayloadReader().wrap(buffer, 0, data.length);
    }

    static void done(final PayloadReader r, final String view)
    {
        if (!r.ok() || r.remaining() != 0)
        {
            throw new AssertionError(view + " view is " + (r.ok() ? r.remaining() + " bytes too long" : "truncated"));
        }
    }
}
