package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.Codes.PaymentStatus;
import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/**
 * API.md: "Same key + same body → the first response again (status and body), also after a restart". An order or a
 * definition changes after the command that answered it; a retry under the first key answers the first view, byte
 * for byte, not the state as it is now, live and from a restored snapshot.
 */
class IdempotentReplayAfterChangeTest
{
    private static final long KEY = 0xC0FFEEL;
    private static final long FINGERPRINT = 0x5EEDL;
    private static final long DAY = 24L * 60 * 60 * 1000;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
    }

    @Test
    void aPlacementReplayedAfterTheWholeOrderWasCancelledAnswersThePlacement()
    {
        final Function<EngineDriver, Result> place = d -> d.withIdempotency(KEY, FINGERPRINT).placeOrder("A:3");
        final Result first = place.apply(driver);
        assertThat(first.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.cancelOrder(first.orderId()).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(first.orderId()).status()).isEqualTo(OrderStatus.CANCELLED);

        final Result again = place.apply(driver);

        assertThat(again.order().status()).isNotEqualTo(OrderStatus.CANCELLED);
        answersTheFirstResponse(again, first);
        answersTheFirstResponseAfterARestore(place, first);
    }

    @Test
    void aPartialCancelReplayedAfterASecondPartialCancelAnswersTheFirstCancel()
    {
        final long id = driver.placeOrder("A:3").orderId();
        final Function<EngineDriver, Result> cancelOne =
            d -> d.withIdempotency(KEY, FINGERPRINT).cancelOrder(id, "A:1");
        final Result first = cancelOne.apply(driver);
        assertThat(first.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.withIdempotency(KEY + 1, FINGERPRINT).cancelOrder(id, "A:1").code())
            .isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).lines().get(0).cancelled()).isEqualTo(2);

        final Result again = cancelOne.apply(driver);

        assertThat(again.order().lines().get(0).cancelled()).isEqualTo(1);
        answersTheFirstResponse(again, first);
        answersTheFirstResponseAfterARestore(cancelOne, first);
    }

    @Test
    void aMarkPaidReplayedAfterTheOrderWasCancelledAnswersThePaidOrder()
    {
        final long id = driver.placeOrder("A:2").orderId();
        final Function<EngineDriver, Result> markPaid = d -> d.withIdempotency(KEY, FINGERPRINT).markPaid(id, "cash");
        final Result first = markPaid.apply(driver);
        assertThat(first.code()).isEqualTo(ResultCode.OK);
        assertThat(driver.cancelOrder(id).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(id).payment().status()).isEqualTo(PaymentStatus.REFUNDED);

        final Result again = markPaid.apply(driver);

        assertThat(again.order().payment().status()).isEqualTo(first.order().payment().status())
            .isNotEqualTo(PaymentStatus.REFUNDED);
        answersTheFirstResponse(again, first);
        answersTheFirstResponseAfterARestore(markPaid, first);
    }

    @Test
    void aSkuDefinitionReplayedAfterALaterOneRenamedTheSkuAnswersTheFirstName()
    {
        final Function<EngineDriver, Result> define = d -> defineSku(d, KEY, "NEW", "Blue kettle");
        final Result first = define.apply(driver);
        assertThat(first.code()).isEqualTo(ResultCode.OK);
        assertThat(defineSku(driver, KEY + 1, "NEW", "Red kettle").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.sku("NEW").name()).isEqualTo("Red kettle");

        final Result again = define.apply(driver);

        assertThat(again.data()).isEqualTo(first.data());
        answersTheFirstResponse(again, first);
        answersTheFirstResponseAfterARestore(define, first);
    }

    @Test
    void aRecordsViewGoesWhenTheRecordExpiresAndAReservationRecordKeepsNone()
    {
        driver.withIdempotency(KEY, FINGERPRINT).placeOrder("A:1");
        assertThat(views(driver)).hasSize(1).doesNotContainNull();
        driver.advance(DAY).tick();
        assertThat(driver.engine().idempotency().size()).isZero();

        // The reserve reuses the expired record's slot: it must not inherit the placement's view.
        driver.withIdempotency(KEY + 1, FINGERPRINT).reserve("web", "c-1", null, 60_000, "A:1");
        driver.withIdempotency(KEY + 2, FINGERPRINT).adjust("A", "wh-sg", 1, Codes.AdjustmentReason.RECEIPT);

        assertThat(views(driver)).hasSize(2).containsOnlyNulls();
        assertThat(EngineDriver.restore(driver.snapshot()).stateHash()).isEqualTo(driver.stateHash());
    }

    @Test
    void aSnapshotAtAnyPointPlusTheRestOfTheLogAnswersEveryReplayLikeTheLiveEngine()
    {
        final long placed = driver.withIdempotency(KEY, FINGERPRINT).placeOrder("A:3").orderId();
        driver.withIdempotency(KEY + 1, FINGERPRINT).cancelOrder(placed, "A:1");
        final long paid = driver.withIdempotency(KEY + 2, FINGERPRINT).placeOrder("A:2").orderId();
        driver.withIdempotency(KEY + 3, FINGERPRINT).markPaid(paid, "cash");
        defineSku(driver, KEY + 4, "NEW", "Blue kettle");
        driver.withIdempotency(KEY + 5, FINGERPRINT).policy(SourcingPolicy.DEFAULT);
        driver.withIdempotency(KEY + 6, FINGERPRINT).reserve("web", "c-1", null, 60_000, "A:1");
        driver.cancelOrder(placed);
        driver.cancelOrder(paid);
        defineSku(driver, KEY + 7, "NEW", "Red kettle");
        driver.withIdempotency(KEY, FINGERPRINT).placeOrder("A:3");
        driver.withIdempotency(KEY + 1, FINGERPRINT).cancelOrder(placed, "A:1");
        driver.withIdempotency(KEY + 3, FINGERPRINT).markPaid(paid, "cash");
        defineSku(driver, KEY + 4, "NEW", "Blue kettle");
        driver.withIdempotency(KEY + 5, FINGERPRINT).policy(SourcingPolicy.DEFAULT);
        assertThat(driver.results().stream().filter(Result::replayed).count()).isEqualTo(5);

        for (int cut = 0; cut <= driver.seq(); cut++)
        {
            final EngineDriver prefix = new EngineDriver();
            CommandLog.replayInto(prefix, driver.log().entries().subList(0, cut));
            final EngineDriver restored = EngineDriver.restore(prefix.snapshot());
            assertThat(restored.stateHash()).as("restored at %d", cut).isEqualTo(prefix.stateHash());

            assertThat(CommandLog.replayInto(restored, driver.log().after(cut))).as("replies after %d", cut)
                .isEqualTo(driver.results().subList(cut, driver.results().size()));
            assertThat(restored.stateHash()).as("hash after %d", cut).isEqualTo(driver.stateHash());
            assertThat(restored.snapshot()).as("snapshot after %d", cut).isEqualTo(driver.snapshot());
        }
    }

    private void answersTheFirstResponseAfterARestore(final Function<EngineDriver, Result> command, final Result first)
    {
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());

        final Result again = command.apply(restored);

        answersTheFirstResponse(again, first);
        assertThat(restored.stateHash()).as("a replay changes nothing").isEqualTo(driver.stateHash());
    }

    private static void answersTheFirstResponse(final Result again, final Result first)
    {
        assertThat(again.replayed()).isTrue();
        assertThat(again.withoutSeqAndTime()).isEqualTo(new Result(first.code(), first.entityId(), first.a(),
            first.b(), first.c(), first.d(), true, first.seq(), first.timeMillis(), first.data()).withoutSeqAndTime());
        assertThat(again.data()).isEqualTo(first.data());
    }

    private static Result defineSku(final EngineDriver d, final long key, final String id, final String name)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final PayloadWriter writer = new PayloadWriter().wrap(buffer, 0);
        CommandCodec.defineSku(writer, key, Hashing.hash(name.getBytes(java.nio.charset.StandardCharsets.UTF_8)),
            id, name, 900, 0, Long.MIN_VALUE, Long.MAX_VALUE, false);
        final byte[] payload = new byte[writer.length()];
        buffer.getBytes(0, payload);
        return d.applyPayload(CommandType.DEFINE_SKU, payload);
    }

    private static List<byte[]> views(final EngineDriver d)
    {
        final List<byte[]> views = new ArrayList<>();
        d.engine().idempotency().forEach((key, fingerprint, createdAt, type, code, entity, a, b, c, e, view) ->
            views.add(view));
        return views;
    }
}
