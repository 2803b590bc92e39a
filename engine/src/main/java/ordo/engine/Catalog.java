package ordo.engine;

import java.util.ArrayList;
import java.util.List;

import org.agrona.collections.Long2ObjectHashMap;

/**
 * The registries of locations, SKUs and channel ids: string ids at the edge, dense indexes and 64-bit hashes
 * inside. Lookups hash the id bytes in place and compare them with the stored id, so they allocate nothing.
 * Indexes are handed out in definition order and never reused, so replay assigns the same index to the same id.
 * Owned by the engine thread.
 */
final class Catalog
{
    private final Long2ObjectHashMap<Location> locationsByHash = new Long2ObjectHashMap<>();
    private final List<Location> locations = new ArrayList<>();
    private final Long2ObjectHashMap<Sku> skusByHash = new Long2ObjectHashMap<>();
    private final List<Sku> skus = new ArrayList<>();
    /**
     * SKUs by {@link ByteSlice#tableHash} of their id, open addressing, at most a quarter full: a lookup reads one
     * slot and the SKU it names (which the command needs next anyway), instead of hashing the id with the state
     * hash's mixer and probing a map's key and value arrays.
     */
    private Sku[] skuTable = new Sku[64];
    private int skuTableShift = Long.numberOfLeadingZeros(64 - 1);
    private final Long2ObjectHashMap<byte[]> channelsByHash = new Long2ObjectHashMap<>();
    private final Long2ObjectHashMap<Channel> definedChannelsByHash = new Long2ObjectHashMap<>();
    private final List<Channel> definedChannels = new ArrayList<>();
    /**
     * The channel id interned last and its hash: most commands name the same few channels, and comparing a few
     * bytes costs less than hashing them and probing the map (twice: the collision check, then interning).
     */
    private byte[] lastChannel;
    private long lastChannelHash;
    /** {@link #lastChannel}'s first sixteen bytes ({@link ByteSlice#word}): short ids compare as one or two words. */
    private long lastChannelWord0;
    private long lastChannelWord1;
    /** What the gateway may read of SKUs and channels without a command ({@link SoldOutBoard}). */
    private final SoldOutBoard board = new SoldOutBoard();
    /** Which SKUs' stock figures changed, in which command: the stock change feed's log. */
    private final StockChanges changes = new StockChanges(this);
    /** Where kept channels' network holds stand ({@link KeptHolds}): derived, rebuilt as channels are defined. */
    private final KeptHolds keptHolds = new KeptHolds(this);
    /** SKUs whose board mark may have changed in the command being applied ({@link Sku#markForBoard}). */
    private Sku[] boardDirty = new Sku[16];
    private int boardDirtyCount;
    /** The locations in id order: each one's {@link Location#idRank} is its place here (derived). */
    private Location[] byId = new Location[16];
    /**
     * The currencies of the locations' handling costs and how many locations cost in each ({@link #costCurrency};
     * derived, made again as a restore sets each location's). One, but where a version-7 state left several.
     */
    private String[] costCurrencies = new String[2];
    private int[] costCurrencyLocations = new int[2];
    private int costCurrencyCount;

    Location location(final ByteSlice id)
    {
        final Location location = locationsByHash.get(id.hash());
        return location != null && id.contentEquals(location.id) ? location : null;
    }

    Sku sku(final ByteSlice id)
    {
        final long key = id.tableHash();
        final Sku[] table = skuTable;
        final int mask = table.length - 1;
        for (int i = (int)(key >>> skuTableShift); ; i = (i + 1) & mask)
        {
            final Sku sku = table[i];
            if (sku == null)
            {
                return null;
            }
            if (sku.tableHash == key && id.contentEquals(sku.idLength, sku.idWord0, sku.idWord1, sku.id))
            {
                return sku;
            }
        }
    }

    private void index(final Sku sku)
    {
        if (4 * (skus.size() + 1) > skuTable.length)
        {
            final Sku[] old = skuTable;
            skuTable = new Sku[old.length * 2];
            skuTableShift--;
            for (final Sku s : old)
            {
                if (s != null)
                {
                    insert(s);
                }
            }
        }
        insert(sku);
    }

    private void insert(final Sku sku)
    {
        final int mask = skuTable.length - 1;
        int i = (int)(sku.tableHash >>> skuTableShift);
        while (skuTable[i] != null)
        {
            i = (i + 1) & mask;
        }
        skuTable[i] = sku;
    }

