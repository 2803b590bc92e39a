package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The lead's end-to-end checks of placement on the engine alone, encoded with the production codecs: nearest node,
 * split, backorder filled by a receipt, cancellation, snapshot equality. The full golden suite lives beside it.
 */
class OrderPlacementTest
{
    private static final long T0 = 1_700_000_000_000L;
    private final Engine engine = new Engine();
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(1024);
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();
    private long seq;

    private Reply apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> encoder)
    {
        writer.wrap(buffer, 0);
        encoder.accept(writer);
        engine.apply(++seq, T0 + seq, type, buffer, 0, writer.length(), reply);
        assertThat(engine.checkInvariants()).isNull();
        return reply;
    }

    private void warehouse(final String id, final int lat, final int lon, final long handling)
    {
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, id, Codes.LocationType.WAREHOUSE,
            id, lat, lon, "SG", Codes.CAP_SHIP, 0, handling, "SGD", true));
    }

    private void stock(final String sku, final String location, final long onHand)
    {
        assertThat(apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, sku, location, onHand, 0))
            .code()).isEqualTo(ResultCode.OK);
    }

    private OrderForm order(final String... skuQty)
    {
        final OrderForm form = new OrderForm();
        form.channel = "web";
        form.customerId = "c-1";
        form.shipTo(1_300_000, 103_800_000);
        form.paymentProvider = "offline";
        for (final String line : skuQty)
        {
            final String[] parts = line.split(":");
            form.line(parts[0], Integer.parseInt(parts[1]), 1000, "SGD");
            form.paymentAmountMinor += Integer.parseInt(parts[1]) * 1000L;
        }
        return form;
    }

    /** The placement decision of an order (the engine's view: read it before asking for another). */
    private SourcingDecision decision(final Order order)
    {
        return engine.orders().decisions().view(order.decisionAt);
    }

    private Reply place(final OrderForm form)
    {
        return apply(CommandType.PLACE_ORDER, w -> CommandCodec.placeOrder(w, 0, 0, form));
    }

    private long allocatedAt(final String sku, final String location)
    {
        final Sku s = engine.catalog().sku(new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(sku.getBytes()), 0,
            sku.length()));
        final Location l = engine.catalog().location(new ByteSlice().wrap(
            new org.agrona.concurrent.UnsafeBuffer(location.getBytes()), 0, location.length()));
        final StockCell cell = s.findCell(l);
        return cell == null ? 0 : cell.allocated;
    }

    @Test
    void theNearestNodeShipsAndASplitHappensOnlyWhenNeeded()
    {
        warehouse("near", 1_310_000, 103_810_000, 100);
        warehouse("far", 3_140_000, 101_690_000, 100);
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "A", "A", 0, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, false));
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "B", "B", 0, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, true));
        stock("A", "near", 5);
        stock("A", "far", 5);
        stock("B", "far", 5);

        final Reply first = place(order("A:2"));
        assertThat(first.code()).isEqualTo(ResultCode.OK);
        assertThat(first.a()).isEqualTo(1);
        assertThat(allocatedAt("A", "near")).isEqualTo(2);
        final Order placed = engine.orders().get(first.entityId());
        assertThat(placed.status).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        assertThat(placed.promisedDeliveryBy).isGreaterThan(placed.createdAt);

        // A lives at both, B only far: one shipment from far beats a split.
        final Reply both = place(order("A:1", "B:1"));
        assertThat(both.code()).isEqualTo(ResultCode.OK);
        assertThat(allocatedAt("A", "far")).isEqualTo(1);
        assertThat(decision(engine.orders().get(both.entityId())).shipments).isEqualTo(1);

        // 8 of A: near has 3 left, far 4: a split is the only way.
        final Reply split = place(order("A:7"));
        assertThat(split.code()).isEqualTo(ResultCode.OK);
        final long splitId = split.entityId(); // the Reply is reused by every command: read it now
        assertThat(decision(engine.orders().get(splitId)).shipments).isEqualTo(2);
        assertThat(allocatedAt("A", "near")).isEqualTo(5);
        assertThat(allocatedAt("A", "far")).isEqualTo(5);

        // Nothing left: refused, nothing changes.
        final long hash = engine.stateHash();
        assertThat(place(order("A:1")).code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(engine.stateHash()).isEqualTo(hash);

        // B allows backorders: 6 of 4 left → 4 allocated, 2 backordered, then a receipt fills them.
        final Reply backordered = place(order("B:6"));
        assertThat(backordered.code()).isEqualTo(ResultCode.OK);
        final Order waiting = engine.orders().get(backordered.entityId());
        assertThat(waiting.status).isEqualTo(Codes.OrderStatus.PARTIALLY_ALLOCATED);
        assertThat(waiting.backordered(0)).isEqualTo(2);
        apply(CommandType.ADJUST_INVENTORY, w -> CommandCodec.adjustInventory(w, 0, 0, "B", "near", 5,
            Codes.AdjustmentReason.RECEIPT));
        assertThat(waiting.backordered(0)).isZero();
        assertThat(waiting.status).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        assertThat(allocatedAt("B", "near")).isEqualTo(2);

        // Cancel the split order: its 7 units are back at once.
        assertThat(apply(CommandType.CANCEL_ORDER, w -> CommandCodec.cancelOrderHeader(w, 0, 0, splitId, null,
            "customer changed mind", 0)).code()).isEqualTo(ResultCode.OK);
        assertThat(engine.orders().get(splitId).status).isEqualTo(Codes.OrderStatus.CANCELLED);
        assertThat(allocatedAt("A", "near") + allocatedAt("A", "far")).isEqualTo(3);

        final Engine restored = EngineSnapshot.fromBytes(EngineSnapshot.toBytes(engine), EventSink.NONE);
        assertThat(restored.stateHash()).isEqualTo(engine.stateHash());
        assertThat(restored.checkInvariants()).isNull();
    }
    @Test
    void aSplitBeyondTheExactBudgetIsPlannedGreedilyAndCoversEveryUnit()
    {
        // 60 nodes with 1 unit each: C(60,3) = 34 220 triples exceed the budget, so 30 units need the greedy path.
        for (int n = 0; n < 60; n++)
        {
            warehouse(String.format("n%02d", n), 1_300_000 + n * 1_000, 103_800_000, 100 + n);
        }
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "A", "A", 0, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, false));
        for (int n = 0; n < 60; n++)
        {
            stock("A", String.format("n%02d", n), 1);
        }
        final Reply placed = place(order("A:30"));
        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final Order order = engine.orders().get(placed.entityId());
        assertThat(decision(order).exact).isFalse();
        assertThat(decision(order).shipments).isEqualTo(30);
        assertThat(order.allocated(0)).isEqualTo(30);
        // Every unit is equally useful, so greedy takes the cheapest nodes: handling 100..129.
        for (int n = 0; n < 60; n++)
        {
            assertThat(allocatedAt("A", String.format("n%02d", n))).as("node %d", n).isEqualTo(n < 30 ? 1 : 0);
        }
    }

    @Test
    void aPairIsSearchedExactlyForTheCheapestSplit()
    {
        warehouse("a", 1_300_000, 103_800_000, 900);
        warehouse("b", 1_300_000, 103_800_000, 100);
        warehouse("c", 1_300_000, 103_800_000, 200);
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "X", "X", 0, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, false));
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "Y", "Y", 0, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, false));
        // X only at a and b, Y only at a and c: a alone is dearer than b + c + the split penalty (100+200+500 < 900).
        stock("X", "a", 1);
        stock("Y", "a", 1);
        stock("X", "b", 1);
        stock("Y", "c", 1);
        final Reply placed = place(order("X:1", "Y:1"));
        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final Order order = engine.orders().get(placed.entityId());
        // Fewest shipments first: a alone wins although b + c would be cheaper.
        assertThat(decision(order).shipments).isEqualTo(1);
        assertThat(allocatedAt("X", "a")).isEqualTo(1);
        assertThat(allocatedAt("Y", "a")).isEqualTo(1);
        assertThat(decision(order).exact).isTrue();

        // Now a has nothing left: b + c is the only plan, found exactly.
        stock("X", "b", 2);
        stock("Y", "c", 2);
        final Reply second = place(order("X:2", "Y:2"));
        assertThat(second.code()).isEqualTo(ResultCode.OK);
        final Order split = engine.orders().get(second.entityId());
        assertThat(decision(split).shipments).isEqualTo(2);
        assertThat(decision(split).planCostMinor).isGreaterThanOrEqualTo(100 + 200 + 500);
        assertThat(allocatedAt("X", "b")).isEqualTo(2);
        assertThat(allocatedAt("Y", "c")).isEqualTo(2);
    }
}
