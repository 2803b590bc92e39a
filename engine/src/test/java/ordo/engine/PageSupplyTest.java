package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

import org.agrona.BufferUtil;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;

/** Where an engine's pages of off-heap records come from once its preallocated ones are used up. */
class PageSupplyTest
{
    /** Hands out up to {@code limit} fresh pages, then none; remembers what it handed out. */
    private static final class CountingSupply implements PageSupply
    {
        private final int limit;
        final List<ByteBuffer> given = new ArrayList<>();
        int polls;

        CountingSupply(final int limit)
        {
            this.limit = limit;
        }

        @Override
        public ByteBuffer poll()
        {
            polls++;
            if (given.size() == limit)
            {
                return null;
            }
            final ByteBuffer page = PageSupply.newPage();
            given.add(page);
            return page;
        }

        boolean gave(final long address)
        {
            for (final ByteBuffer page : given)
            {
                final long start = BufferUtil.address(page);
                if (address >= start && address < start + PAGE_BYTES)
                {
                    return true;
                }
            }
            return false;
        }
    }

    /** PreallocationTest's orders, on an engine with the given supply (null: none set) and preallocation. */
    private static EngineDriver placeOrders(final PageSupply supply, final int preallocateOrders)
    {
        return PreallocationTest.placeOrders(preallocateOrders, supply);
    }

    @Test
    void suppliedPagesHoldTheRecordsAndChangeNothingVisible()
    {
        final EngineDriver plain = placeOrders(null, 0);
        final CountingSupply supply = new CountingSupply(Integer.MAX_VALUE);
        final EngineDriver supplied = placeOrders(supply, 0);

        assertThat(supplied.events()).isEqualTo(plain.events());
        assertThat(supplied.stateHash()).isEqualTo(plain.stateHash());
        assertThat(supplied.snapshot()).isEqualTo(plain.snapshot());
        // The decisions' first page and the timelines' first page, each a whole supplied page (400 orders fit).
        assertThat(supply.given).hasSize(2);
        assertThat(supplied.engine().offHeapBytes()).isEqualTo(2L * PageSupply.PAGE_BYTES);
        assertThat(plain.engine().offHeapBytes()).isLessThan(2L * PageSupply.PAGE_BYTES);
    }

    @Test
    void preallocatedPagesGoFirstAndASupplyWithNothingReadyLeavesTheArenaToMakeItsOwn()
    {
        final CountingSupply preallocatedFirst = new CountingSupply(Integer.MAX_VALUE);
        final EngineDriver preallocated = placeOrders(preallocatedFirst, 1_500);
        assertThat(preallocatedFirst.polls).as("the preallocated pages hold 400 orders").isZero();

        final CountingSupply empty = new CountingSupply(0);
        final EngineDriver unsupplied = placeOrders(empty, 0);
        assertThat(empty.polls).isPositive();
        assertThat(unsupplied.stateHash()).isEqualTo(preallocated.stateHash());
        assertThat(unsupplied.engine().offHeapBytes()).isEqualTo(placeOrders(null, 0).engine().offHeapBytes());
    }

    @Test
    void smallRecordsFillASuppliedPageAndARecordLargerThanHalfAPageNeverTakesOne()
    {
        final RecordArena arena = new RecordArena();
        final CountingSupply supply = new CountingSupply(Integer.MAX_VALUE);
        arena.pageSupply(supply);

        final long first = arena.allocate(100);
        final long second = arena.allocate(100);
        assertThat(supply.gave(first)).isTrue();
        assertThat(second).isEqualTo(first + 104);
        final long big = arena.allocate(PageSupply.PAGE_BYTES / 2 + 1);
        assertThat(supply.gave(big)).isFalse();
        assertThat(supply.given).hasSize(1);
        // The supplied page fills before another is taken.
        long last = second;
        while (supply.given.size() == 1)
        {
            last = arena.allocate(4_096);
        }
        assertThat(supply.gave(last)).isTrue();
        assertThat(arena.pageBytes()).isEqualTo(2L * PageSupply.PAGE_BYTES + (PageSupply.PAGE_BYTES / 2 + 64));
    }

    /** A direct page of the right size whose address is 8 past a multiple of the alignment. */
    private static ByteBuffer misalignedPage()
    {
        final ByteBuffer block = ByteBuffer.allocateDirect(PageSupply.PAGE_BYTES + 2 * PageSupply.ALIGNMENT);
        final long address = BufferUtil.address(block);
        final int toAligned = (int)(-address & (PageSupply.ALIGNMENT - 1));
        final int offset = toAligned + 8;
        return block.position(offset).slice().limit(PageSupply.PAGE_BYTES).slice();
    }

    @Test
    void aSuppliedPageThatIsNotWhatTheContractSaysIsRefused()
    {
        final RecordArena heapPage = new RecordArena();
        heapPage.pageSupply(() -> ByteBuffer.allocate(PageSupply.PAGE_BYTES));
        assertThatThrownBy(() -> heapPage.allocate(8)).isInstanceOf(IllegalStateException.class)
            .hasMessageContaining("direct buffer of 1048576 bytes");

        final RecordArena small = new RecordArena();
        small.pageSupply(() -> BufferUtil.allocateDirectAligned(64 * 1024, PageSupply.ALIGNMENT));
        assertThatThrownBy(() -> small.allocate(8)).isInstanceOf(IllegalStateException.class);

        final RecordArena misaligned = new RecordArena();
        misaligned.pageSupply(PageSupplyTest::misalignedPage);
        assertThatThrownBy(() -> misaligned.allocate(8)).isInstanceOf(IllegalStateException.class);
    }
}
