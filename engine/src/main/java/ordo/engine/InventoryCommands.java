package ordo.engine;

import java.util.Arrays;

/**
 * Network and stock commands: define location, define SKU, set inventory (absolute), adjust inventory (delta),
 * and their queries. Every handler decodes and checks all fields before it changes anything.
 */
final class InventoryCommands
{
    /** Bounds that keep every sum of quantities far from overflow. */
    static final long MAX_QUANTITY = CommandCodec.MAX_UNITS;
    private static final int MAX_LAT_MICRO = 90_000_000;
    private static final int MAX_LON_MICRO = 180_000_000;
    /** The triggers a backorder fill during these commands records ({@link BackorderFills}). */
    private static final byte DEFINE_LOCATION = (byte)CommandType.DEFINE_LOCATION.code();
    private static final byte SET_INVENTORY = (byte)CommandType.SET_INVENTORY.code();
    private static final byte ADJUST_INVENTORY = (byte)CommandType.ADJUST_INVENTORY.code();

    private final Catalog catalog;
    private final EventSink events;
    private final OrderBook orders;
    /** The units pickup orders wait for at each store (by location index), for an inventory view. */
    private long[] atStore = new long[16];
    private final BackorderFiller filler;
    private final StockShortage shortage;
    private final ByteSlice id = new ByteSlice();
    private final ByteSlice name = new ByteSlice();
    private final ByteSlice country = new ByteSlice();
    private final ByteSlice currency = new ByteSlice();
    /** A country of a location's {@code shipsTo}, and the keys read, sorted in place. */
    private final ByteSlice listed = new ByteSlice();
    private final short[] shipsToScratch = new short[Location.MAX_SHIPS_TO];
    /** The ship-to country a channel-stock query asks about. */
    private final ByteSlice countryAsked = new ByteSlice();
    private final ByteSlice skuId = new ByteSlice();
    private final ByteSlice locationId = new ByteSlice();
    private final ByteSlice channelId = new ByteSlice();
    private final ChannelStock channelStock;
    private Sku addressedSku;
    private Location addressedLocation;

    InventoryCommands(final Catalog catalog, final EventSink events, final OrderBook orders,
        final BackorderFiller filler, final ChannelCommands channels)
    {
        this.catalog = catalog;
        this.channelStock = new ChannelStock(channels);
        this.events = events;
        this.orders = orders;
        this.filler = filler;
        this.shortage = new StockShortage(orders, events);
    }

    /** Whether the last location defined changed where its capacity days end (Engine's wake-up). */
    private boolean daysMoved;

    boolean daysMoved()
    {
        return daysMoved;
    }

    /** Where a count or loss that leaves a node short sends units back (tests compare its two walks). */
    StockShortage shortage()
    {
        return shortage;
    }