    /** @return true when an id with this hash exists but is a different id (a 64-bit collision). */
    boolean locationHashTaken(final ByteSlice id)
    {
        final Location location = locationsByHash.get(id.hash());
        return location != null && !id.contentEquals(location.id);
    }

    boolean skuHashTaken(final ByteSlice id)
    {
        final Sku sku = skusByHash.get(id.hash());
        return sku != null && !id.contentEquals(sku.id);
    }

    Location newLocation(final ByteSlice id)
    {
        final Location location = newLocationUnranked(id);
        // Its place in id order, by binary search; every location with a greater id moves up one. Ids defined in
        // increasing order (store-0001, store-0002, ...) move none. At definition only.
        final int count = locations.size() - 1;
        int low = 0;
        int high = count;
        while (low < high)
        {
            final int mid = (low + high) >>> 1;
            if (java.util.Arrays.compare(byId[mid].id, location.id) < 0)
            {
                low = mid + 1;
            }
            else
            {
                high = mid;
            }
        }
        if (byId.length == count)
        {
            byId = java.util.Arrays.copyOf(byId, Math.max(16, count * 2));
        }
        for (int i = count; i > low; i--)
        {
            byId[i] = byId[i - 1];
            byId[i].idRank = i;
        }
        byId[low] = location;
        location.idRank = low;
        return location;
    }

    /**
     * A location without its {@link Location#idRank}: a restore makes every location so, then ranks them all at once
     * ({@link #rankLocations}). Ranked one by one, a restore of n locations compared ids n²/2 times (~20 s for 65 536).
     */
    Location newLocationUnranked(final ByteSlice id)
    {
        final Location location = new Location(locations.size(), id.toBytes(), id.hash());
        locations.add(location);
        locationsByHash.put(location.idHash, location);
        return location;
    }

    /** Gives every location its rank by id bytes, as {@link #newLocation} keeps them: one sort. */
    void rankLocations()
    {
        byId = locations.toArray(new Location[Math.max(16, locations.size())]);
        java.util.Arrays.sort(byId, 0, locations.size(), (a, b) -> java.util.Arrays.compare(a.id, b.id));
        for (int rank = 0; rank < locations.size(); rank++)
        {
            byId[rank].idRank = rank;
        }
    }

    /** Why a location's rank is not its place in id order, or null (invariant: sourcing breaks ties by it). */
    String rankMismatch()
    {
        final Location[] sorted = locations.toArray(new Location[0]);
        java.util.Arrays.sort(sorted, (a, b) -> java.util.Arrays.compare(a.id, b.id));
        for (int rank = 0; rank < sorted.length; rank++)
        {
            if (sorted[rank].idRank != rank || byId[rank] != sorted[rank])
            {
                return "location " + new String(sorted[rank].id) + " ranked " + sorted[rank].idRank + " (kept at " +
                    new String(byId[rank].id) + "'s place) but " + rank + " in id order";
            }
        }
        return null;
    }

    /**
     * Sets a location's handling-cost currency ("" for none), counting the locations per currency: whether another
     * location costs in another currency ({@link #locationCostingOtherwise}) is then known without reading them.
     */
    void costCurrency(final Location location, final String currency)
    {
        if (location.currency != null && !location.currency.isEmpty())
        {
            countCostCurrency(location.currency, -1);
        }
        location.currency = currency;
        if (!currency.isEmpty())
        {
            countCostCurrency(currency, 1);
        }
    }

    private void countCostCurrency(final String currency, final int change)
    {
        for (int i = 0; i < costCurrencyCount; i++)
        {
            if (costCurrencies[i].equals(currency))
            {
                costCurrencyLocations[i] += change;
                return;
            }
        }
        if (costCurrencyCount == costCurrencies.length)
        {
            costCurrencies = java.util.Arrays.copyOf(costCurrencies, costCurrencyCount * 2);
            costCurrencyLocations = java.util.Arrays.copyOf(costCurrencyLocations, costCurrencyCount * 2);
        }
        costCurrencies[costCurrencyCount] = currency;
        costCurrencyLocations[costCurrencyCount] = change;
        costCurrencyCount++;
    }

