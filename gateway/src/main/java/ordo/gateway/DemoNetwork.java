package ordo.gateway;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.PayloadReader;
import ordo.engine.ResultCode;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;
import ordo.gateway.pipeline.CoreClient;
import ordo.gateway.pipeline.OrdoCore;
import ordo.gateway.pipeline.PayloadEncoder;

/**
 * The demo network behind {@code ordo serve --demo}: five sales channels (a marketplace capped to 80 % of ATP),
 * four warehouses and three stores with their real city coordinates, handling costs and daily capacities, twenty
 * SKUs with stock (stores keep some safety stock), and one flash-sale SKU with a per-customer limit. It is loaded
 * through ordinary journaled commands (so it is in the journal like anything else) and only when the data dir
 * doesn't have it yet.
 */
public final class DemoNetwork
{
    public static final String FLASH_SKU = "FLASH-PS6";
    static final String FLASH_LOCATION = "wh-sg-tuas";
    /** The banner's order: one earbuds shipped to Raffles Place, Singapore (Tuas is the cheapest node to ship it). */
    public static final String DEMO_ORDER = "{\"channel\":\"web\",\"externalId\":\"web-1001\"," +
        "\"customer\":{\"id\":\"c-42\",\"email\":\"c42@example.com\"},\"deliveryMethod\":\"SHIP\"," +
        "\"shipTo\":{\"name\":\"Mei Lin\",\"line1\":\"1 Raffles Place\",\"city\":\"Singapore\"," +
        "\"postalCode\":\"048616\",\"countryCode\":\"SG\",\"lat\":1.2840,\"lon\":103.8510}," +
        "\"lines\":[{\"sku\":\"SKU-001\",\"qty\":1,\"unitPrice\":{\"amountMinor\":5900,\"currency\":\"SGD\"}}]," +
        "\"payment\":{\"provider\":\"offline\",\"amount\":{\"amountMinor\":5900,\"currency\":\"SGD\"}}}";
    private static final java.util.Set<String> WEB_KEY_CHANNELS = java.util.Set.of("web", "app", "shopee", "lazada");
    public static final List<ApiKey> KEYS = List.of(
        new ApiKey("demo-admin", "demo-admin", Role.ADMIN, null, null, null),
        new ApiKey("demo-web", "demo-web", Role.STOREFRONT, WEB_KEY_CHANNELS, null, null),
        new ApiKey("demo-store", "demo-store", Role.STORE, java.util.Set.of("pos"),
            java.util.Set.of("st-sg-orchard"), null),
        new ApiKey("demo-auditor", "demo-auditor", Role.AUDITOR, null, null, null));

    /** A channel; {@code everySkuShareBps} > 0 caps it to that share of every SKU's ATP (a pool of {@code "*"}). */
    private record Channel(String id, Codes.ChannelKind kind, String name, int everySkuShareBps)
    {
    }

    private static final List<Channel> CHANNELS = List.of(
        new Channel("web", Codes.ChannelKind.WEB, "Web shop", 0),
        new Channel("app", Codes.ChannelKind.APP, "Mobile app", 0),
        new Channel("pos", Codes.ChannelKind.STORE, "Store tills", 0),
        new Channel("shopee", Codes.ChannelKind.MARKETPLACE, "Shopee", 8000),
        new Channel("lazada", Codes.ChannelKind.MARKETPLACE, "Lazada", 0));

    /**
     * Handling cost in SGD cents per shipment; daily order capacity, counted from local midnight (the place's UTC
     * offset in minutes); safety stock kept back per SKU.
     */
    private record Place(String id, Codes.LocationType type, String name, double lat, double lon, String country,
        int capabilities, long handlingCostMinor, int dailyOrderCapacity, int utcOffsetMinutes, long safetyStock)
    {
    }

    private static final List<Place> PLACES = List.of(
        new Place("wh-sg-tuas", Codes.LocationType.WAREHOUSE, "Singapore Tuas DC", 1.3294, 103.6367, "SG",
            Codes.CAP_SHIP, 250, 5000, 480, 0),
        new Place("wh-my-shah-alam", Codes.LocationType.WAREHOUSE, "Shah Alam Warehouse", 3.0733, 101.5185, "MY",
            Codes.CAP_SHIP, 180, 3000, 480, 0),
        new Place("wh-id-cikarang", Codes.LocationType.WAREHOUSE, "Jakarta Cikarang Warehouse", -6.2615, 107.1525,
            "ID", Codes.CAP_SHIP, 150, 2500, 420, 0),
        new Place("dc-th-bangna", Codes.LocationType.DC, "Bangkok Bang Na DC", 13.6680, 100.6343, "TH",
            Codes.CAP_SHIP, 200, 4000, 420, 5),
        new Place("st-sg-orchard", Codes.LocationType.STORE, "Orchard Road Store", 1.3048, 103.8318, "SG",
            Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE, 450, 150, 480, 2),
        new Place("st-sg-tampines", Codes.LocationType.STORE, "Tampines Store", 1.3526, 103.9447, "SG",
            Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE, 420, 120, 480, 2),
        new Place("st-my-klcc", Codes.LocationType.STORE, "KLCC Store", 3.1579, 101.7123, "MY",
            Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE, 400, 150, 480, 2));

    private static final String[] PRODUCTS = {
        "Wireless Earbuds", "Phone Case", "USB-C Charger 65W", "Smart Watch", "Bluetooth Speaker",
        "Laptop Sleeve 14in", "Power Bank 20000mAh", "Fitness Band", "Mechanical Keyboard", "Gaming Mouse",
        "Noise-Cancelling Headphones", "Tablet Stand", "HDMI Cable 2m", "Webcam 1080p", "Portable SSD 1TB",
        "Running Shoes", "Water Bottle", "Yoga Mat", "Backpack 25L", "Sunglasses"};

