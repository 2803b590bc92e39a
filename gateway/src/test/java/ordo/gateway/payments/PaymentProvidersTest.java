package ordo.gateway.payments;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

class PaymentProvidersTest {

    private static final long NOW = 1_712_345_678L;
    private static final Clock CLOCK = Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC);

    @Test
    void byDefaultOnlyOfflineIsThereAndNoWebhookIsAccepted() {
        try (PaymentProviders providers = PaymentProviders.fromConfig(PaymentsConfig.defaults(), CLOCK)) {
            assertThat(providers.names()).containsExactly("offline");
            assertThat(providers.provider("offline")).containsInstanceOf(OfflineProvider.class);
            assertThat(providers.provider("stripe")).isEmpty();
            assertThat(providers.webhook("stripe")).isEmpty();
            assertThat(providers.webhook("offline")).isEmpty();
        }
    }

    @Test
    void aSecretKeyEnablesStripeAndWebhookSecretsEnableEachProvidersWebhook() {
        PaymentsConfig config = PaymentsConfig.defaults()
                .withStripe(StripeConfig.defaults().withSecretKey("sk_test_123"))
                .withWebhookSecrets("stripe", List.of("whsec_new", "whsec_old"))
                .withWebhookSecrets("offline", List.of("pos-secret"));

        try (PaymentProviders providers = PaymentProviders.fromConfig(config, CLOCK)) {
            assertThat(providers.names()).containsExactly("offline", "stripe");
            assertThat(providers.provider("stripe")).containsInstanceOf(StripeProvider.class);
            assertThat(providers.provider("paypal")).isEmpty();

            byte[] stripeEvent = ("{\"id\":\"evt_1\",\"type\":\"payment_intent.succeeded\",\"data\":{\"object\":"
                    + "{\"id\":\"pi_1\",\"amount_received\":1999,\"currency\":\"eur\"}}}").getBytes(UTF_8);
            ProviderWebhook stripe = providers.webhook("stripe").orElseThrow();
            String signedWithOld = WebhookSignature.header("whsec_old", NOW, stripeEvent);
            assertThat(stripe.signature().verify(signedWithOld, stripeEvent)).isEqualTo(WebhookSignature.Result.VALID);
            assertThat(stripe.parser().parse(stripeEvent).kind()).isEqualTo(PaymentWebhookEvent.Kind.CAPTURED);

            byte[] offlineEvent = ("{\"id\":\"pos-1\",\"type\":\"captured\",\"reference\":\"ord_1\","
                    + "\"amount\":{\"amountMinor\":1999,\"currency\":\"EUR\"}}").getBytes(UTF_8);
            ProviderWebhook offline = providers.webhook("offline").orElseThrow();
            String signedForStripe = WebhookSignature.header("whsec_new", NOW, offlineEvent);
            assertThat(offline.signature().verify(signedForStripe, offlineEvent))
                    .as("each provider has its own secrets").isEqualTo(WebhookSignature.Result.BAD_SIGNATURE);
            assertThat(offline.signature().verify(WebhookSignature.header("pos-secret", NOW - 301, offlineEvent),
                    offlineEvent)).isEqualTo(WebhookSignature.Result.STALE);
            assertThat(offline.parser().parse(offlineEvent).reference()).isEqualTo("ord_1");
        }
    }

    @Test
    void theConfiguredToleranceIsTheOneWebhooksAreCheckedWith() {
        PaymentsConfig config = new PaymentsConfig(StripeConfig.defaults(), Map.of("offline", List.of("s1")), 60);
        byte[] body = "{}".getBytes(UTF_8);

        try (PaymentProviders providers = PaymentProviders.fromConfig(config, CLOCK)) {
            WebhookSignature signature = providers.webhook("offline").orElseThrow().signature();
            assertThat(signature.verify(WebhookSignature.header("s1", NOW - 60, body), body))
                    .isEqualTo(WebhookSignature.Result.VALID);
            assertThat(signature.verify(WebhookSignature.header("s1", NOW - 61, body), body))
                    .isEqualTo(WebhookSignature.Result.STALE);
        }
    }

    @Test
    void aProviderMustBeRegisteredUnderItsOwnName() {
        assertThatThrownBy(() -> new PaymentProviders(Map.of("stripe", new OfflineProvider()), Map.of()))
                .hasMessageContaining("provider 'offline' registered as 'stripe'");
    }

    @Test
    void stripeCannotBeBuiltWithoutASecretKey() {
        assertThatThrownBy(() -> new StripeProvider(StripeConfig.defaults()))
                .hasMessageContaining("payments.stripe.secretKey is not configured");
    }

    @Test
    void stripeSettingsAreCheckedByKeyName() {
        assertThatThrownBy(() -> StripeConfig.defaults().withBaseUrl("ftp://api.stripe.com"))
                .hasMessageContaining("payments.stripe.baseUrl must be an http(s) URL");
        assertThatThrownBy(() -> StripeConfig.defaults().withBaseUrl("http://10.0.0.5:8080"))
                .hasMessageContaining("payments.stripe.baseUrl must use https");
        assertThatThrownBy(() -> StripeConfig.defaults().withRetries(0, 10, 10))
                .hasMessageContaining("payments.stripe.maxAttempts must be between 1 and 10, got 0");
        assertThatThrownBy(() -> StripeConfig.defaults().withRetries(3, 100, 50))
                .hasMessageContaining("payments.stripe.maxBackoffMillis must be between 100 and 300000, got 50");
        assertThat(StripeConfig.defaults().withBaseUrl("http://[::1]:12111/").baseUrl())
                .isEqualTo("http://[::1]:12111");
        assertThat(StripeConfig.defaults().withBaseUrl("http://localhost:12111").baseUrl())
                .isEqualTo("http://localhost:12111");
    }
}
