package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/**
 * API.md: "A storefront sees only orders of its channels; anything else answers 404", a retry under an idempotency
 * key included. A key's channels are sent with every command and may change between the first answer and its replay
 * (an operator rebinds a key, or gives its name to another merchant's key): the replay answers the order's or hold's
 * not-found, as the command itself would, and not the remembered view of another channel's order (found in QA,
 * rules version 12). The key replays again once its caller may see the order.
 */
class IdempotentReplayScopeTest
{
    private static final long KEY = 0xC0FFEEL;
    private static final long FINGERPRINT = 0x5EEDL;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
    }

    @Test
    void aCancelReplayedForAKeyThatNoLongerHasTheOrdersChannelAnswersOrderNotFound()
    {
        final long id = driver.ordering().channel("web").line("A", 3).submit().orderId();
        final Result first = driver.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.CancelOrder(id, List.of("web"), "customer request", List.of(new Cmd.Line("A", 1))));
        assertThat(first.code()).isEqualTo(ResultCode.OK);

        final Result elsewhere = driver.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.CancelOrder(id, List.of("app"), "customer request", List.of(new Cmd.Line("A", 1))));

        assertThat(elsewhere.code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(elsewhere.replayed()).isFalse();
        assertThat(elsewhere.data()).isEmpty();
        final Result again = driver.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.CancelOrder(id, List.of("app", "web"), "customer request", List.of(new Cmd.Line("A", 1))));
        assertThat(again.replayed()).isTrue();
        assertThat(again.data()).isEqualTo(first.data());
        assertThat(driver.order(id).lines().get(0).cancelled()).as("replays cancel nothing").isEqualTo(1);
    }

    @Test
    void aRefusedCancelReplayedForAKeyThatNoLongerHasTheOrdersChannelAnswersOrderNotFound()
    {
        final long id = driver.ordering().channel("web").line("A", 1).submit().orderId();
        final Result first = driver.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.CancelOrder(id, List.of("web"), "customer request", List.of(new Cmd.Line("A", 5))));
        assertThat(first.code()).isEqualTo(ResultCode.CANCEL_EXCEEDS_OPEN);

        final Result elsewhere = driver.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.CancelOrder(id, List.of("app"), "customer request", List.of(new Cmd.Line("A", 5))));

        assertThat(elsewhere.code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(elsewhere.a()).as("no open units told").isZero();
    }

    @Test
    void paymentCommandsReplayedForAKeyThatNoLongerHasTheOrdersChannelAnswerOrderNotFound()
    {
        final long id = driver.ordering().channel("web").line("A", 1).submit().orderId();
        final Result first = driver.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.MarkPaid(id, List.of("web"), "cash"));
        assertThat(first.code()).isEqualTo(ResultCode.OK);

        assertThat(driver.withIdempotency(KEY, FINGERPRINT).apply(new Cmd.MarkPaid(id, List.of("app"), "cash"))
            .code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.withIdempotency(KEY, FINGERPRINT).apply(new Cmd.MarkPaid(id, List.of(), "cash"))
            .replayed()).as("an admin's key sees every channel").isTrue();
    }

    @Test
    void aReleaseReplayedForAKeyThatNoLongerHasTheHoldsChannelAnswersReservationNotFound()
    {
        final long hold = driver.reserve("web", "c-1", "wh-sg", 60_000, "A:1").reservationId();
        final Result first = driver.withIdempotency(KEY, FINGERPRINT).apply(new Cmd.Release(hold, List.of("web")));
        assertThat(first.code()).isEqualTo(ResultCode.OK);

        final Result elsewhere =
            driver.withIdempotency(KEY, FINGERPRINT).apply(new Cmd.Release(hold, List.of("market")));

        assertThat(elsewhere.code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
        assertThat(elsewhere.data()).isEmpty();
        assertThat(driver.withIdempotency(KEY, FINGERPRINT).apply(new Cmd.Release(hold, List.of("web"))).replayed())
            .isTrue();
    }

    @Test
    void aSnapshotRestoredEngineAnswersTheReplaysAsTheLiveOne()
    {
        aCancelReplayedForAKeyThatNoLongerHasTheOrdersChannelAnswersOrderNotFound();
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        final long id = driver.results().get(driver.results().size() - 1).entityId();

        assertThat(restored.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.CancelOrder(id, List.of("app"), "customer request", List.of(new Cmd.Line("A", 1))))
            .code()).isEqualTo(ResultCode.ORDER_NOT_FOUND);
        // The key's record came through the snapshot: the web caller still gets the first answer, not a new cancel.
        final Result live = driver.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.CancelOrder(id, List.of("web"), "customer request", List.of(new Cmd.Line("A", 1))));
        final Result again = restored.withIdempotency(KEY, FINGERPRINT)
            .apply(new Cmd.CancelOrder(id, List.of("web"), "customer request", List.of(new Cmd.Line("A", 1))));
        assertThat(again.replayed()).isTrue();
        assertThat(again.data()).isEqualTo(live.data());
        assertThat(restored.order(id).lines().get(0).cancelled()).isEqualTo(1);
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
    }
}