    private DemoNetwork()
    {
    }

    /** @return true if it loaded the network, false if the data dir already had it. */
    public static boolean loadIfAbsent(final OrdoCore ordoCore)
    {
        final CoreClient core = new CoreClient(ordoCore);
        if (alreadyLoaded(core))
        {
            return false;
        }
        // The locations first: one the network refuses (handling costs in another currency than the demo's SGD)
        // then stops the load before anything else of it is in the journal.
        for (final Place p : PLACES)
        {
            final ResultCode code = call(core, CommandType.DEFINE_LOCATION, p, (place, w) -> CommandCodec.defineLocation(
                w, 0, 0, place.id, place.type, place.name, (int)Math.round(place.lat * 1e6),
                (int)Math.round(place.lon * 1e6), place.country, place.capabilities, place.dailyOrderCapacity,
                place.handlingCostMinor, "SGD", true, List.of(), 0, place.utcOffsetMinutes)).code();
            if (code == ResultCode.COST_CURRENCY_MISMATCH)
            {
                throw new IllegalStateException("the demo network's handling costs are in SGD, and this data " +
                    "directory's locations cost in another currency: run --demo on a fresh data directory");
            }
            if (code != ResultCode.OK)
            {
                throw new IllegalStateException("demo network command DEFINE_LOCATION failed: " + code);
            }
        }
        for (final Channel c : CHANNELS)
        {
            command(core, CommandType.DEFINE_CHANNEL, c, (channel, w) ->
            {
                CommandCodec.defineChannel(w, 0, 0, channel.id, channel.kind, channel.name,
                    channel.everySkuShareBps > 0 ? 1 : 0);
                if (channel.everySkuShareBps > 0)
                {
                    CommandCodec.channelPool(w, "", channel.everySkuShareBps);
                }
                CommandCodec.channelSources(w, java.util.List.of());
            });
        }
        for (int i = 0; i < PRODUCTS.length; i++)
        {
            final String sku = String.format("SKU-%03d", i + 1);
            final String name = PRODUCTS[i];
            command(core, CommandType.DEFINE_SKU, sku, (id, w) -> CommandCodec.defineSku(w, 0, 0, id, name, 250, 0,
                Long.MIN_VALUE, Long.MAX_VALUE, false));
            for (int p = 0; p < PLACES.size(); p++)
            {
                final long onHand = ((i * 7L + p * 13L) % 9) * 10 + (PLACES.get(p).type == Codes.LocationType.STORE ?
                    5 : 40);
                final String location = PLACES.get(p).id;
                final long safetyStock = PLACES.get(p).safetyStock;
                command(core, CommandType.SET_INVENTORY, sku, (id, w) -> CommandCodec.setInventory(w, 0, 0, id,
                    location, onHand, safetyStock));
            }
        }
        command(core, CommandType.DEFINE_SKU, FLASH_SKU, (id, w) -> CommandCodec.defineSku(w, 0, 0, id,
            "Game Console (flash sale)", 4500, 2, Long.MIN_VALUE, Long.MAX_VALUE, false));
        command(core, CommandType.SET_INVENTORY, FLASH_SKU, (id, w) -> CommandCodec.setInventory(w, 0, 0, id,
            FLASH_LOCATION, 100, 0));
        return true;
    }

    /**
     * The load's last command stocks the flash-sale SKU at the Singapore DC; only when that cell exists is the
     * network complete (a crash half-way through the load loads it again: every demo command is absolute).
     */
    private static boolean alreadyLoaded(final CoreClient core)
    {
        final CoreClient.Answer answer = call(core, CommandType.QUERY_INVENTORY, FLASH_SKU,
            (sku, w) -> CommandCodec.queryInventory(w, sku));
        if (answer.code() != ResultCode.OK)
        {
            return false;
        }
        final PayloadReader r = answer.reader();
        r.readAsciiString();
        for (int f = 0; f < 6; f++)
        {
            // Network onHand, reserved, allocated, ATP, backordered, network holds.
            r.readLong();
        }
        final int cells = r.readShort();
        for (int i = 0; i < cells; i++)
        {
            if (FLASH_LOCATION.equals(r.readAsciiString()))
            {
                return true;
            }
            r.readByte();
            for (int f = 0; f < 6; f++)
            {
                // onHand, reserved, allocated, safety stock, ATP, backordered.
                r.readLong();
            }
        }
        return false;
    }

    private static <T> void command(final CoreClient core, final CommandType type, final T request,
        final PayloadEncoder<T> encoder)
    {
        final ResultCode code = call(core, type, request, encoder).code();
        if (code != ResultCode.OK)
        {
            throw new IllegalStateException("demo network command " + type + " failed: " + code);
        }
    }

    /** Waits up to 30 s for room in the ring and as long again for the answer. */
    private static <T> CoreClient.Answer call(final CoreClient core, final CommandType type, final T request,
        final PayloadEncoder<T> encoder)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try
        {
            final CoreClient.Answer answer = core.call(type, request, encoder, TimeUnit.SECONDS.toMillis(30),
                () -> System.nanoTime() < deadline);
            if (answer == null || answer.journalFailed())
            {
                throw new IllegalStateException("demo network command " + type + " was not applied");
            }
            return answer;
        }
        catch (final TimeoutException e)
        {
            throw new IllegalStateException("timed out loading the demo network (" + type + ")", e);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while loading the demo network", e);
        }
    }
}
