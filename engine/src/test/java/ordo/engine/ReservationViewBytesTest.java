package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/** The RESERVATION view is written in one pass; the gateway decodes it, so its bytes must be the documented layout. */
class ReservationViewBytesTest
{
    @Test
    void theViewIsByteForByteWhatThePayloadWriterWrites()
    {
        final Catalog catalog = new Catalog();
        final Location node = catalog.newLocation(slice("wh-north"));
        final Sku first = catalog.newSku(slice("SKU-00001"));
        final Sku second = catalog.newSku(slice("a-much-longer-sku-id-of-thirty-two"));
        final Reservation r = new Reservation();
        r.id = 123_456_789_012L;
        r.channelHash = catalog.internChannel(slice("web"));
        final byte[] customer = "customer-42".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        System.arraycopy(customer, 0, r.customer, 0, customer.length);
        r.customerLength = customer.length;
        r.createdAt = 1_700_000_000_000L;
        r.expiresAt = 1_700_000_600_000L;
        r.lineCount = 2;
        r.skus[0] = first;
        r.qty[0] = 3;
        r.skus[1] = second;
        r.qty[1] = 1_000_000;

        for (final Location location : new Location[] {null, node})
        {
            r.location = location;
            final Reply reply = new Reply();
            // A reused reply: longer data from before must not leak into the view.
            reply.beginData().putText("x".repeat(300));
            reply.endData();
            ReplyCodec.reservation(reply, r, catalog, Codes.ReservationStatus.RELEASED, 1_700_000_100_000L);

            final ExpandableArrayBuffer expected = new ExpandableArrayBuffer();
            final PayloadWriter w = new PayloadWriter().wrap(expected, 0);
            w.putLong(r.id).putByte(Codes.ReservationStatus.RELEASED.code()).putAscii("web").putAscii("customer-42")
                .putAscii(location == null ? "" : "wh-north").putLong(r.createdAt).putLong(r.expiresAt)
                .putLong(1_700_000_100_000L).putShort(2).putAscii("SKU-00001").putInt(3)
                .putAscii("a-much-longer-sku-id-of-thirty-two").putInt(1_000_000);

            assertThat(reply.dataLength()).isEqualTo(w.length());
            final byte[] actualBytes = new byte[reply.dataLength()];
            reply.data().getBytes(0, actualBytes);
            final byte[] expectedBytes = new byte[w.length()];
            expected.getBytes(0, expectedBytes);
            assertThat(actualBytes).isEqualTo(expectedBytes);
        }
    }

    @Test
    void theViewAReserveAnswersIsTheViewOfTheHoldItMade()
    {
        // A RESERVE copies its view from the command's bytes; a query renders it from the stored hold.
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-north");
        driver.defineSku("SKU-00001");
        driver.defineSku("a-much-longer-sku-id-of-thirty-two");
        driver.setInventory("SKU-00001", "wh-north", 10, 0);
        driver.setInventory("a-much-longer-sku-id-of-thirty-two", "wh-north", 10, 0);
        for (final String location : new String[] {null, "wh-north"})
        {
            final Result held = driver.reserve("web", "customer-42", location, 600_000,
                "SKU-00001:3", "a-much-longer-sku-id-of-thirty-two:2");
            assertThat(held.code()).isEqualTo(ResultCode.OK);

            final Result stored = driver.queryReservation(held.reservationId());

            assertThat(held.data()).isEqualTo(stored.data());
        }
    }

    private static ByteSlice slice(final String text)
    {
        return new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(
            text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0, text.length());
    }
}
