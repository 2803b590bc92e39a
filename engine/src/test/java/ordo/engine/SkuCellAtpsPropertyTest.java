package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * A SKU keeps each cell's ATP in one array, in the cells' (location) order, for the planner's loop. Whatever order
 * the cells are created in and whatever changes them, the array must hold each cell's ATP at the cell's position —
 * including cells moved along by a later cell at a lower location index.
 */
class SkuCellAtpsPropertyTest
{
    @Property(tries = 300)
    void theKeptAtpsFollowEveryCellThroughInsertsAndChanges(
        @ForAll @Size(max = 120) final List<@IntRange(min = 0, max = 39) Integer> nodes,
        @ForAll @Size(max = 120) final List<@IntRange(min = 0, max = 4) Integer> changes,
        @ForAll @Size(max = 120) final List<@IntRange(min = -50, max = 50) Integer> amounts)
    {
        final Location[] locations = new Location[40];
        for (int i = 0; i < locations.length; i++)
        {
            locations[i] = new Location(i, ("node-" + i).getBytes(), i * 31L);
            locations[i].active = i % 7 != 3;
        }
        final Sku sku = new Sku(0, "SKU-1".getBytes(), 1);
        for (int k = 0; k < nodes.size(); k++)
        {
            final StockCell cell = sku.cellFor(locations[nodes.get(k)]);
            final long amount = k < amounts.size() ? amounts.get(k) : 1;
            switch (k < changes.size() ? changes.get(k) : 0)
            {
                case 0 -> cell.stock(100 + amount, Math.abs(amount) / 5);
                case 1 -> cell.addReserved(Math.abs(amount));
                case 2 -> cell.addAllocated(Math.abs(amount));
                case 3 -> cell.onHand(amount);
                default -> cell.restore(200 + amount, Math.abs(amount), Math.abs(amount) / 2, 3);
            }
            assertThat(sku.cellAtpMismatch()).isNull();
        }
        assertThat(sku.networkSupply()).isEqualTo(sku.networkSupplyFromCells());
        for (int p = 0; p < sku.cellCount(); p++)
        {
            final StockCell cell = sku.cell(p);
            assertThat(cell.position).isEqualTo(p);
            assertThat(sku.cellAtps()[p]).isEqualTo(cell.atp());
            assertThat(Sourcing.cellOf(sku, cell.location)).isSameAs(cell);
        }
    }

    @Test
    void aCellCreatedBeforeOthersMovesAlongWithItsAtp()
    {
        final Location low = new Location(1, "low".getBytes(), 1);
        final Location high = new Location(5, "high".getBytes(), 5);
        final Sku sku = new Sku(0, "SKU-1".getBytes(), 1);
        sku.cellFor(high).stock(9, 1);
        sku.cellFor(low).stock(4, 0);

        assertThat(sku.cell(0).location).isSameAs(low);
        assertThat(sku.cellAtps()[0]).isEqualTo(4);
        assertThat(sku.cellAtps()[1]).isEqualTo(8);
        assertThat(sku.cellAtpMismatch()).isNull();

        sku.cell(1).addAllocated(3);
        assertThat(sku.cellAtps()[1]).isEqualTo(5);

        // A field written past the methods is what the invariant check is for.
        sku.cell(0).onHand = 2;
        assertThat(sku.cellAtpMismatch()).contains("kept ATP 4 at low but the cell's is 2");
    }
}