    void defineLocation(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        r.readAscii(id);
        final Codes.LocationType type = Codes.LocationType.fromCode(r.readByte());
        r.readText(name);
        final int lat = r.readInt();
        final int lon = r.readInt();
        r.readAscii(country);
        final int capabilities = r.readByte();
        final int capacity = r.readInt();
        final long handlingCost = r.readLong();
        r.readAscii(currency);
        final boolean active = r.readByte() != 0;
        final int shipsToCount = r.readByte();
        boolean countriesValid = true;
        for (int i = 0; i < shipsToCount && r.ok(); i++)
        {
            r.readAscii(listed);
            final int key = Location.countryKey(listed);
            countriesValid &= key != 0;
            shipsToScratch[i] = (short)key;
        }
        // A location keeps its countries ascending, for Location.shipsTo's binary search.
        Arrays.sort(shipsToScratch, 0, shipsToCount);
        final int dayStartsAt = r.readShort();
        final int dayStartsAtOffset = (short)r.readShort();
        if (!r.ok() || type == null)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!id.isValidId())
        {
            reply.code(ResultCode.INVALID_ID);
            return;
        }
        if (Math.abs((long)lat) > MAX_LAT_MICRO || Math.abs((long)lon) > MAX_LON_MICRO)
        {
            reply.code(ResultCode.INVALID_COORDINATES);
            return;
        }
        // A handling cost names its currency (rules version 8): without one it could not be compared with others.
        if ((capabilities & ~Codes.CAP_ALL) != 0 || capacity < 0 || handlingCost < 0 ||
            handlingCost > SourcingPolicy.MAX_COST_MINOR ||
            (country.length() != 0 && country.length() != 2) || (currency.length() != 0 && currency.length() != 3) ||
            (handlingCost > 0 && currency.length() == 0) || !countriesValid || !distinct(shipsToCount) ||
            !Codes.isDayStart(dayStartsAt, dayStartsAtOffset))
        {
            reply.code(ResultCode.INVALID_FIELD);
            return;
        }
        if (catalog.locationHashTaken(id))
        {
            reply.code(ResultCode.ID_HASH_COLLISION);
            return;
        }
        final Location otherCurrency = currency.length() == 0 ? null : catalog.locationCostingOtherwise(id, currency);
        if (otherCurrency != null)
        {
            // The other location, then its currency: the refusal names both.
            reply.result(ResultCode.COST_CURRENCY_MISMATCH, -1, 0, 0, 0, 0);
            reply.beginData().putAscii(new String(otherCurrency.id, java.nio.charset.StandardCharsets.US_ASCII))
                .putAscii(otherCurrency.currency);
            reply.endData();
            return;
        }
        Location location = catalog.location(id);
        if (location == null)
        {
            location = catalog.newLocation(id);
        }
        // What a channel may ship from here (type and capabilities: Location.canShip; countries) or sell here (active)
        // changes the figures the stock change feed shows of every SKU stocked here: it lists them (a store made a
        // warehouse without SHIP stopped shipping unlisted: found in review).
        final short[] shipsTo = shipsToCount == 0 ? Location.ANYWHERE : Arrays.copyOf(shipsToScratch, shipsToCount);
        if (location.active != active || location.type != type || location.capabilities != capabilities ||
            !Arrays.equals(location.shipsTo, shipsTo) ||
            !java.util.Objects.equals(location.countryCode, country.toString()))
        {
            for (int i = 0; i < location.cellCount(); i++)
            {
                location.cell(i).sku.changed();
            }
        }
        location.type = type;
        location.name = name.length() == 0 ? "" : new String(name.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        location.coordinates(lat, lon);
        location.countryCode = country.toString();
        location.shipsTo = shipsTo;
        location.capabilities = capabilities;
        // Whether the node's days now end elsewhere for the engine's wake-up: a capacity given or taken away, or
        // another start (a capacity's number alone, or any other field, moves no day).
        daysMoved = (location.dailyOrderCapacity > 0) != (capacity > 0) ||
            location.dayStartsAtMinute != dayStartsAt || location.dayStartsAtOffsetMinutes != dayStartsAtOffset;
        location.dailyOrderCapacity(capacity);
        // The day being counted keeps its end (Location.today): the next one begins at the new time.
        location.dayStartsAt(dayStartsAt, dayStartsAtOffset);
        location.handlingCostMinor = handlingCost;
        catalog.costCurrency(location, currency.toString());
        final boolean switched = location.active != active;
        location.active = active;
        if (switched)
        {
            // A node switched on or off: its stock starts or stops counting toward its SKUs' network supply.
            for (int i = 0; i < location.cellCount(); i++)
            {
                final StockCell cell = location.cell(i);
                cell.sku.nodeSwitched(cell, active);
            }
        }
        // An activated node or a new capability may let backorders take stock.
        orders.onEverySupplyMayHaveGrown();
        filler.fill(seq, now, DEFINE_LOCATION);
        reply.result(ResultCode.OK, location.index, 0, 0, 0, 0);
        ReplyCodec.location(reply, location);
        events.onEvent(EventType.LOCATION_DEFINED, seq, now, location.index);
    }