    /** Why the kept count of locations per cost currency disagrees with the locations, or null (invariant). */
    String costCurrencyMismatch()
    {
        for (int i = 0; i < costCurrencyCount; i++)
        {
            int found = 0;
            for (final Location l : locations)
            {
                found += costCurrencies[i].equals(l.currency) ? 1 : 0;
            }
            if (found != costCurrencyLocations[i])
            {
                return "locations costing in " + costCurrencies[i] + " counted as " + costCurrencyLocations[i] +
                    " but " + found + " do";
            }
        }
        for (final Location l : locations)
        {
            boolean counted = l.currency == null || l.currency.isEmpty();
            for (int i = 0; i < costCurrencyCount && !counted; i++)
            {
                counted = costCurrencies[i].equals(l.currency);
            }
            if (!counted)
            {
                return "location " + new String(l.id) + " costs in " + l.currency + ", a currency not counted";
            }
        }
        return null;
    }

    Sku newSku(final ByteSlice id)
    {
        final Sku sku = new Sku(skus.size(), id.toBytes(), id.hash());
        sku.tableHash = id.tableHash();
        sku.idLength = id.length();
        sku.idWord0 = id.word(0);
        sku.idWord1 = id.word(8);
        index(sku);
        skus.add(sku);
        skusByHash.put(sku.idHash, sku);
        sku.boardEntry = board.addSku(sku.id);
        sku.catalog = this;
        changes.added(sku.index);
        sku.changes = changes;
        sku.markDefinitionForBoard();
        // A new SKU is news to the feed (figures of 0 it had none of).
        sku.changed();
        return sku;
    }

    SoldOutBoard board()
    {
        return board;
    }

    KeptHolds keptHolds()
    {
        return keptHolds;
    }

    StockChanges changes()
    {
        return changes;
    }

    /** {@code sku}'s board mark may have changed in this command (once per SKU and command). */
    void boardChanged(final Sku sku)
    {
        if (boardDirtyCount == boardDirty.length)
        {
            boardDirty = java.util.Arrays.copyOf(boardDirty, boardDirtyCount * 2);
        }
        boardDirty[boardDirtyCount++] = sku;
    }

    /**
     * The end of the command {@code seq} or of a restore at {@code seq}: publishes the SKUs it may have changed
     * ({@link Sku#publishSoldOut}).
     */
    void publishSoldOut(final long seq)
    {
        final int count = boardDirtyCount;
        if (count == 0)
        {
            return;
        }
        final Sku[] dirty = boardDirty;
        for (int i = 0; i < count; i++)
        {
            dirty[i].publishSoldOut(seq);
            dirty[i] = null;
        }
        boardDirtyCount = 0;
    }

    /** A restore set SKUs' fields directly: every SKU is published afresh. */
    void markEverySkuForBoard()
    {
        for (final Sku sku : skus)
        {
            sku.markDefinitionForBoard();
        }
    }

    /** Channels are interned on first use so replies can name them; a channel allocates once in its life. */
    long internChannel(final ByteSlice id)
    {
        if (lastChannel != null && id.contentEquals(lastChannel))
        {
            return lastChannelHash;
        }
        final long hash = id.hash();
        byte[] interned = channelsByHash.get(hash);
        if (interned == null)
        {
            interned = id.toBytes();
            channelsByHash.put(hash, interned);
            board.addChannel(interned);
        }
        if (id.contentEquals(interned))
        {
            lastChannel = interned;
            lastChannelHash = hash;
            lastChannelWord0 = ByteSlice.word(interned, 0, interned.length);
            lastChannelWord1 = ByteSlice.word(interned, 8, interned.length);
        }
        return hash;
    }

    /**
     * The channel id interned last (the usual case), or false: then {@link #lastChannelHash} is its hash. Every
     * caller of {@link #internChannel} validated the id first, so a match is a valid id as well.
     */
    boolean isLastChannel(final ByteSlice id)
    {
        return lastChannel != null &&
            id.contentEquals(lastChannel.length, lastChannelWord0, lastChannelWord1, lastChannel);
    }

    long lastChannelHash()
    {
        return lastChannelHash;
    }

    /** @return true when a different channel id already has this id's hash (a 64-bit collision). */
    boolean channelHashTaken(final ByteSlice id)
    {
        if (lastChannel != null && id.contentEquals(lastChannel))
        {
            return false;
        }
        final byte[] existing = channelsByHash.get(id.hash());
        return existing != null && !id.contentEquals(existing);
    }

