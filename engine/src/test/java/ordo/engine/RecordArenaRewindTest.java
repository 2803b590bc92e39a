package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.UnsafeApi;
import org.junit.jupiter.api.Test;

/**
 * A rewound arena ({@link RecordArena#rewind}, a scratch store's: {@link WaitingLines}) hands out its own pages again,
 * zeroed as a fresh page is, and takes no new memory for records of the same sizes.
 */
class RecordArenaRewindTest
{
    @Test
    void aRewoundArenaHandsOutItsZeroedPagesAgain()
    {
        final RecordArena arena = new RecordArena();
        final long[] first = fill(arena);
        final long held = arena.pageBytes();
        assertThat(held).as("a small page, a doubled one and a record's own")
            .isEqualTo(RecordArena.FIRST_PAGE_BYTES + 2L * RecordArena.FIRST_PAGE_BYTES + 600_000);

        for (int round = 0; round < 5; round++)
        {
            arena.rewind();
            assertThat(arena.usedBytes()).isZero();
            final long[] again = fill(arena);
            assertThat(arena.pageBytes()).as("round %d takes no new memory", round).isEqualTo(held);
            assertThat(again[0]).as("the first record where the first was").isEqualTo(first[0]);
        }
    }

    /**
     * Records of 40 000 bytes (a page of 64 KiB, then one of 128 KiB) and one of 600 000 (its own page), each checked
     * to be zero, then written all over; their addresses.
     */
    private static long[] fill(final RecordArena arena)
    {
        final int[] lengths = {40_000, 40_000, 40_000, 600_000};
        final long[] addresses = new long[lengths.length];
        for (int i = 0; i < lengths.length; i++)
        {
            final long address = arena.allocate(lengths[i]);
            for (int b = 0; b < lengths[i]; b += 997)
            {
                assertThat(UnsafeApi.getByte(address + b)).as("record %d byte %d", i, b).isZero();
            }
            UnsafeApi.setMemory(address, lengths[i], (byte)0x5A);
            addresses[i] = address;
        }
        return addresses;
    }
}
