package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.POLICY;
import static ordo.engine.SgNetwork.stock;
import static ordo.engine.SgNetwork.transitMinutes;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ordo.engine.Codes.OrderEventType;
import ordo.engine.Codes.OrderStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderBuilder;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Query;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/** Order capture: validation before mutation, dedupe, backorders, partial capture, the timeline and the promise. */
class OrderCaptureTest
{
    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        driver.defineLocation("store-closed", Codes.LocationType.STORE, 1_300_000, 103_800_000, Codes.CAP_PICKUP,
            false, 0, 300);
        stock(driver, "A", "wh-sg", 5);
        stock(driver, "B", "wh-sg", 5);
        stock(driver, "A", "store-orchard", 2);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNKNOWN_SKU", "INVALID_QUANTITY:0", "INVALID_QUANTITY:-1", "INVALID_QUANTITY:1000001",
        "DUPLICATE_SKU", "TOO_MANY_LINES", "CURRENCY_MISMATCH:lines", "CURRENCY_MISMATCH:payment",
        "MISSING_COORDINATES", "INVALID_COORDINATES", "PICKUP_NOT_AVAILABLE", "UNKNOWN_LOCATION", "LOCATION_INACTIVE",
        "INVALID_ID", "INVALID_FIELD:price", "INVALID_FIELD:negative price"})
    void anInvalidOrderIsRefusedBeforeAnythingChanges(final String failure)
    {
        final OrderBuilder order = driver.ordering().line("A", 1);
        switch (failure)
        {
            case "UNKNOWN_SKU" -> order.line("NOPE", 1);
            case "INVALID_QUANTITY:0" -> order.line("B", 0);
            case "INVALID_QUANTITY:-1" -> order.line("B", -1);
            case "INVALID_QUANTITY:1000001" -> order.line("B", 1_000_001);
            case "DUPLICATE_SKU" -> order.line("A", 1);
            case "TOO_MANY_LINES" ->
            {
                for (int i = 0; i < CommandCodec.MAX_LINES; i++)
                {
                    order.line("B", 1);
                }
            }
            case "CURRENCY_MISMATCH:lines" -> order.line("B", 1, 1_500, "SGD");
            case "CURRENCY_MISMATCH:payment" -> order.payment(1_000, "SGD");
            case "MISSING_COORDINATES" -> order.noCoordinates();
            case "PICKUP_NOT_AVAILABLE" -> order.pickupAt("wh-sg");
            case "UNKNOWN_LOCATION" -> order.pickupAt("nowhere");
            case "LOCATION_INACTIVE" -> order.pickupAt("store-closed");
            case "INVALID_ID" -> order.customer("not an id");
            case "INVALID_COORDINATES" -> order.shipTo(90_000_001, 103_848_500);
            case "INVALID_FIELD:price" -> order.line("B", 1, (1L << 36) + 1, "EUR");
            case "INVALID_FIELD:negative price" -> order.line("B", 1, -1, "EUR");
            default -> throw new IllegalArgumentException(failure);
        }
        final long hash = driver.stateHash();
        final List<Views.Inventory> before = List.of(driver.inventory("A"), driver.inventory("B"));
        final int events = driver.events().size();

        final Result result = order.submit();

        final String code = failure.contains(":") ? failure.substring(0, failure.indexOf(':')) : failure;
        assertThat(result.code()).isEqualTo(ResultCode.valueOf(code));
        assertThat(driver.stateHash()).as("nothing changed").isEqualTo(hash);
        assertThat(List.of(driver.inventory("A"), driver.inventory("B"))).isEqualTo(before);
        assertThat(driver.events()).hasSize(events);
        assertThat(driver.listOrders(10).orders()).isEmpty();
        assertThat(driver.placeOrder("A:1").orderId()).as("a refused order uses up no id").isEqualTo(1);
    }

    @Test
    void aSecondCaptureOfTheSameMarketplaceOrderAnswersTheFirst()
    {
        final Result first = driver.ordering().channel("market").externalId("shopee-88812").line("A", 2).submit();
        assertThat(first.code()).isEqualTo(ResultCode.OK);
        assertThat(first.created()).isTrue();
        final long hash = driver.stateHash();
        final Views.Inventory inventory = driver.inventory("A");

        final Result again = driver.ordering().channel("market").externalId("shopee-88812").customer("c-2")
            .line("A", 5).line("B", 1).submit();

        assertThat(again.code()).isEqualTo(ResultCode.OK);
        assertThat(again.created()).as("a = 0: the existing order").isFalse();
        assertThat(again.orderId()).isEqualTo(first.orderId());
        assertThat(again.order()).as("whatever the body").isEqualTo(driver.order(first.orderId()));
        assertThat(again.order().lines()).extracting(OrderViews.OrderLine::qty).containsExactly(2);
        assertThat(driver.inventory("A")).as("no new allocation").isEqualTo(inventory);
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.listOrders(10).ids()).containsExactly(first.orderId());

        final Result otherChannel = driver.ordering().channel("web").externalId("shopee-88812").line("A", 1).submit();
        assertThat(otherChannel.created()).as("unique per channel").isTrue();
        assertThat(otherChannel.orderId()).isNotEqualTo(first.orderId());

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        final Result afterRestart = restored.ordering().channel("market").externalId("shopee-88812").line("A", 1)
            .submit();
        assertThat(afterRestart.created()).as("dedupe is engine state: it survives a snapshot").isFalse();
        assertThat(afterRestart.orderId()).isEqualTo(first.orderId());
    }

    /**
     * An externalId whose key (its channel's hash and its own) another order's pair has is told apart by its bytes:
     * taken, and found again by a re-send, live and restored (rules version 19). It was refused for good, and a caller
     * of one channel could make an id to block another channel's order number (QA-262, QA-265).
     */
    @Test
    void anExternalIdWhoseKeyAnotherPairHasIsToldApartByItsBytes()
    {
        final java.nio.charset.Charset ascii = java.nio.charset.StandardCharsets.US_ASCII;
        final byte[] victim = "LZ-VICTIM-000123".getBytes(ascii);
        final String sameChannel = new String(ordo.engine.testing.HashCollisions.hashingTo(Hashing.hash(victim),
            new byte[0], Ids::isIdChar), ascii);
        final long first = driver.ordering().channel("market").externalId(sameChannel).line("A", 1).submit()
            .orderId();
        final Result second = driver.ordering().channel("market").externalId("LZ-VICTIM-000123").line("A", 1)
            .submit();
        assertThat(second.code()).isEqualTo(ResultCode.OK);
        assertThat(second.created()).isTrue();
        assertThat(second.orderId()).isNotEqualTo(first);

        // Another channel's id made to take the key of the web's next order number.
        final long webKey = OrderBook.externalKey(Hashing.hash("web".getBytes(ascii)),
            Hashing.hash("WEB-ORDER-777777".getBytes(ascii)));
        final long marketHash = Hashing.hash("market".getBytes(ascii));
        final long wanted = unmixCombine(webKey, marketHash);
        final String otherChannel = new String(ordo.engine.testing.HashCollisions.hashingTo(wanted, new byte[0],
            Ids::isIdChar), ascii);
        assertThat(OrderBook.externalKey(marketHash, Hashing.hash(otherChannel.getBytes(ascii)))).isEqualTo(webKey);
        final long blocker = driver.ordering().channel("market").externalId(otherChannel).line("A", 1).submit()
            .orderId();
        final Result web = driver.ordering().channel("web").externalId("WEB-ORDER-777777").line("A", 1).submit();
        assertThat(web.code()).isEqualTo(ResultCode.OK);
        assertThat(web.orderId()).isNotEqualTo(blocker);

        for (final EngineDriver d : new EngineDriver[] {driver, EngineDriver.restore(driver.snapshot())})
        {
            assertThat(d.ordering().channel("market").externalId("LZ-VICTIM-000123").line("A", 1).submit().orderId())
                .isEqualTo(second.orderId());
            assertThat(d.ordering().channel("market").externalId(sameChannel).line("A", 1).submit().orderId())
                .isEqualTo(first);
            assertThat(d.ordering().channel("web").externalId("WEB-ORDER-777777").line("A", 1).submit().orderId())
                .isEqualTo(web.orderId());
            assertThat(d.ordering().channel("market").externalId(otherChannel).line("A", 1).submit().orderId())
                .isEqualTo(blocker);
        }
    }

    /** The external id hash that, combined with {@code channelHash}, gives {@code key}: combine's mix undone. */
    private static long unmixCombine(final long key, final long channelHash)
    {
        long h = key ^ (key >>> 33);
        h *= inverse(0xC4CEB9FE1A85EC53L);
        h ^= h >>> 33;
        h *= inverse(0xFF51AFD7ED558CCDL);
        h ^= h >>> 33;
        // combine(c, v) = mix(c * P1 + v + P2)
        return h - channelHash * 0x9E3779B185EBCA87L - 0xC2B2AE3D27D4EB4FL;
    }

    private static long inverse(final long odd)
    {
        long x = odd;
        for (int i = 0; i < 6; i++)
        {
            x *= 2 - odd * x;
        }
        return x;
    }

    @Test
    void anIdempotencyKeyAnswersTheFirstCaptureAgain()
    {
        final Result first = driver.withIdempotency(77, 700).placeOrder("A:2");
        final long hash = driver.stateHash();

        final Result again = driver.withIdempotency(77, 700).placeOrder("A:2");

        assertThat(again.replayed()).isTrue();
        assertThat(again.orderId()).isEqualTo(first.orderId());
        assertThat(again.data()).isEqualTo(first.data());
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.withIdempotency(77, 701).placeOrder("A:1").code())
            .isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(driver.listOrders(10).ids()).containsExactly(first.orderId());
    }

    @Test
    void aFullyAllocatedOrderGoesCreatedAllocatedReadyToReleaseInOneStep()
    {
        final Result placed = driver.placeOrder("A:2", "B:1");

        assertThat(placed.code()).isEqualTo(ResultCode.OK);
        final OrderViews.OrderEvents timeline = driver.orderEvents(placed.orderId());
        assertThat(timeline.statuses())
            .containsExactly(OrderStatus.CREATED, OrderStatus.ALLOCATED, OrderStatus.READY_TO_RELEASE);
        assertThat(timeline.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(timeline.events().get(0).type()).isEqualTo(OrderEventType.CREATED);
        assertThat(timeline.ofType(OrderEventType.ALLOCATED)).extracting(e -> e.sku() + "@" + e.location() + "×" + e.qty())
            .containsExactlyInAnyOrder("A@wh-sg×2", "B@wh-sg×1");
        for (final OrderViews.OrderEvent event : timeline.events())
        {
            assertThat(event.seq()).isEqualTo(placed.seq());
            assertThat(event.time()).isEqualTo(placed.timeMillis());
        }
        final OrderViews.Order order = placed.order();
        assertThat(order).isEqualTo(driver.order(placed.orderId()));
        assertThat(order.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(order.createdAt()).isEqualTo(placed.timeMillis());
        assertThat(order.lines()).containsExactly(
            new OrderViews.OrderLine("A", 2, OrderBuilder.UNIT_PRICE_MINOR, 2, 0, 0),
            new OrderViews.OrderLine("B", 1, OrderBuilder.UNIT_PRICE_MINOR, 1, 0, 0));
        assertThat(order.allocations()).containsExactlyInAnyOrder(
            new OrderViews.Allocation(0, "wh-sg", 2, placed.timeMillis()),
            new OrderViews.Allocation(1, "wh-sg", 1, placed.timeMillis()));
        assertThat(driver.inventory("A").at("wh-sg").allocated()).isEqualTo(2);
        assertThat(driver.inventory("A").at("wh-sg").atp()).isEqualTo(3);
    }

    @Test
    void theOrderViewShowsWhatWasCaptured()
    {
        final Result placed = driver.ordering().channel("app").customer("c-7").externalId("app-1")
            .line("A", 2, 1_999, "EUR").payment(3_998, "EUR").submit();

        final OrderViews.Order order = placed.order();
        assertThat(order.id()).isEqualTo(placed.orderId());
        assertThat(order.channel()).isEqualTo("app");
        assertThat(order.externalId()).isEqualTo("app-1");
        assertThat(order.customerId()).isEqualTo("c-7");
        assertThat(order.email()).isEqualTo("c-7@example.com");
        assertThat(order.deliveryMethod()).isEqualTo(Codes.DeliveryMethod.SHIP);
        assertThat(order.serviceLevel()).isEqualTo(Codes.ServiceLevel.STANDARD);
        assertThat(order.hasCoordinates()).isTrue();
        assertThat(order.latMicro()).isEqualTo(OrderBuilder.BISHAN_LAT_MICRO);
        assertThat(order.lonMicro()).isEqualTo(OrderBuilder.BISHAN_LON_MICRO);
        assertThat(order.city()).isEqualTo("Singapore");
        assertThat(order.shipCountry()).isEqualTo("SG");
        assertThat(order.paymentProvider()).isEqualTo("offline");
        assertThat(order.paymentAmountMinor()).isEqualTo(3_998);
        assertThat(order.paymentCurrency()).isEqualTo("EUR");
        assertThat(order.currency()).isEqualTo("EUR");
        assertThat(order.reservationId()).isZero();
        assertThat(order.lines()).containsExactly(new OrderViews.OrderLine("A", 2, 1_999, 2, 0, 0));
        assertThat(Ids.parseOrderId(Ids.formatOrderId(order.id()))).isEqualTo(order.id());
    }

    @Test
    void promisedDeliveryComesFromTheTransitTableOfTheSlowestShipment()
    {
        final Result near = driver.placeOrder("A:1");
        final long sgMetres = driver.sourcing(near.orderId()).candidate("wh-sg").distanceMetres();
        assertThat(near.order().promisedDeliveryBy())
            .isEqualTo(near.timeMillis() + transitMinutes(POLICY, Codes.ServiceLevel.STANDARD, sgMetres) * MINUTE)
            .isEqualTo(near.timeMillis() + 1440 * MINUTE);

        final Result express = driver.ordering().level(Codes.ServiceLevel.EXPRESS).line("A", 1).submit();
        assertThat(express.order().promisedDeliveryBy()).isEqualTo(express.timeMillis() + 240 * MINUTE);

        stock(driver, "C", "wh-sg", 1);
        stock(driver, "C", "wh-kl", 1);
        final Result split = driver.placeOrder("C:2");
        assertThat(split.order().shippingFrom()).containsExactlyInAnyOrder("wh-sg", "wh-kl");
        assertThat(split.order().promisedDeliveryBy()).as("Kuala Lumpur's band, 2 days")
            .isEqualTo(split.timeMillis() + 2880 * MINUTE);
    }

    @Test
    void backorderedUnitsWaitAndAReceiptFillsTheOldestOrderFirst()
    {
        stock(driver, "BO", "wh-sg", 2);

        final Result first = driver.placeOrder("BO:5");
        assertThat(first.code()).isEqualTo(ResultCode.OK);
        assertThat(first.order().status()).isEqualTo(OrderStatus.PARTIALLY_ALLOCATED);
        assertThat(first.order().line("BO")).isEqualTo(new OrderViews.OrderLine("BO", 5, 1_000, 2, 3, 0));
        assertThat(first.order().promisedDeliveryBy()).as("not known while units are backordered").isZero();
        assertThat(driver.orderEvents(first.orderId()).ofType(OrderEventType.BACKORDERED))
            .extracting(OrderViews.OrderEvent::qty).containsExactly(3);
        assertThat(driver.sourcing(first.orderId()).lines())
            .containsExactly(new OrderViews.SourcingLine("BO", 5, 0, 2, 3, 0));

        driver.advance(MINUTE);
        final Result second = driver.placeOrder("BO:2");
        assertThat(second.order().status()).isEqualTo(OrderStatus.BACKORDERED);
        assertThat(second.order().allocations()).isEmpty();
        assertThat(driver.inventory("BO").backordered()).isEqualTo(5);

        driver.advance(MINUTE);
        final Result receipt = driver.adjust("BO", "wh-kl", 4, Codes.AdjustmentReason.RECEIPT);

        assertThat(receipt.code()).isEqualTo(ResultCode.OK);
        final OrderViews.Order oldest = driver.order(first.orderId());
        assertThat(oldest.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(oldest.line("BO")).isEqualTo(new OrderViews.OrderLine("BO", 5, 1_000, 5, 0, 0));
        assertThat(oldest.allocatedAt("BO", "wh-kl")).isEqualTo(3);
        assertThat(oldest.promisedDeliveryBy()).isEqualTo(receipt.timeMillis() + 2880 * MINUTE);
        final OrderViews.Order newer = driver.order(second.orderId());
        assertThat(newer.status()).isEqualTo(OrderStatus.PARTIALLY_ALLOCATED);
        assertThat(newer.line("BO")).isEqualTo(new OrderViews.OrderLine("BO", 2, 1_000, 1, 1, 0));
        assertThat(driver.orderEvents(first.orderId()).ofType(OrderEventType.BACKORDER_ALLOCATED))
            .extracting(e -> e.seq() + "/" + e.location() + "×" + e.qty())
            .containsExactly(receipt.seq() + "/wh-kl×3");
        final Views.Inventory inventory = driver.inventory("BO");
        assertThat(inventory.backordered()).isEqualTo(1);
        assertThat(inventory.at("wh-kl").allocated()).isEqualTo(4);
        assertThat(inventory.at("wh-kl").atp()).isZero();
        assertThat(driver.checkInvariants()).isNull();

        driver.setInventory("BO", "wh-sg", 3, 0);
        assertThat(driver.order(second.orderId()).status()).as("a count that raises stock fills it too")
            .isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.inventory("BO").backordered()).isZero();
    }

    /**
     * A refusal says where the rest of the stock is when the order may not use it: the units at nodes ruled out and
     * the reason most of them share (b = units × 256 + the SourcingReason code). An order nothing within its service
     * level's reach could serve was answered "only 0 available" beside stock (found in QA).
     */
    @Test
    void anOrderRefusedForStockSaysHowManyUnitsItMayNotUseAndWhy()
    {
        stock(driver, "A", "wh-kl", 3);
        final long hash = driver.stateHash();

        final Result sameDay = sameDayOrderOfA(3);

        assertThat(sameDay.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(sameDay.a()).as("Orchard's 2, within the same-day radius").isEqualTo(2);
        assertThat(sameDay.b()).as("Jurong's 5 and Kuala Lumpur's 3 are beyond it")
            .isEqualTo(8L << 8 | Codes.SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL.code());

        final Result pooled = driver.ordering().channel("market").line("A", 5).submit();

        assertThat(pooled.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(pooled.a()).as("half of each node's: 2 + 1 + 1").isEqualTo(4);
        assertThat(pooled.b()).as("the other 6 are fenced off by the market's pool")
            .isEqualTo(6L << 8 | Codes.SourcingReason.POOL_EXHAUSTED.code());

        assertThat(driver.placeOrder("A:11").b()).as("every unit there is could be offered").isZero();
        assertThat(driver.stateHash()).isEqualTo(hash);
    }

    /**
     * Units backing holds placed against the network are no order's, near or far: a refusal does not name them as
     * ruled out. 8 held against the network left only Orchard's 2, yet the far nodes' 8 were named too far, and the
     * standard order the storefront offered next was refused too (found in QA).
     */
    @Test
    void aRefusalDoesNotNameUnitsThatBackNetworkHoldsAsRuledOut()
    {
        stock(driver, "A", "wh-kl", 3);
        final long hold = driver.reserve("app", "c-9", null, 10 * SgNetwork.MINUTE, "A:8").reservationId();

        final Result sameDay = sameDayOrderOfA(3);

        assertThat(sameDay.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(sameDay.a()).isEqualTo(2);
        assertThat(sameDay.b()).as("nothing beyond the hold is too far").isZero();
        driver.release(hold);
        driver.reserve("app", "c-9", null, 10 * SgNetwork.MINUTE, "A:6");
        assertThat(sameDayOrderOfA(3).b())
            .as("of Jurong's 5 and Kuala Lumpur's 3, 2 are beyond the holds")
            .isEqualTo(2L << 8 | Codes.SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL.code());
    }

    /**
     * The reason a refusal names is that of most of the units it counts: a reason at active nodes counts no more of
     * them than the network leaves. Network holds leave 1 of the far nodes' 8, so the units counted are that 1 and
     * the closed store's 3, and the refusal named them too far (found in review; rules version 11).
     */
    @Test
    void aRefusalNamesTheReasonOfMostOfTheUnitsItCounts()
    {
        stock(driver, "A", "wh-kl", 3);
        stock(driver, "A", "store-closed", 3);
        final long hold = driver.reserve("app", "c-9", null, 10 * SgNetwork.MINUTE, "A:7").reservationId();

        final Result sameDay = sameDayOrderOfA(3);

        assertThat(sameDay.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(sameDay.a()).as("Orchard's 2").isEqualTo(2);
        assertThat(sameDay.b()).as("1 of the far nodes' 8 beyond the hold, and the closed store's 3")
            .isEqualTo(4L << 8 | Codes.SourcingReason.INACTIVE.code());

        driver.release(hold);
        driver.reserve("app", "c-9", null, 10 * SgNetwork.MINUTE, "A:5");
        assertThat(sameDayOrderOfA(3).b())
            .as("3 of the far nodes' and the closed store's 3: a tie goes to the lower code")
            .isEqualTo(6L << 8 | Codes.SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL.code());
    }

    /**
     * Among the active nodes' reasons, the one with most units wins before the cap, as it always did: capped, every
     * reason with room's worth of units tied and the lower code won (found in review, before rules version 11 was
     * released). Orchard at its day's capacity has 1 unit, the far nodes 8, and the network's holds leave room for 1.
     */
    @Test
    void amongActiveNodesTheReasonWithMostUnitsWinsWhateverTheCap()
    {
        stock(driver, "A", "wh-kl", 3);
        SgNetwork.node(driver, "store-orchard", 1, SgNetwork.HANDLING);
        assertThat(sameDayOrderOfA(1).code())
            .as("Orchard's one order of the day").isEqualTo(ResultCode.OK);
        driver.reserve("app", "c-9", null, 10 * SgNetwork.MINUTE, "A:8");

        final Result sameDay = sameDayOrderOfA(1);

        assertThat(sameDay.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(sameDay.a()).isZero();
        assertThat(sameDay.b()).as("1 unit counted; 8 too far beside Orchard's 1 at capacity")
            .isEqualTo(1L << 8 | Codes.SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL.code());
    }

    /** A same-day order to Bishan for units of A: Orchard's are within the level's radius, Jurong's and farther not. */
    private Result sameDayOrderOfA(final int units)
    {
        return driver.ordering().level(Codes.ServiceLevel.SAME_DAY).line("A", units).submit();
    }

    @Test
    void allowPartialDropsTheShortfallAndWithoutItNothingChanges()
    {
        final long hash = driver.stateHash();
        final Result refused = driver.placeOrder("A:9");
        assertThat(refused.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.stateHash()).isEqualTo(hash);

        final Result partial = driver.ordering().allowPartial().line("A", 9).line("B", 1).submit();

        assertThat(partial.code()).isEqualTo(ResultCode.OK);
        assertThat(partial.order().line("A")).as("5 at Jurong, 2 at Orchard")
            .isEqualTo(new OrderViews.OrderLine("A", 9, 1_000, 7, 0, 2));
        assertThat(partial.order().status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
        assertThat(driver.orderEvents(partial.orderId()).ofType(OrderEventType.SHORTFALL_CANCELLED))
            .extracting(OrderViews.OrderEvent::sku, OrderViews.OrderEvent::qty)
            .containsExactly(org.assertj.core.groups.Tuple.tuple("A", 2));
        assertThat(driver.inventory("A").atp()).isZero();

        final long after = driver.stateHash();
        assertThat(driver.ordering().allowPartial().line("A", 1).submit().code())
            .as("nothing allocated and nothing backordered is refused").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(driver.stateHash()).isEqualTo(after);
    }

    @Test
    void ordersAreListedInCreationOrderWithACursorAndFilters()
    {
        final long a = driver.placeOrder("A:1").orderId();
        final long b = driver.ordering().channel("app").customer("c-2").line("B", 2).submit().orderId();
        final long c = driver.placeOrder("B:1").orderId();
        driver.cancelOrder(c);

        final OrderViews.OrderList firstPage = driver.listOrders(new Query.Orders("", null, "", 0, 2, List.of()));
        assertThat(firstPage.ids()).containsExactly(a, b);
        assertThat(firstPage.nextAfter()).isEqualTo(b);
        final OrderViews.OrderList secondPage = driver.listOrders(new Query.Orders("", null, "", b, 2, List.of()));
        assertThat(secondPage.ids()).containsExactly(c);
        assertThat(secondPage.nextAfter()).isZero();

        assertThat(driver.listOrders(new Query.Orders("app", null, "", 0, 10, List.of())).ids()).containsExactly(b);
        assertThat(driver.listOrders(new Query.Orders("", OrderStatus.CANCELLED, "", 0, 10, List.of())).ids())
            .containsExactly(c);
        assertThat(driver.listOrders(new Query.Orders("", null, "c-2", 0, 10, List.of())).ids()).containsExactly(b);
        assertThat(driver.listOrders(new Query.Orders("", null, "", 0, 10, List.of("web"))).ids())
            .as("a storefront of web sees web's orders only").containsExactly(a, c);

        final OrderViews.OrderSummary summary = firstPage.orders().get(1);
        assertThat(summary.channel()).isEqualTo("app");
        assertThat(summary.customerId()).isEqualTo("c-2");
        assertThat(summary.units()).isEqualTo(2);
        assertThat(summary.totalMinor()).isEqualTo(2 * OrderBuilder.UNIT_PRICE_MINOR);
        assertThat(summary.currency()).isEqualTo("EUR");
        assertThat(summary.status()).isEqualTo(OrderStatus.READY_TO_RELEASE);
    }

    @Test
    void anOrderOfAnotherChannelIsNotFound()
    {
        final long id = driver.placeOrder("A:1").orderId();

        assertThat(driver.queryOrder(id, "app").code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.querySourcing(id, "app").code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.queryOrderEvents(id, "app").code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.queryOrder(id, "app", "web").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.queryOrder(id + 1).code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
    }

    @Test
    void channelsAndThePolicyAreEngineState()
    {
        assertThat(driver.channel("market")).isEqualTo(new OrderViews.Channel("market",
            Codes.ChannelKind.MARKETPLACE, "Channel market", List.of(new ordo.engine.testing.Cmd.Pool("", 5000)),
            List.of()));
        assertThat(driver.policy()).isEqualTo(POLICY);
        assertThat(new EngineDriver().policy()).as("before any is set").isEqualTo(SourcingPolicy.DEFAULT);
        assertThat(driver.query(new Query.Channel("nope")).code()).isEqualTo(ResultCode.CHANNEL_NOT_FOUND);

        final long hash = driver.stateHash();
        assertThat(driver.policy(SourcingPolicy.DEFAULT).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.stateHash()).as("the policy is part of the state hash").isNotEqualTo(hash);
        assertThat(driver.policy()).isEqualTo(SourcingPolicy.DEFAULT);
    }
}