    /** Whether none of the first {@code count} countries of {@link #shipsToScratch}, sorted, is there twice. */
    private boolean distinct(final int count)
    {
        for (int i = 1; i < count; i++)
        {
            if (shipsToScratch[i] == shipsToScratch[i - 1])
            {
                return false;
            }
        }
        return true;
    }

    void defineSku(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        r.readAscii(id);
        r.readText(name);
        final int weight = r.readInt();
        final int limit = r.readInt();
        final long saleStartsAt = r.readLong();
        final long saleEndsAt = r.readLong();
        final boolean backorder = r.readByte() != 0;
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!id.isValidId())
        {
            reply.code(ResultCode.INVALID_ID);
            return;
        }
        if (weight < 0 || limit < 0)
        {
            reply.code(ResultCode.INVALID_FIELD);
            return;
        }
        if (saleStartsAt >= saleEndsAt)
        {
            reply.code(ResultCode.INVALID_SALE_WINDOW);
            return;
        }
        if (catalog.skuHashTaken(id))
        {
            reply.code(ResultCode.ID_HASH_COLLISION);
            return;
        }
        Sku sku = catalog.sku(id);
        if (sku == null)
        {
            sku = catalog.newSku(id);
        }
        sku.name = name.length() == 0 ? "" : new String(name.toBytes(), java.nio.charset.StandardCharsets.UTF_8);
        sku.weightGrams = weight;
        sku.perCustomerLimit = limit;
        sku.saleStartsAt = saleStartsAt;
        sku.saleEndsAt = saleEndsAt;
        sku.allowBackorder = backorder;
        sku.markDefinitionForBoard(); // the sale window is part of what the board shows
        reply.result(ResultCode.OK, sku.index, 0, 0, 0, 0);
        ReplyCodec.sku(reply, sku);
        events.onEvent(EventType.SKU_DEFINED, seq, now, sku.index);
    }

    /**
     * Absolute count (cycle count) and safety stock. onHand may be set below what is reserved and allocated: the
     * shortfall is shown ({@code shortfall}, ATP 0) and nothing new is granted until stock recovers; existing holds
     * are not broken; orders' units allocated beyond what is on hand go back to backorder, newest order first, and are
     * sourced afresh ({@link StockShortage}). Either figure may be {@link CommandCodec#KEEP}: the cell keeps its own
     * (rules version 13: a store's count without a safety stock set the planner's to 0, and its buffer went to online
     * orders; setting a safety stock meant restating onHand, and a receipt in between was lost; found in QA). Both
     * kept is an invalid quantity.
     */
    void setInventory(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        r.readAscii(skuId);
        r.readAscii(locationId);
        final long onHand = r.readLong();
        final long safetyStock = r.readLong();
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!resolveCellAddress(reply))
        {
            return;
        }
        final Sku sku = addressedSku;
        final Location location = addressedLocation;
        if (!validFigure(onHand) || !validFigure(safetyStock) ||
            (onHand == CommandCodec.KEEP && safetyStock == CommandCodec.KEEP))
        {
            reply.code(ResultCode.INVALID_QUANTITY);
            return;
        }
        final StockCell cell = sku.cellFor(location);
        cell.stock(onHand == CommandCodec.KEEP ? cell.onHand : onHand,
            safetyStock == CommandCodec.KEEP ? cell.safetyStock : safetyStock);
        shortage.resolve(sku, cell, CommandType.SET_INVENTORY, null, seq, now);
        fillBackorders(sku, seq, now, SET_INVENTORY);
        cellResult(reply, sku, location, cell);
        events.onEvent(EventType.INVENTORY_CHANGED, seq, now, pack(sku, location));
    }

    /** A count's figure: 0 to {@link #MAX_QUANTITY}, or {@link CommandCodec#KEEP}. */
    private static boolean validFigure(final long units)
    {
        return units == CommandCodec.KEEP || units >= 0 && units <= MAX_QUANTITY;
    }

    void adjustInventory(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        r.readAscii(skuId);
        r.readAscii(locationId);
        final long delta = r.readLong();
        final Codes.AdjustmentReason reason = Codes.AdjustmentReason.fromCode(r.readByte());
        if (!r.ok() || reason == null)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!resolveCellAddress(reply))
        {
            return;
        }
        final Sku sku = addressedSku;
        final Location location = addressedLocation;
        // A receipt adds stock and damage takes it away; a count or a transfer may go either way (rules version 3:
        // a receipt of −5 was taken as a loss, found in review).
        if (delta == 0 || Math.abs(delta) > MAX_QUANTITY ||
            (reason == Codes.AdjustmentReason.RECEIPT && delta < 0) ||
            (reason == Codes.AdjustmentReason.DAMAGE && delta > 0))
        {
            reply.code(ResultCode.INVALID_QUANTITY);
            return;
        }
        final StockCell existing = sku.findCell(location);
        final long before = existing == null ? 0 : existing.onHand;
        final long after = before + delta;
        if (after < 0 || after > MAX_QUANTITY)
        {
            // Two codes: a receipt beyond the largest count once answered "would make stock negative" (found in QA).
            // b only for the new code: the reply tuple is kept with an idempotency key (state), and an old journal's
            // ON_HAND_NEGATIVE must replay to the same tuple (found in review).
            final boolean tooLarge = after > MAX_QUANTITY;
            reply.result(tooLarge ? ResultCode.ON_HAND_TOO_LARGE : ResultCode.ON_HAND_NEGATIVE, pack(sku, location),
                before, tooLarge ? MAX_QUANTITY : 0, 0, 0);
            ReplyCodec.skuId(reply, sku);
            return;
        }
        final StockCell cell = existing == null ? sku.cellFor(location) : existing;
        cell.onHand(after);
        shortage.resolve(sku, cell, CommandType.ADJUST_INVENTORY, reason, seq, now);
        fillBackorders(sku, seq, now, ADJUST_INVENTORY);
        cellResult(reply, sku, location, cell);
        events.onEvent(EventType.INVENTORY_CHANGED, seq, now, pack(sku, location));
    }

    /** Backorders waiting for this SKU take what they can before the answer shows the cell. */
    private void fillBackorders(final Sku sku, final long seq, final long now, final byte trigger)
    {
        orders.onSupplyMayHaveGrown(sku);
        filler.fill(seq, now, trigger);
    }

    /**
     * Finds the SKU and location just read into {@link #skuId}/{@link #locationId}. They name the resource being
     * changed (they are the URL), so an absent one answers not found. Results in fields: no allocation.
     */
    private boolean resolveCellAddress(final Reply reply)
    {
        addressedSku = catalog.sku(skuId);
        addressedLocation = catalog.location(locationId);
        if (addressedSku == null)
        {
            notFound(reply, ResultCode.SKU_NOT_FOUND, skuId);
            return false;
        }
        if (addressedLocation == null)
        {
            notFound(reply, ResultCode.LOCATION_NOT_FOUND, locationId);
            return false;
        }
        return true;
    }

    /** A SKU or location named by the request that is not defined: the id goes with the code, for the answer's text. */
    /** Answers {@code code} naming {@code id} (the gateway's problem carries it: {@code locationId}, {@code sku}). */
    static void notFound(final Reply reply, final ResultCode code, final ByteSlice id)
    {
        reply.code(code);
        reply.beginData().putAscii(id.toString());
        reply.endData();
    }

    /**
     * The ship-to country a query of what a channel may sell may end with: its {@link Location#countryKey}, 0 when
     * it is not two capital letters, {@link ChannelStock#ANY_COUNTRY} when the query ends before it.
     */
    static int readCountry(final PayloadReader r, final ByteSlice scratch)
    {
        if (!r.ok() || r.remaining() == 0)
        {
            return ChannelStock.ANY_COUNTRY;
        }
        r.readAscii(scratch);
        return r.ok() ? Location.countryKey(scratch) : 0;
    }

    void queryInventory(final PayloadReader r, final Reply reply)
    {
        final Sku sku = readSku(r, reply);
        if (sku != null)
        {
            ChannelStock forChannel = null;
            if (r.remaining() > 0)
            {
                r.readAscii(channelId);
                final int country = readCountry(r, countryAsked);
                if (!r.ok() || !channelId.isValidId() || r.remaining() > 0 || country == 0)
                {
                    reply.code(ResultCode.MALFORMED_COMMAND);
                    return;
                }
                if (catalog.channelHashTaken(channelId))
                {
                    // Orders and holds refuse such a channel; showing it the whole stock would promise what it
                    // cannot take (found in review).
                    reply.code(ResultCode.ID_HASH_COLLISION);
                    return;
                }
                forChannel = channelStock.of(channelId, country, catalog);
            }
            reply.code(ResultCode.OK);
            final int locations = catalog.locationCount();
            if (atStore.length < locations)
            {
                atStore = new long[Math.max(locations, atStore.length * 2)];
            }
            Arrays.fill(atStore, 0, locations, 0);
            ReplyCodec.inventory(reply, sku, orders.backorderedUnits(sku, atStore), atStore, catalog, forChannel);
        }
    }

    void queryLocation(final PayloadReader r, final Reply reply)
    {
        r.readAscii(id);
        final Location location = r.ok() ? catalog.location(id) : null;
        if (location == null)
        {
            if (r.ok())
            {
                notFound(reply, ResultCode.LOCATION_NOT_FOUND, id);
            }
            else
            {
                reply.code(ResultCode.MALFORMED_COMMAND);
            }
            return;
        }
        reply.code(ResultCode.OK);
        ReplyCodec.location(reply, location);
    }

    void querySku(final PayloadReader r, final Reply reply)
    {
        final Sku sku = readSku(r, reply);
        if (sku != null)
        {
            reply.code(ResultCode.OK);
            ReplyCodec.sku(reply, sku);
        }
    }

    /** Reads a SKU id and finds it; otherwise answers SKU_NOT_FOUND (or MALFORMED_COMMAND) and returns null. */
    private Sku readSku(final PayloadReader r, final Reply reply)
    {
        r.readAscii(skuId);
        final Sku sku = r.ok() ? catalog.sku(skuId) : null;
        if (sku == null)
        {
            if (r.ok())
            {
                notFound(reply, ResultCode.SKU_NOT_FOUND, skuId);
            }
            else
            {
                reply.code(ResultCode.MALFORMED_COMMAND);
            }
        }
        return sku;
    }

    /** Renders a reply from its stored tuple: the same code path for a fresh and an idempotently replayed answer. */
    void render(final Reply reply)
    {
        if (reply.code().isOk())
        {
            ReplyCodec.cell(reply, catalog.sku(skuOf(reply.entityId())), catalog.location(locationOf(reply.entityId())),
                reply.a(), reply.b(), reply.c(), reply.d());
        }
        else if (reply.code() == ResultCode.ON_HAND_NEGATIVE || reply.code() == ResultCode.ON_HAND_TOO_LARGE)
        {
            ReplyCodec.skuId(reply, catalog.sku(skuOf(reply.entityId())));
        }
    }

    private static void cellResult(final Reply reply, final Sku sku, final Location location, final StockCell cell)
    {
        reply.result(ResultCode.OK, pack(sku, location), cell.onHand, cell.reserved, cell.allocated, cell.safetyStock);
        ReplyCodec.cell(reply, sku, location, cell.onHand, cell.reserved, cell.allocated, cell.safetyStock);
    }

    static long pack(final Sku sku, final Location location)
    {
        return ((long)sku.index << 32) | (location.index & 0xFFFFFFFFL);
    }

    static int skuOf(final long packed)
    {
        return (int)(packed >>> 32);
    }

    static int locationOf(final long packed)
    {
        return (int)packed;
    }
}
