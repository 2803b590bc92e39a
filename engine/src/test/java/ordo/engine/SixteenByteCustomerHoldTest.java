package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

import ordo.engine.Codes.ReservationStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/** A customer id of exactly sixteen bytes fills both of a hold's id words and leaves it no array: conversion and restore. */
class SixteenByteCustomerHoldTest
{
    private static final String SIXTEEN = "c-12345678901234";

    @Test
    void aHoldOfACustomerWithASixteenByteIdConvertsIntoTheirOrder()
    {
        assertThat(SIXTEEN).hasSize(16);
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 5);
        final long hold = driver.reserve("web", SIXTEEN, null, 10 * MINUTE, "A:2").reservationId();

        final Result placed = driver.ordering().customer(SIXTEEN).reservation(hold).line("A", 2).submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reservation(hold).status()).isEqualTo(ReservationStatus.CONVERTED);
    }

    @Test
    void aRestoredEngineConvertsASixteenByteCustomersHoldAsTheLiveOneDoes()
    {
        // Live, the hold object may have held a longer id before (its array is then there); restored, it is fresh.
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 5);
        final long hold = driver.reserve("web", SIXTEEN, null, 10 * MINUTE, "A:2").reservationId();
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());

        final Result placed = restored.ordering().customer(SIXTEEN).reservation(hold).line("A", 2).submit();

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void aSixteenByteByteSliceEqualsItsWordsWithoutAnArray()
    {
        final byte[] id = SIXTEEN.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        final ByteSlice slice = new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(id), 0, id.length);
        assertThat(slice.contentEquals(16, ByteSlice.word(id, 0, 16), ByteSlice.word(id, 8, 16), null)).isTrue();
    }

    @Test
    void anIdThatEndsItsBufferReadsAsTheSameWordsAsOneWithBytesAfterIt()
    {
        for (int length = 1; length <= 20; length++)
        {
            final byte[] id = "Az09._:-abcdefghijklmnop".substring(0, length)
                .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            for (final int room : new int[] {0, 1, 7, 8})
            {
                final byte[] bytes = new byte[5 + length + room];
                java.util.Arrays.fill(bytes, (byte)0xFF);
                System.arraycopy(id, 0, bytes, 5, length);
                final ByteSlice slice =
                    new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(bytes, 0, 5 + length), 5, length);
                assertThat(slice.word0()).as("%d/%d", length, room).isEqualTo(ByteSlice.word(id, 0, length));
                assertThat(slice.word1()).as("%d/%d", length, room).isEqualTo(ByteSlice.word(id, 8, length));
                assertThat(slice.isValidId()).isTrue();
                assertThat(slice.contentEquals(length, ByteSlice.word(id, 0, length), ByteSlice.word(id, 8, length),
                    id)).isTrue();
            }
        }
    }
}