    byte[] channel(final long hash)
    {
        if (lastChannel != null && hash == lastChannelHash)
        {
            return lastChannel;
        }
        return channelsByHash.get(hash);
    }

    void putChannel(final byte[] id)
    {
        lastChannel = null;
        channelsByHash.put(Hashing.hash(id), id);
        board.addChannel(id);
    }

    /** The definition of a channel by its id hash (ids are interned, so the hash names one id), or null. */
    Channel definedChannel(final long hash)
    {
        return definedChannelsByHash.get(hash);
    }

    /** Defines (or finds) a channel; the id must already be interned ({@link #internChannel}). */
    Channel defineChannel(final long hash)
    {
        Channel channel = definedChannelsByHash.get(hash);
        if (channel == null)
        {
            channel = new Channel(definedChannels.size(), channelsByHash.get(hash), hash);
            definedChannels.add(channel);
            definedChannelsByHash.put(hash, channel);
        }
        return channel;
    }

    int definedChannelCount()
    {
        return definedChannels.size();
    }

    /**
     * Whether holds and allocations are counted per channel ({@link ChannelCounts}): once any channel is defined. Only a
     * defined channel has pools, and a flash sale on undefined channels keeps its hold path free of the counts (7-10 %
     * of an engine-only reserve, docs/BENCHMARKS.md); the first definition counts what is live.
     */
    boolean countsByChannel()
    {
        return definedChannelCount() > 0;
    }

    Channel definedChannel(final int index)
    {
        return definedChannels.get(index);
    }

    /**
     * For a location {@code id} whose handling cost is to be in {@code currency}: the first other location (by index)
     * whose handling cost is in another currency, or null. A network's handling costs share one currency (rules
     * version 8): sourcing adds them to the per-km rates, which are in minor units of it, and compares the sums (a
     * GBP 2.50 node beat a EUR 2.60 one; found in QA). A location naming no currency is left out, and so is a
     * defined location that keeps its own currency: a network a version-7 state left in several currencies can still
     * be edited (a location switched off, its capacity changed) while it is brought to one.
     */
    Location locationCostingOtherwise(final ByteSlice id, final ByteSlice currency)
    {
        final String wanted = currency.toString();
        final Location self = location(id);
        if (self != null && wanted.equals(self.currency))
        {
            return null;
        }
        // Counted per currency: the usual network, in one currency, reads no location here.
        boolean another = false;
        for (int i = 0; i < costCurrencyCount && !another; i++)
        {
            final int others = costCurrencyLocations[i] - (self != null && costCurrencies[i].equals(self.currency) ? 1 : 0);
            another = others > 0 && !costCurrencies[i].equals(wanted);
        }
        if (!another)
        {
            return null;
        }
        for (int i = 0; i < locations.size(); i++)
        {
            final Location other = locations.get(i);
            if (other != self && !other.currency.isEmpty() && !wanted.equals(other.currency))
            {
                return other;
            }
        }
        return null;
    }

    /**
     * The currencies of the locations' handling costs, with a location costing in each, when there is more than one
     * (a state of rules version 7 or earlier): "EUR (wh-eur), SGD (wh-sg)"; null when there are not.
     */
    String costCurrenciesIfMixed()
    {
        final java.util.TreeMap<String, String> seen = new java.util.TreeMap<>();
        for (int i = 0; i < locations.size(); i++)
        {
            final Location l = locations.get(i);
            if (!l.currency.isEmpty())
            {
                seen.putIfAbsent(l.currency, new String(l.id, java.nio.charset.StandardCharsets.US_ASCII));
            }
        }
        if (seen.size() < 2)
        {
            return null;
        }
        final StringBuilder text = new StringBuilder();
        seen.forEach((currency, location) -> text.append(text.length() == 0 ? "" : ", ").append(currency)
            .append(" (").append(location).append(')'));
        return text.toString();
    }

    int locationCount()
    {
        return locations.size();
    }

    Location location(final int index)
    {
        return locations.get(index);
    }

    int skuCount()
    {
        return skus.size();
    }

    Sku sku(final int index)
    {
        return skus.get(index);
    }

    Long2ObjectHashMap<byte[]> channels()
    {
        return channelsByHash;
    }
}
