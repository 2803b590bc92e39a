package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

/** SKU lookup by id bytes: every defined id finds its SKU however the table grew, and nothing else finds one. */
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

    private static ByteSlice slice(final String text)
    {
        final byte[] bytes = ("##" + text).getBytes(StandardCharsets.US_ASCII);
        // At an offset inside a larger buffer, as ids are inside a command.
        return new ByteSlice().wrap(new UnsafeBuffer(bytes), 2, text.length());
    }
}
