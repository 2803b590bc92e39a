package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/** The ORDER view is written in one pass; the gateway decodes it, so its bytes must be the documented layout. */
class OrderViewBytesTest
{
    @Test
    void theViewIsByteForByteWhatThePayloadWriterWritesWithEveryFieldFilled()
    {
        final Catalog catalog = new Catalog();
        final Location store = catalog.newLocation(slice("store-orchard"));
        store.type = Codes.LocationType.STORE;
        final Location north = catalog.newLocation(slice("wh-north"));
        final Sku shortId = catalog.newSku(slice("SKU-00001"));
        final Sku longId = catalog.newSku(slice("a-much-longer-sku-id-of-thirty-two"));
        final Order o = new Order(new OrderTimeline(catalog));
        o.id = 987_654_321L;
        o.status = Codes.OrderStatus.PARTIALLY_ALLOCATED;
        o.channelHash = catalog.internChannel(slice("web"));
        o.deliveryMethod = Codes.DeliveryMethod.PICKUP;
        o.serviceLevel = Codes.ServiceLevel.EXPRESS;
        o.pickupLocation = store;
        o.shipCountry = bytes("SG");
        o.shipTo(1_300_000, 103_800_000);
        o.billingCountry = bytes("MY");
        o.paymentProvider = Order.STRIPE;
        o.paymentAmountMinor = 12_345;
        o.paymentCurrency = bytes("SGD");
        o.currency = bytes("SGD");
        o.reservationId = 77;
        o.createdAt = 1_700_000_000_000L;
        o.promisedDeliveryBy = 1_700_086_400_000L;
        o.lines(2);
        o.line(0, shortId, 3, 1_999);
        o.line(1, longId, 5, 2_500);
        o.addAllocation(0, new StockCell(store, shortId), 3, 1_700_000_000_000L);
        o.addAllocation(1, new StockCell(north, longId), 2, 1_700_000_000_001L);
        o.addAllocation(1, new StockCell(store, longId), 1, 1_700_000_000_002L);
        Order.allocationUnits(o.lastAllocation, 0); // the third, cancelled since: a view skips it
        o.backordered(1, 2);
        o.cancelled(1, 1);
        o.updatedAt = 1_700_000_000_500L;
        o.paymentStatus = Codes.PaymentStatus.AUTHORIZED;
        o.authorizedMinor = 12_345;
        o.capturedMinor = 100;
        o.refundedMinor = 50;
        o.paymentProblem = bytes("AMOUNT_MISMATCH: payment 1 but the order totals 2 SGD");
        texts(o, bytes("mkt-123"), bytes("customer-42"), bytes("Someone@Example.com"), bytes("+65 6000 0000"),
            "Zoë Tan".getBytes(StandardCharsets.UTF_8), bytes("1 Orchard Road"), bytes("Singapore"), bytes("238801"),
            bytes("203.0.113.7"), bytes("pi_123"), bytes("fp_abc"));
        o.fraudDecision = Codes.FraudDecision.REVIEW;
        o.addFraudReason(Codes.FraudReason.COUNTRY_MISMATCH, 20);
        o.addFraudReason(Codes.FraudReason.BLOCKED_IP, 50);
        o.fraudReviewer = bytes("ops-1");
        o.fraudNote = "checked ✓".getBytes(StandardCharsets.UTF_8);
        o.maxShipments = 3;
        o.charges = new OrderCharges(new byte[] {(byte)Codes.ChargeKind.SHIPPING.code(),
            (byte)Codes.ChargeKind.DISCOUNT.code()}, new long[] {500, 1_000},
            new byte[][] {bytes("Standard"), Order.EMPTY}, 2);

        final Reply reply = new Reply();
        // A reused reply: longer data from before must not leak into the view.
        reply.beginData().putText("x".repeat(2_000));
        reply.endData();
        ReplyCodec.order(reply, o, catalog);

        final ExpandableArrayBuffer expected = new ExpandableArrayBuffer();
        final PayloadWriter w = new PayloadWriter().wrap(expected, 0);
        w.putLong(o.id).putByte(o.status.code()).putAscii("web").putAscii("mkt-123").putAscii("customer-42")
            .putText("Someone@Example.com").putText("+65 6000 0000").putByte(o.deliveryMethod.code())
            .putByte(o.serviceLevel.code()).putAscii("store-orchard").putText("Zoë Tan").putText("1 Orchard Road")
            .putText("Singapore").putText("238801").putAscii("SG").putByte(1).putInt(1_300_000).putInt(103_800_000)
            .putAscii("MY").putAscii("203.0.113.7").putAscii("stripe").putAscii("pi_123").putLong(12_345)
            .putAscii("SGD").putAscii("SGD").putLong(77).putLong(o.createdAt).putLong(o.updatedAt)
            .putLong(o.promisedDeliveryBy).putShort(2)
            .putAscii("SKU-00001").putInt(3).putLong(1_999).putInt(3).putInt(0).putInt(0)
            .putAscii("a-much-longer-sku-id-of-thirty-two").putInt(5).putLong(2_500).putInt(3).putInt(2).putInt(1)
            .putInt(2).putShort(0).putAscii("store-orchard").putInt(3).putLong(1_700_000_000_000L)
            .putShort(1).putAscii("wh-north").putInt(2).putLong(1_700_000_000_001L)
            .putByte(o.paymentStatus.code()).putLong(12_345).putLong(100).putLong(50)
            .putText("AMOUNT_MISMATCH: payment 1 but the order totals 2 SGD").putAscii("fp_abc")
            .putByte(Codes.FraudDecision.REVIEW.code()).putInt(70).putByte(2)
            .putByte(Codes.FraudReason.COUNTRY_MISMATCH.code()).putInt(20)
            .putByte(Codes.FraudReason.BLOCKED_IP.code()).putInt(50)
            .putAscii("ops-1").putText("checked ✓").putByte(3)
            // The charges as given, then what the order asked for (3 × 19.99 + 5 × 25.00 + 5.00 − 10.00) and what is
            // open (one unit of the second line cancelled: 159.97 + 5.00 − floor(10.00 × 15 997 / 18 497)).
            .putByte(2).putByte(Codes.ChargeKind.SHIPPING.code()).putLong(500).putText("Standard")
            .putByte(Codes.ChargeKind.DISCOUNT.code()).putLong(1_000).putText("")
            .putLong(17_997).putLong(15_632);

        ReplyBytes.assertDataIs(reply, expected, w.length());
    }

