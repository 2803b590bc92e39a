package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/**
 * SKU lookup by id bytes: every defined id finds its SKU however the table grew, and nothing else finds one; locations
 * ranked by id.
 */
class CatalogTest
{
    @Test
    void everyDefinedSkuIsFoundByItsIdAndNoOtherIdFindsOne()
    {
        final Catalog catalog = new Catalog();
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < 3_000; i++)
        {
            // Short ids, ids sharing a long prefix, ids that differ only in the middle, ids of every length to 64.
            ids.add(switch (i % 4)
            {
                case 0 -> Integer.toString(i, 36);
                case 1 -> "a-long-shared-prefix-of-many-skus-" + i;
                case 2 -> "m" + i + "-middle-differs-and-the-tail-is-the-same";
                default -> "x".repeat(1 + i % 63) + (char)('a' + i % 26);
            });
        }
        final List<Sku> defined = new ArrayList<>();
        for (final String id : ids)
        {
            defined.add(catalog.newSku(slice(id)));
        }

        for (int i = 0; i < ids.size(); i++)
        {
            assertThat(catalog.sku(slice(ids.get(i)))).as(ids.get(i)).isSameAs(defined.get(i));
        }
        for (final String id : ids)
        {
            assertThat(catalog.sku(slice(id + "!"))).as(id + "!").isNull();
            assertThat(catalog.sku(slice("!" + id.substring(1)))).as("!" + id.substring(1)).isNull();
            for (final int at : new int[] {id.length() / 2, id.length() - 1, Math.min(9, id.length() - 1)})
            {
                final String changed = id.substring(0, at) + "!" + id.substring(at + 1);
                assertThat(catalog.sku(slice(changed))).as(changed).isNull();
            }
        }
        assertThat(catalog.sku(slice(""))).isNull();
    }

    /**
     * A location's rank is its place among all locations in id order (sourcing breaks ties by it), whether the
     * locations were defined one by one in any order, or made by a restore and ranked at once.
     */
    @Test
    void locationsAreRankedInIdOrderDefinedOneByOneOrAllAtOnce()
    {
        final java.util.SplittableRandom random = new java.util.SplittableRandom(11);
        final Catalog oneByOne = new Catalog();
        final Catalog atOnce = new Catalog();
        final List<String> ids = new ArrayList<>();
        for (int i = 0; i < 600; i++)
        {
            // Increasing (store-0000 ...), shuffled, and ids that are prefixes of others.
            final String id = i < 200 ? String.format("store-%04d", i) : i < 400 ?
                "wh-" + random.nextInt(1_000_000) + "-" + i : "store-" + (i % 7 == 0 ? "" : Integer.toString(i));
            if (!ids.contains(id))
            {
                ids.add(id);
                oneByOne.newLocation(slice(id));
                atOnce.newLocationUnranked(slice(id));
                assertThat(oneByOne.rankMismatch()).as("after %s", id).isNull();
            }
        }
        atOnce.rankLocations();
        assertThat(atOnce.rankMismatch()).isNull();
        final List<String> sorted = new ArrayList<>(ids);
        sorted.sort((a, b) -> java.util.Arrays.compare(a.getBytes(StandardCharsets.US_ASCII),
            b.getBytes(StandardCharsets.US_ASCII)));
        for (int rank = 0; rank < sorted.size(); rank++)
        {
            assertThat(oneByOne.location(slice(sorted.get(rank))).idRank).as(sorted.get(rank)).isEqualTo(rank);
            assertThat(atOnce.location(slice(sorted.get(rank))).idRank).as(sorted.get(rank)).isEqualTo(rank);
        }
    }

    private static ByteSlice slice(final String text)
    {
        final byte[] bytes = ("##" + text).getBytes(StandardCharsets.US_ASCII);
        // At an offset inside a larger buffer, as ids are inside a command.
        return new ByteSlice().wrap(new UnsafeBuffer(bytes), 2, text.length());
    }
}
