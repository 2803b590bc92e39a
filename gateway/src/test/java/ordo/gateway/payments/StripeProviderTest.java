package ordo.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@link StripeProvider} against {@link FakeStripe}: what it asks Stripe, and how it reads the answers. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class StripeProviderTest {

    private static final String CAPTURE = "/v1/payment_intents/pi_1/capture";

    private final FakeStripe stripe = FakeStripe.start();
    private final StripeProvider provider = provider(FakeStripe.SECRET_KEY);

    @AfterEach
    void stop() {
        provider.close();
        stripe.close();
    }

    @Test
    void verifyAcceptsAnIntentAwaitingCaptureForTheOrdersAmountAndCurrency() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");

        ProviderResult result = provider.verify(request("pi_1", 1999, "EUR", "ord_1:verify"));

        assertThat(result).isEqualTo(
                new ProviderResult(Outcome.SUCCEEDED, "requires_capture", 1999, "EUR", "authorized"));
        FakeStripe.Seen get = single("GET", "/v1/payment_intents/pi_1");
        assertThat(get.authorization()).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
        assertThat(get.idempotencyKey()).as("a read needs no idempotency key").isNull();
    }

    @Test
    void verifyReportsAnIntentForAnotherAmountOrCurrencyAsAMismatch() {
        stripe.intent("pi_1", 2999, "EUR", "requires_capture").intent("pi_2", 1999, "USD", "requires_capture");

        ProviderResult otherAmount = provider.verify(request("pi_1", 1999, "EUR", "k1"));
        ProviderResult otherCurrency = provider.verify(request("pi_2", 1999, "EUR", "k2"));

        assertThat(otherAmount.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(otherAmount.amountMinor()).isEqualTo(2999);
        assertThat(otherAmount.detail()).isEqualTo("the PaymentIntent is for 2999 EUR, the order for 1999 EUR");
        assertThat(otherCurrency.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(otherCurrency.currency()).isEqualTo("USD");
    }

    @Test
    void verifyReportsAnIntentNotAwaitingCaptureAsAMismatchAndACanceledOneAsDeclined() {
        stripe.intent("pi_1", 1999, "EUR", "requires_payment_method")
                .intent("pi_2", 1999, "EUR", "succeeded")
                .intent("pi_3", 1999, "EUR", "canceled");

        ProviderResult unpaid = provider.verify(request("pi_1", 1999, "EUR", "k1"));
        ProviderResult alreadyCaptured = provider.verify(request("pi_2", 1999, "EUR", "k2"));
        ProviderResult canceled = provider.verify(request("pi_3", 1999, "EUR", "k3"));

        assertThat(unpaid.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(unpaid.providerStatus()).isEqualTo("requires_payment_method");
        assertThat(unpaid.detail()).isEqualTo("the PaymentIntent is requires_payment_method, not requires_capture");
        assertThat(alreadyCaptured.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(canceled.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(canceled.providerStatus()).isEqualTo("canceled");
    }

    @Test
    void verifyOfAnIntentStripeDoesNotKnowIsDeclinedAfterOneRequest() {
        ProviderResult result = provider.verify(request("pi_unknown", 1999, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result.providerStatus()).isEqualTo("resource_missing");
        assertThat(result.detail())
                .isEqualTo("HTTP 404 invalid_request_error resource_missing: No such payment_intent");
        assertThat(stripe.requests()).hasSize(1);
    }

    @Test
    void aReferenceThatIsNotAPaymentIntentIdIsDeclinedWithoutAskingStripe() {
        for (String reference : new String[] {null, "ch_3MmlLrLkdIwHu7ix0snN0B15", "pi_1/../../v1/refunds", "pi_"}) {
            PaymentRequest request = request(reference, 1999, "EUR", "k1");

            assertThat(List.of(provider.verify(request), provider.capture(request), provider.voidAuthorization(request),
                    provider.refund(request)))
                    .allSatisfy(result -> {
                        assertThat(result.outcome()).isEqualTo(Outcome.DECLINED);
                        assertThat(result.providerStatus()).isEqualTo("invalid_reference");
                    });
        }
        assertThat(stripe.requests()).isEmpty();
    }

    @Test
    void captureSendsTheAmountAsAFormWithTheIdempotencyKey() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "ord_1:capture"));

        assertThat(result).isEqualTo(new ProviderResult(Outcome.SUCCEEDED, "succeeded", 1999, "EUR", "captured"));
        FakeStripe.Seen post = single("POST", CAPTURE);
        assertThat(post.form()).isEqualTo(Map.of("amount_to_capture", "1999"));
        assertThat(post.idempotencyKey()).as("the key and the intent: Stripe's keys are per account (QA-258)")
                .isEqualTo("ord_1:capture_pi_1");
        assertThat(post.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(post.authorization()).isEqualTo("Bearer " + FakeStripe.SECRET_KEY);
        assertThat(stripe.intent("pi_1").captures).isEqualTo(1);
    }

    @Test
    void aPartialCaptureTakesOnlyTheRequestedAmount() {
        stripe.intent("pi_1", 2000, "EUR", "requires_capture");

        ProviderResult result = provider.capture(request("pi_1", 1500, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(result.amountMinor()).isEqualTo(1500);
        assertThat(stripe.intent("pi_1").amountReceived).isEqualTo(1500);
    }

    @Test
    void aCardDeclineIsDeclinedWithItsCodesAndNotRetried() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture")
                .script("POST", CAPTURE, FakeStripe.cardDeclined("insufficient_funds"));

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result.providerStatus()).isEqualTo("card_declined");
        assertThat(result.detail())
                .isEqualTo("HTTP 402 card_error card_declined (insufficient_funds): Your card was declined.");
        assertThat(result.amountMinor()).isEqualTo(1999);
        assertThat(stripe.requests()).hasSize(1);
        assertThat(stripe.intent("pi_1").captures).isZero();
    }

    @Test
    void capturingMoreThanIsAuthorizedIsDeclinedAfterOneRequest() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");

        ProviderResult result = provider.capture(request("pi_1", 2500, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result.providerStatus()).isEqualTo("amount_too_large");
        assertThat(stripe.requests()).hasSize(1);
    }

    @Test
    void aKeyStripeRefusesIsAnErrorNotADeclineAndIsNotRetried() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        try (StripeProvider wrongKey = provider("sk_test_revoked_key")) {
            ProviderResult result = wrongKey.capture(request("pi_1", 1999, "EUR", "k1"));

            assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
            assertThat(result.providerStatus()).isEqualTo("http_401");
            assertThat(result.detail()).startsWith("Stripe refused Ordo's API key: HTTP 401")
                    .doesNotContain("sk_test_revoked_key");
        }
        assertThat(stripe.requests()).hasSize(1);
    }

    @Test
    void capturingAnIntentAlreadyCapturedUnderAnotherKeySucceedsWithoutASecondCapture() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");

        ProviderResult first = provider.capture(request("pi_1", 1999, "EUR", "key-expired-after-24h"));
        ProviderResult second = provider.capture(request("pi_1", 1999, "EUR", "fresh-key"));

        assertThat(first.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(second).isEqualTo(
                new ProviderResult(Outcome.SUCCEEDED, "succeeded", 1999, "EUR", "already captured"));
        assertThat(stripe.intent("pi_1").captures).isEqualTo(1);
    }

    @Test
    void anIntentAlreadyCapturedForAnotherAmountIsAMismatch() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        provider.capture(request("pi_1", 1500, "EUR", "k1"));

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k2"));

        assertThat(result.outcome()).isEqualTo(Outcome.MISMATCH);
        assertThat(result.amountMinor()).isEqualTo(1500);
        assertThat(result.detail()).isEqualTo("already captured 1500 EUR, the order asked for 1999 EUR");
    }

    @Test
    void anUnexpectedStateErrorWithoutTheIntentIsResolvedByLookingItUp() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        provider.capture(request("pi_1", 1999, "EUR", "k1"));
        stripe.script("POST", CAPTURE, FakeStripe.error(400, "invalid_request_error",
                "payment_intent_unexpected_state", "This PaymentIntent could not be captured."));

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k2"));

        assertThat(result.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(stripe.requests("GET", "/v1/payment_intents/pi_1")).hasSize(1);
        assertThat(stripe.intent("pi_1").captures).isEqualTo(1);
    }

    @Test
    void capturingACanceledIntentIsDeclined() {
        stripe.intent("pi_1", 1999, "EUR", "canceled");

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result.providerStatus()).isEqualTo("canceled");
        assertThat(result.detail()).startsWith("cannot capture: the PaymentIntent is canceled (HTTP 400 ");
    }

    @Test
    void voidCancelsTheIntentWithAnIdempotencyKey() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");

        ProviderResult result = provider.voidAuthorization(request("pi_1", 1999, "EUR", "ord_1:void"));

        assertThat(result).isEqualTo(new ProviderResult(Outcome.SUCCEEDED, "canceled", 1999, "EUR", "canceled"));
        FakeStripe.Seen post = single("POST", "/v1/payment_intents/pi_1/cancel");
        assertThat(post.idempotencyKey()).isEqualTo("ord_1:void_pi_1");
        assertThat(post.contentType()).isEqualTo("application/x-www-form-urlencoded");
        assertThat(post.form()).isEmpty();
    }

    @Test
    void voidingAnIntentThatIsAlreadyCanceledSucceeds() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        provider.voidAuthorization(request("pi_1", 1999, "EUR", "k1"));

        ProviderResult again = provider.voidAuthorization(request("pi_1", 1999, "EUR", "k2"));

        assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(again.detail()).isEqualTo("already canceled");
        assertThat(stripe.intent("pi_1").cancels).isEqualTo(1);
    }

    @Test
    void voidingACapturedIntentIsDeclinedSoTheAdapterRefundsInstead() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        provider.capture(request("pi_1", 1500, "EUR", "k1"));

        ProviderResult result = provider.voidAuthorization(request("pi_1", 1999, "EUR", "k2"));

        assertThat(result.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result.providerStatus()).isEqualTo("succeeded");
        assertThat(result.amountMinor()).as("what it received, not what was asked (review)").isEqualTo(1500);
        assertThat(stripe.intent("pi_1").status).isEqualTo("succeeded");
    }

    /**
     * Two installations sharing one Stripe account make the same action keys (their order and action ids count from 1
     * alike): each sends its intent's id with the key, so Stripe, whose keys are per account, takes both captures
     * instead of refusing the second as a key reused (QA-258). A key with a long reference stays within Stripe's 255
     * characters, the same on every attempt.
     */
    @Test
    void theSameActionKeyOnTwoIntentsIsTwoStripeKeys() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        stripe.intent("pi_2", 500, "EUR", "requires_capture");

        ProviderResult first = provider.capture(request("pi_1", 1999, "EUR", "ordo_ord_5ccd6ec90d1fb34c_1"));
        ProviderResult second = provider.capture(request("pi_2", 500, "EUR", "ordo_ord_5ccd6ec90d1fb34c_1"));

        assertThat(first.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(second.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(stripe.intent("pi_2").captures).isEqualTo(1);
        String longReference = "pi_" + "x".repeat(252);
        PaymentRequest longOne = request(longReference, 1, "EUR", "k".repeat(200));
        assertThat(StripeHttp.accountKey(longOne)).hasSizeLessThanOrEqualTo(PaymentRequest.MAX_KEY_CHARS)
                .isEqualTo(StripeHttp.accountKey(request(longReference, 2, "EUR", "k".repeat(200))))
                .isNotEqualTo(StripeHttp.accountKey(request(longReference, 1, "EUR", "k".repeat(199))));
        assertThat(StripeHttp.accountKey(request(null, 1, "EUR", "offline-key"))).isEqualTo("offline-key");
    }

    @Test
    void refundPostsThePaymentIntentAndAmountWithAnIdempotencyKey() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        provider.capture(request("pi_1", 1999, "EUR", "k1"));

        ProviderResult result = provider.refund(request("pi_1", 500, "EUR", "ord_1:refund:1"));

        assertThat(result).isEqualTo(new ProviderResult(Outcome.SUCCEEDED, "succeeded", 500, "EUR",
                "refund re_1 succeeded"));
        FakeStripe.Seen post = single("POST", "/v1/refunds");
        assertThat(post.form()).isEqualTo(Map.of("payment_intent", "pi_1", "amount", "500", "metadata[ordo_key]",
                "ord_1:refund:1"));
        assertThat(post.idempotencyKey()).isEqualTo("ord_1:refund:1_pi_1");
        assertThat(stripe.intent("pi_1").amountRefunded).isEqualTo(500);
    }

    /**
     * Stripe keeps an idempotency key 24 h: a refund re-issued after that (an action interrupted by a crash and
     * re-issued at a start a day later) was a second refund (found in review). The refund carries its key in its
     * metadata, and the one already made is answered.
     */
    @Test
    void aRefundReissuedAfterStripeForgotItsKeyIsAnsweredWithTheRefundAlreadyMade() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        provider.capture(request("pi_1", 1999, "EUR", "k1"));
        ProviderResult first = provider.refund(request("pi_1", 500, "EUR", "ord_1:refund:1"));
        stripe.forgetIdempotencyKeys();

        ProviderResult again = provider.refund(request("pi_1", 500, "EUR", "ord_1:refund:1"));
        ProviderResult another = provider.refund(request("pi_1", 300, "EUR", "ord_1:refund:2"));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.refundsApplied()).as("the first, and the other action's").isEqualTo(2);
        assertThat(stripe.intent("pi_1").amountRefunded).isEqualTo(800);
        assertThat(another.detail()).isEqualTo("refund re_2 succeeded");
    }

    /**
     * The lookup reads every page of the payment's refunds: one of Ordo's behind 100 others was made twice (QA). A
     * search that cannot finish makes none (review).
     */
    @Test
    void aRefundReissuedIsFoundBehindAHundredOthers() {
        stripe.intent("pi_1", 100_000, "EUR", "requires_capture");
        provider.capture(request("pi_1", 100_000, "EUR", "k1"));
        ProviderResult first = provider.refund(request("pi_1", 5_000, "EUR", "ord_1:refund:1"));
        for (int i = 0; i < 150; i++) {
            stripe.dashboardRefund("pi_1", 1);
        }
        stripe.forgetIdempotencyKeys();

        ProviderResult again = provider.refund(request("pi_1", 5_000, "EUR", "ord_1:refund:1"));

        assertThat(again).isEqualTo(first);
        assertThat(stripe.intent("pi_1").amountRefunded).as("made once").isEqualTo(5_000 + 150);

        for (int i = 0; i < 2_000; i++) {
            stripe.dashboardRefund("pi_1", 1);
        }
        stripe.forgetIdempotencyKeys();
        ProviderResult unsure = provider.refund(request("pi_1", 5_000, "EUR", "ord_1:refund:1"));
        assertThat(unsure.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(unsure.providerStatus()).isEqualTo("refund_lookup_incomplete");
        assertThat(stripe.intent("pi_1").amountRefunded).as("not made again").isEqualTo(5_000 + 2_150);
    }

    /**
     * A refund re-issued (its first answer lost) that has failed since is answered as made: its failure is the
     * webhook's to report, as when the first answer was not lost. DECLINED held the order as a refused refund does,
     * and the failure was counted a second way (QA).
     */
    @Test
    void aRefundReissuedAfterItFailedIsAnsweredAsMade() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        provider.capture(request("pi_1", 1999, "EUR", "k1"));
        provider.refund(request("pi_1", 500, "EUR", "ord_1:refund:1"));
        stripe.failRefund("re_1");
        stripe.forgetIdempotencyKeys();

        ProviderResult again = provider.refund(request("pi_1", 500, "EUR", "ord_1:refund:1"));

        assertThat(again.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(again.providerStatus()).isEqualTo("failed");
        assertThat(again.amountMinor()).isEqualTo(500);
        assertThat(again.detail())
                .isEqualTo("refund re_1 was made and has failed (expired_or_canceled_card); its webhook reports that");
        assertThat(stripe.refundsApplied()).as("not made again").isEqualTo(1);
    }

    @Test
    void refundingMoreThanIsLeftIsDeclined() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        provider.capture(request("pi_1", 1999, "EUR", "k1"));
        provider.refund(request("pi_1", 1500, "EUR", "k2"));

        ProviderResult result = provider.refund(request("pi_1", 1000, "EUR", "k3"));

        assertThat(result.outcome()).isEqualTo(Outcome.DECLINED);
        assertThat(result.providerStatus()).isEqualTo("amount_too_large");
        assertThat(stripe.intent("pi_1").amountRefunded).isEqualTo(1500);
    }

    @Test
    void aRefundStripeAcceptsForLaterOrThatFailsAtOnceIsMadeItsFailureTheWebhooks() {
        stripe.script("POST", "/v1/refunds",
                FakeStripe.answer(200, "{\"id\":\"re_7\",\"object\":\"refund\",\"amount\":500,"
                        + "\"currency\":\"eur\",\"status\":\"pending\"}"),
                FakeStripe.answer(200, "{\"id\":\"re_8\",\"object\":\"refund\",\"amount\":500,"
                        + "\"currency\":\"eur\",\"status\":\"failed\","
                        + "\"failure_reason\":\"expired_or_canceled_card\"}"));

        ProviderResult pending = provider.refund(request("pi_1", 500, "EUR", "k1"));
        ProviderResult failed = provider.refund(request("pi_1", 500, "EUR", "k2"));

        assertThat(pending)
                .isEqualTo(new ProviderResult(Outcome.SUCCEEDED, "pending", 500, "EUR", "refund re_7 pending"));
        // Made: its failure is the webhook's to report, which the order then owes (DECLINED held the order for good,
        // as a refused refund, and the money was owed twice: review).
        assertThat(failed).isEqualTo(new ProviderResult(Outcome.SUCCEEDED, "failed", 500, "EUR",
                "refund re_8 was made and has failed (expired_or_canceled_card); its webhook reports that"));
    }

    @Test
    void anAnswerThatIsNotJsonIsAnErrorNotASuccess() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture")
                .script("POST", CAPTURE, FakeStripe.answer(200, "<html>proxy says hi</html>"));

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));

        assertThat(result.outcome()).isEqualTo(Outcome.ERROR);
        assertThat(result.providerStatus()).isEqualTo("malformed_answer");
        assertThat(stripe.requests()).hasSize(1);
    }

    @Test
    void afterARestartTheSameKeyGetsTheFirstAnswerAndCapturesNothingMore() {
        stripe.intent("pi_1", 1999, "EUR", "requires_capture");
        ProviderResult beforeRestart = provider.capture(request("pi_1", 1999, "EUR", "ord_1:capture"));

        ProviderResult afterRestart;
        try (StripeProvider restarted = provider(FakeStripe.SECRET_KEY)) {
            afterRestart = restarted.capture(request("pi_1", 1999, "EUR", "ord_1:capture"));
        }

        assertThat(afterRestart).isEqualTo(beforeRestart);
        assertThat(afterRestart.detail()).as("Stripe replayed the first answer").isEqualTo("captured");
        assertThat(stripe.intent("pi_1").captures).isEqualTo(1);
    }

    @Test
    void theSecretKeyShowsInNoConfigurationTextOrResult() {
        StripeConfig config = config(stripe.baseUrl(), FakeStripe.SECRET_KEY);
        stripe.script("POST", CAPTURE, FakeStripe.serverError(), FakeStripe.serverError(), FakeStripe.serverError());

        ProviderResult result = provider.capture(request("pi_1", 1999, "EUR", "k1"));

        assertThat(config.toString()).contains("secretKey=***").doesNotContain(FakeStripe.SECRET_KEY);
        assertThat(result.toString()).doesNotContain(FakeStripe.SECRET_KEY);
    }

    static PaymentRequest request(String reference, long amountMinor, String currency, String key) {
        return new PaymentRequest(reference, amountMinor, currency, key, "ord_00000000000000a1");
    }

    /**
     * Timeouts long enough that a busy test machine does not turn a prompt answer into a retry (tests that count
     * requests depend on it); the tests of slow answers shorten them.
     */
    static StripeConfig config(String baseUrl, String secretKey) {
        return new StripeConfig(baseUrl, secretKey, 2_000, 2_000, 3, 5, 20);
    }

    private StripeProvider provider(String secretKey) {
        StripeConfig config = config(stripe.baseUrl(), secretKey);
        return new StripeProvider(config, Backoff.of(config, new Random(42)));
    }

    private FakeStripe.Seen single(String method, String path) {
        List<FakeStripe.Seen> requests = stripe.requests(method, path);
        assertThat(requests).hasSize(1);
        return requests.get(0);
    }
}
