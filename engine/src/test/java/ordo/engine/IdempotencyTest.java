package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/** Idempotency keys as engine state: replayed answers, reused keys, what is remembered and for how long. */
class IdempotencyTest
{
    private static final long KEY = 0xABCDEFL;
    private static final long FINGERPRINT = 0x1234L;
    private static final long OTHER_FINGERPRINT = 0x5678L;
    private static final long DAY = 24L * 60 * 60 * 1000;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        driver.defineLocation("wh-1");
        driver.defineSku("A");
        driver.defineSku("B");
        driver.setInventory("A", "wh-1", 5, 0);
    }

    @Test
    void sameKeyAndFingerprintReplaysTheFirstAnswer()
    {
        final Result first = reserveWithKey(FINGERPRINT, "A:2");
        final long hash = driver.stateHash();
        final Views.Inventory inventory = driver.inventory("A");
        driver.advance(1_000);

        final Result again = reserveWithKey(FINGERPRINT, "A:2");

        assertThat(first.replayed()).isFalse();
        assertThat(again.replayed()).isTrue();
        assertThat(again.withoutSeqAndTime()).isEqualTo(withReplayed(first).withoutSeqAndTime());
        assertThat(again.data()).isEqualTo(first.data());
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.inventory("A")).isEqualTo(inventory);
        assertThat(driver.engine().liveReservations()).isEqualTo(1);
    }

    @Test
    void theReplayedAnswerIsTheFirstOneEvenAfterTheHoldEnded()
    {
        final Result first = reserveWithKey(FINGERPRINT, "A:2");
        driver.release(first.reservationId());

        final Result again = reserveWithKey(FINGERPRINT, "A:2");

        assertThat(again.data()).isEqualTo(first.data());
        assertThat(again.reservation().status()).isEqualTo(Codes.ReservationStatus.HELD);
    }

    @Test
    void theReplayIsTheSameAfterSnapshotAndRestore()
    {
        final Result first = reserveWithKey(FINGERPRINT, "A:2");
        final Result reject = driver.withIdempotency(KEY + 1, FINGERPRINT).reserve("web", "c-1", null, 60_000, "A:9");
        final Result adjust = driver.withIdempotency(KEY + 2, FINGERPRINT).adjust("A", "wh-1", 3,
            Codes.AdjustmentReason.RECEIPT);

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());

        final Result again = restored.withIdempotency(KEY, FINGERPRINT).reserve("web", "c-1", null, 60_000, "A:2");
        assertThat(again.withoutSeqAndTime()).isEqualTo(withReplayed(first).withoutSeqAndTime());
        final Result rejectAgain = restored.withIdempotency(KEY + 1, FINGERPRINT)
            .reserve("web", "c-1", null, 60_000, "A:9");
        assertThat(rejectAgain.withoutSeqAndTime()).isEqualTo(withReplayed(reject).withoutSeqAndTime());
        final Result adjustAgain = restored.withIdempotency(KEY + 2, FINGERPRINT)
            .adjust("A", "wh-1", 3, Codes.AdjustmentReason.RECEIPT);
        assertThat(adjustAgain.withoutSeqAndTime()).isEqualTo(withReplayed(adjust).withoutSeqAndTime());
        assertThat(restored.inventory("A").onHand()).as("not adjusted twice").isEqualTo(8);
    }

    @Test
    void sameKeyWithAnotherFingerprintIsRefusedAndChangesNothing()
    {
        reserveWithKey(FINGERPRINT, "A:2");
        final long hash = driver.stateHash();

        final Result reused = reserveWithKey(OTHER_FINGERPRINT, "A:1");

        assertThat(reused.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(reused.replayed()).isFalse();
        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.inventory("A").atp()).isEqualTo(3);
        assertThat(reserveWithKey(FINGERPRINT, "A:2").replayed()).as("the first request is still remembered").isTrue();
    }

    @Test
    void sameKeyForAnotherKindOfCommandIsRefused()
    {
        reserveWithKey(FINGERPRINT, "A:2");

        final Result release = driver.withIdempotency(KEY, FINGERPRINT).release(1);

        assertThat(release.code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
        assertThat(driver.reservation(1).status()).isEqualTo(Codes.ReservationStatus.HELD);
    }

    @Test
    void aValidationFailureIsNotRemembered()
    {
        final long hash = driver.stateHash();

        assertThat(reserveWithKey(FINGERPRINT, "A:1", "NOPE:1").code()).isEqualTo(ResultCode.UNKNOWN_SKU);
        assertThat(driver.stateHash()).isEqualTo(hash);

        final Result corrected = reserveWithKey(OTHER_FINGERPRINT, "A:1");
        assertThat(corrected.code()).isEqualTo(ResultCode.OK);
        assertThat(corrected.replayed()).isFalse();
    }

    @Test
    void aBusinessRejectIsRemembered()
    {
        final Result first = reserveWithKey(FINGERPRINT, "A:6");
        assertThat(first.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        driver.adjust("A", "wh-1", 10, Codes.AdjustmentReason.RECEIPT);

        final Result again = reserveWithKey(FINGERPRINT, "A:6");

        assertThat(again.code()).as("the first answer, although stock has arrived since")
            .isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(again.replayed()).isTrue();
        assertThat(again.withoutSeqAndTime()).isEqualTo(withReplayed(first).withoutSeqAndTime());
        assertThat(Views.skuId(again.data())).isEqualTo("A");
        assertThat(reserveWithKey(OTHER_FINGERPRINT, "A:6").code()).isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
    }

    @Test
    void aRecordExpiresADayAfterItWasMade()
    {
        final Result first = reserveWithKey(FINGERPRINT, "A:1");
        final long made = first.timeMillis();

        driver.at(made + DAY - 1);
        assertThat(reserveWithKey(FINGERPRINT, "A:1").replayed()).isTrue();
        driver.at(made + DAY);
        final Result fresh = reserveWithKey(FINGERPRINT, "A:1");
        assertThat(fresh.replayed()).isFalse();
        assertThat(fresh.code()).isEqualTo(ResultCode.OK);
        assertThat(fresh.reservationId()).isEqualTo(first.reservationId() + 1);
        assertThat(reserveWithKey(OTHER_FINGERPRINT, "A:1").code()).as("and the new record is in force")
            .isEqualTo(ResultCode.IDEMPOTENCY_KEY_REUSED);
    }

    @Test
    void aKeyOfZeroMeansNoKey()
    {
        driver.withIdempotency(0, FINGERPRINT).reserve("web", "c-1", null, 60_000, "A:1");
        final Result second = driver.withIdempotency(0, FINGERPRINT).reserve("web", "c-1", null, 60_000, "A:1");

        assertThat(second.replayed()).isFalse();
        assertThat(driver.engine().liveReservations()).isEqualTo(2);
    }

    @Test
    void aKeyAppliesToTheNextCommandOnly()
    {
        reserveWithKey(FINGERPRINT, "A:1");
        driver.reserve("web", "c-1", null, 60_000, "A:1");
        assertThat(driver.reserve("web", "c-1", null, 60_000, "A:1").replayed()).isFalse();
        assertThat(driver.engine().liveReservations()).isEqualTo(3);
    }

    private Result reserveWithKey(final long fingerprint, final String... lines)
    {
        return driver.withIdempotency(KEY, fingerprint).reserve("web", "c-1", null, 600_000, lines);
    }

    private static Result withReplayed(final Result r)
    {
        return new Result(r.code(), r.entityId(), r.a(), r.b(), r.c(), r.d(), true, r.seq(), r.timeMillis(), r.data());
    }

    @Test
    void aNotFoundIsNotRememberedSoTheRetryAfterDefiningTheSkuGoesThrough()
    {
        driver.withIdempotency(77, 78);
        assertThat(driver.setInventory("LATER", "wh-1", 5, 0).code()).isEqualTo(ResultCode.SKU_NOT_FOUND);
        driver.defineSku("LATER");

        driver.withIdempotency(77, 78);
        final ordo.engine.testing.Result retry = driver.setInventory("LATER", "wh-1", 5, 0);

        assertThat(retry.code()).isEqualTo(ResultCode.OK);
        assertThat(retry.replayed()).isFalse();
    }
}
