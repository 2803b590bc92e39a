package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.Cmd;
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
        final Reservation r = new Reservation(catalog);
        r.id = 123_456_789_012L;
        r.channelHash = catalog.internChannel(slice("web"));
        final byte[] customer = "customer-42".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        r.customer(customer, customer.length);
        r.createdAt = 1_700_000_000_000L;
        r.expiresAt = 1_700_000_600_000L;
        r.lineCount = 2;
        r.ensureLines(2);
        r.line(0, first, 3);
        r.line(1, second, 1_000_000);

        for (final Location location : new Location[] {null, node})
        {
            r.location(location);
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

            ReplyBytes.assertDataIs(reply, expected, w.length());
        }
    }

    @Test
    void aOneLineHoldsViewLaidOutWhenReadIsTheViewWrittenAtOnce()
    {
        // A one-line hold's view is kept as fields and laid out when the reply is read: every customer and SKU id
        // length on both sides of the word boundaries, network and node holds, over a reused reply's longer data.
        final Catalog catalog = new Catalog();
        final Location node = catalog.newLocation(slice("wh-north"));
        final String[] customers = {"c", "c-12345", "c-123456", "c-1234567", "c-1234567890123", "c-12345678901234",
            "c-123456789012345"};
        final String[] skus = {"S", "SKU-001", "SKU-0001", "SKU-00001", "SKU-00000000015", "SKU-000000000016",
            "SKU-0000000000017", "a-much-longer-sku-id-of-thirty-two"};
        final long channel = catalog.internChannel(slice("marketplace.shopee"));
        for (final String skuId : skus)
        {
            final Sku sku = catalog.newSku(slice(skuId));
            for (final String customerId : customers)
            {
                for (final Location location : new Location[] {null, node})
                {
                    final Reservation r = new Reservation(catalog);
                    r.id = 987_654_321L;
                    r.channelHash = channel;
                    final byte[] customer = customerId.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
                    r.customer(customer, customer.length);
                    r.location(location);
                    r.createdAt = 1_700_000_000_000L;
                    r.expiresAt = 1_700_000_600_000L;
                    r.lineCount = 1;
                    r.ensureLines(1);
                    r.line(0, sku, 7);

                    final Reply later = new Reply();
                    later.beginData().putText("x".repeat(300));
                    later.endData();
                    ReplyCodec.reservationView(later, r, catalog, Codes.ReservationStatus.RELEASED, 1_700_000_100_000L);
                    final Reply now = new Reply();
                    ReplyCodec.reservation(now, r, catalog, Codes.ReservationStatus.RELEASED, 1_700_000_100_000L);

                    ReplyBytes.assertDataIs(later, now.data(), now.dataLength());
                }
            }
        }
    }

    @Test
    void aViewLeftUnreadIsNotShownByTheReplysNextUse()
    {
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-north");
        driver.defineSku("SKU-00001");
        driver.setInventory("SKU-00001", "wh-north", 10, 0);
        final Result held = driver.reserve("web", "customer-42", null, 600_000, "SKU-00001:1");
        final Reply reply = new Reply();
        reply.reset(1, 1);
        reply.heldView(new org.agrona.concurrent.UnsafeBuffer(new byte[64]), 0, 8, 8, 8, held.reservationId(), 1, 2);
        reply.reset(2, 2);

        assertThat(reply.dataLength()).isZero();
        reply.oneLineView(1, Codes.ReservationStatus.RELEASED.code(), null, 0, 0, 0, null, 0, 0, 0, null, 0);
        reply.beginData().putAscii("SKU-00001");
        reply.endData();
        assertThat(reply.readData(new PayloadReader()).readAsciiString()).isEqualTo("SKU-00001");
    }

    @Test
    void repliesReadOnlyAfterTheEngineMovedOnShowTheViewsOfTheirOwnCommands()
    {
        // The reply stage reads a slot's reply after the engine has applied later commands from other slots: here
        // the hold is released, a later hold names other ids, the SKU and node are redefined and a day passes, so the
        // released hold is gone from the book. Each reply still shows what a query showed at once.
        final Engine engine = new Engine();
        final Slot setUp = new Slot();
        setUp.apply(engine, new Cmd.DefineLocation("wh-north", Codes.LocationType.WAREHOUSE, 1_352_100, 103_819_800,
            Codes.CAP_ALL, true));
        setUp.apply(engine, new Cmd.DefineLocation("store-orchard-0017", Codes.LocationType.STORE, 1_304_800,
            103_831_900, Codes.CAP_ALL, true));
        for (final String sku : new String[] {"SKU-000000000016", "a-much-longer-sku-id-of-thirty-two"})
        {
            setUp.apply(engine, new Cmd.DefineSku(sku, 0, Long.MIN_VALUE, Long.MAX_VALUE));
            setUp.apply(engine, new Cmd.SetInventory(sku, "wh-north", 10, 0));
            setUp.apply(engine, new Cmd.SetInventory(sku, "store-orchard-0017", 10, 0));
        }
        for (final String location : new String[] {null, "wh-north"})
        {
            final Slot reserve = new Slot();
            final Slot release = new Slot();
            final Slot later = new Slot();
            reserve.apply(engine, new Cmd.Reserve("marketplace.shopee", "c-12345678901234", location, 600_000,
                List.of(new Cmd.Line("SKU-000000000016", 2))));
            final byte[] held = setUp.query(engine, reserve.reply.entityId());
            release.apply(engine, new Cmd.Release(reserve.reply.entityId()));
            final byte[] released = setUp.query(engine, reserve.reply.entityId());
            later.apply(engine, new Cmd.Reserve("web", "customer-with-a-thirty-byte-id", "store-orchard-0017",
                60_000, List.of(new Cmd.Line("a-much-longer-sku-id-of-thirty-two", 1))));
            setUp.apply(engine, new Cmd.DefineSku("SKU-000000000016", 5, Long.MIN_VALUE, Long.MAX_VALUE, true));
            setUp.apply(engine, new Cmd.DefineLocation("wh-north", Codes.LocationType.WAREHOUSE, 1_352_100,
                103_819_800, Codes.CAP_ALL, location == null));
            setUp.now += 2 * ReservationBook.RETENTION_MILLIS;
            setUp.apply(engine, new Cmd.Tick());
            assertThat(setUp.query(engine, reserve.reply.entityId())).as("the released hold is gone").isEmpty();

            assertThat(reserve.view()).isEqualTo(held);
            assertThat(release.view()).isEqualTo(released);
        }
    }

    /** A ring slot's part in this: its own command buffer and reply, reused by nothing else until read. */
    private static final class Slot
    {
        private final ExpandableArrayBuffer command = new ExpandableArrayBuffer(64);
        private final PayloadWriter writer = new PayloadWriter();
        private final Reply reply = new Reply();
        private long now = EngineDriver.START_MILLIS;

        void apply(final Engine engine, final Cmd cmd)
        {
            cmd.encode(writer.wrap(command, 0), 0, 0);
            engine.apply(engine.lastSeq() + 1, Math.max(now, engine.nowMillis()), cmd.commandType(), command, 0,
                writer.length(), reply);
            assertThat(reply.code()).as(cmd.toString()).isEqualTo(ResultCode.OK);
        }

        /** A QUERY_RESERVATION's view, read at once (empty when not found). */
        byte[] query(final Engine engine, final long reservationId)
        {
            CommandCodec.queryReservation(writer.wrap(command, 0), reservationId, List.of());
            engine.query(engine.nowMillis(), CommandType.QUERY_RESERVATION, command, 0, writer.length(), reply);
            return view();
        }

        byte[] view()
        {
            final byte[] bytes = new byte[reply.dataLength()];
            reply.data().getBytes(0, bytes);
            return bytes;
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

    @Test
    void skuIdsOnBothSidesOfEachWordBoundaryRenderAsTheCommandNamedThem()
    {
        // A rendered view writes SKU ids of up to sixteen bytes from the SKU's two words, longer ones from its array.
        final String[] skus = {"S", "SKU-001", "SKU-0001", "SKU-00001", "SKU-00000000015", "SKU-000000000016",
            "SKU-0000000000017"};
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-north");
        final String[] lines = new String[skus.length];
        for (int i = 0; i < skus.length; i++)
        {
            driver.defineSku(skus[i]);
            driver.setInventory(skus[i], "wh-north", 10, 0);
            lines[i] = skus[i] + ":" + (i + 1);
        }
        for (int last = 0; last < skus.length; last++)
        {
            // Each SKU once as the last line: nothing but its quantity follows it in the view.
            final String[] cart = new String[last + 1];
            for (int i = 0; i <= last; i++)
            {
                cart[i] = lines[(i + skus.length - last) % skus.length];
            }
            final Result held = driver.reserve("web", "customer-42", null, 600_000, cart);
            assertThat(held.code()).isEqualTo(ResultCode.OK);
            assertThat(driver.queryReservation(held.reservationId()).data()).isEqualTo(held.data());
            final Result released = driver.release(held.reservationId());
            assertThat(released.code()).isEqualTo(ResultCode.OK);
            assertThat(driver.queryReservation(held.reservationId()).data()).isEqualTo(released.data());
        }
    }

    @Test
    void customerIdsOfEveryLengthReadBackAlikeFromTheHoldItsReleaseAndASnapshot()
    {
        // A hold keeps ids of up to sixteen bytes as two words and longer ones in an array: cover both sides of
        // each word boundary, ids that differ only past the words, and the longest id.
        final String base = "c".repeat(20);
        final String[] customers = {"c", "c-12345", "c-123456", "c-1234567", "c-1234567890123", "c-12345678901234",
            "c-123456789012345", base + "-a", base + "-b", "x".repeat(Ids.MAX_LENGTH)};
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-north");
        driver.defineSku("LTD", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        driver.setInventory("LTD", "wh-north", 100, 0);
        final long[] holds = new long[customers.length];
        for (int i = 0; i < customers.length; i++)
        {
            final Result held = driver.reserve("web", customers[i], null, 600_000, "LTD:1");
            assertThat(held.code()).as(customers[i]).isEqualTo(ResultCode.OK);
            assertThat(driver.queryReservation(held.reservationId()).data()).as(customers[i]).isEqualTo(held.data());
            holds[i] = held.reservationId();
        }
        for (final String customer : customers)
        {
            assertThat(driver.reserve("web", customer, null, 600_000, "LTD:1").code())
                .as("the limit is per exact id: " + customer).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        }
        final byte[] snapshot = driver.snapshot();
        final EngineDriver restored = EngineDriver.restore(snapshot);
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        for (int i = 0; i < customers.length; i++)
        {
            assertThat(restored.queryReservation(holds[i]).data()).isEqualTo(driver.queryReservation(holds[i]).data());
            assertThat(restored.reserve("web", customers[i], null, 600_000, "LTD:1").code())
                .as("restored limit: " + customers[i]).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
            assertThat(driver.release(holds[i]).code()).isEqualTo(ResultCode.OK);
            assertThat(restored.release(holds[i]).code()).isEqualTo(ResultCode.OK);
            assertThat(restored.reserve("web", customers[i], null, 600_000, "LTD:1").code())
                .as("released, then held again: " + customers[i]).isEqualTo(ResultCode.OK);
        }
        assertThat(restored.checkInvariants()).isNull();
    }

    @Test
    void aRecycledHoldShowsNothingOfTheHoldItWasBefore()
    {
        // Recycling does not clear a hold (the reserve that reuses it overwrites what it reads): a long customer id,
        // three lines at a node, then a short id, one line, the network; checked against a snapshot's fresh objects.
        final long day = 24L * 60 * 60 * 1000;
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-north");
        for (final String sku : new String[] {"A", "B", "a-much-longer-sku-id-of-thirty-two"})
        {
            driver.defineSku(sku, 1, Long.MIN_VALUE, Long.MAX_VALUE);
            driver.setInventory(sku, "wh-north", 10, 0);
        }
        final String longCustomer = "customer-with-an-id-longer-than-sixteen-bytes";
        final Result before = driver.reserve("app", longCustomer, "wh-north", 600_000, "A:1", "B:1",
            "a-much-longer-sku-id-of-thirty-two:1");
        assertThat(before.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.release(before.reservationId()).code()).isEqualTo(ResultCode.OK);
        driver.advance(2 * day).tick();
        assertThat(driver.queryReservation(before.reservationId()).code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);

        final Result after = driver.reserve("web", "c-2", null, 60_000, "B:1");
        assertThat(after.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.queryReservation(after.reservationId(), "web").data()).isEqualTo(after.data());
        assertThat(driver.reserve("web", "c-2", null, 60_000, "B:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
        assertThat(driver.reserve("web", longCustomer, "wh-north", 60_000, "A:1", "B:1").code())
            .isEqualTo(ResultCode.OK);
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.snapshot()).isEqualTo(driver.snapshot());
        assertThat(restored.queryReservation(after.reservationId(), "web").data()).isEqualTo(after.data());
        assertThat(driver.checkInvariants()).isNull();
    }

    private static ByteSlice slice(final String text)
    {
        return new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(
            text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0, text.length());
    }
}