    @Test
    void aShipOrderWithNothingOptionalWritesEmptyFields()
    {
        final Catalog catalog = new Catalog();
        final Sku sku = catalog.newSku(slice("S"));
        final Order o = new Order(new OrderTimeline(catalog));
        o.id = 1;
        o.status = Codes.OrderStatus.CREATED;
        o.channelHash = catalog.internChannel(slice("pos"));
        texts(o, Order.EMPTY, bytes("c"), Order.EMPTY, Order.EMPTY, Order.EMPTY, Order.EMPTY, Order.EMPTY,
            Order.EMPTY, Order.EMPTY, Order.EMPTY, Order.EMPTY);
        o.deliveryMethod = Codes.DeliveryMethod.SHIP;
        o.serviceLevel = Codes.ServiceLevel.STANDARD;
        o.paymentProvider = Order.OFFLINE;
        o.lines(1);
        o.line(0, sku, 1, 0);

        final Reply reply = new Reply();
        ReplyCodec.order(reply, o, catalog);

        final ExpandableArrayBuffer expected = new ExpandableArrayBuffer();
        final PayloadWriter w = new PayloadWriter().wrap(expected, 0);
        w.putLong(1).putByte(o.status.code()).putAscii("pos").putAscii("").putAscii("c").putText("").putText("")
            .putByte(o.deliveryMethod.code()).putByte(o.serviceLevel.code()).putAscii("").putText("").putText("")
            .putText("").putText("").putAscii("").putByte(0).putInt(0).putInt(0).putAscii("").putAscii("")
            .putAscii("offline").putAscii("").putLong(0).putAscii("").putAscii("").putLong(0).putLong(0).putLong(0)
            .putLong(0).putShort(1).putAscii("S").putInt(1).putLong(0).putInt(0).putInt(0).putInt(0).putInt(0)
            .putByte(o.paymentStatus.code()).putLong(0).putLong(0).putLong(0).putText("").putAscii("").putByte(0)
            .putInt(0).putByte(0).putAscii("").putText("").putByte(0).putByte(0).putLong(0).putLong(0);

        ReplyBytes.assertDataIs(reply, expected, w.length());
    }

    private static byte[] bytes(final String ascii)
    {
        return ascii.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteSlice slice(final String text)
    {
        return new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(bytes(text)), 0, text.length());
    }

    /** The order's eleven free texts, in field order (EXTERNAL_ID .. PAYMENT_FINGERPRINT). */
    private static void texts(final Order o, final byte[]... texts)
    {
        assertThat(texts.length).isEqualTo(Order.TEXT_COUNT);
        o.texts(texts);
    }
}
