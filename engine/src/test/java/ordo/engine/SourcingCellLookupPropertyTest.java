package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;

/**
 * The planner finds the stock cell behind a candidate's units by a binary search over the SKU's cells (they are
 * kept ordered by location index); it must find exactly the cell a full scan finds, whatever order the cells were
 * created in, and none where the SKU has no cell.
 */
class SourcingCellLookupPropertyTest
{
    @Property(tries = 300)
    void binarySearchFindsTheCellAScanFinds(
        @ForAll @Size(max = 80) final List<@IntRange(min = 0, max = 99) Integer> stockedAt)
    {
        final Location[] locations = new Location[100];
        for (int i = 0; i < locations.length; i++)
        {
            final byte[] id = ("node-" + i).getBytes();
            locations[i] = new Location(i, id, i * 31L);
        }
        final Sku sku = new Sku(0, "SKU-1".getBytes(), 1);
        for (final int at : stockedAt)
        {
            sku.cellFor(locations[at]).onHand = at + 1;
        }
        for (final Location l : locations)
        {
            assertThat(Sourcing.cellOf(sku, l)).isSameAs(sku.findCell(l));
        }
    }
}
