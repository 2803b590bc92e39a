package ordo.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OfflineProviderTest {

    private final OfflineProvider provider = new OfflineProvider();
    private final PaymentRequest cashOnDelivery = new PaymentRequest(null, 4500, "SGD", "ord_1:capture", "ord_1");

    @Test
    void everyStepSucceedsAtOnceAndOnlyRecordsWhatHappened() {
        assertThat(provider.name()).isEqualTo("offline");
        assertThat(provider.verify(cashOnDelivery)).isEqualTo(new ProviderResult(Outcome.SUCCEEDED,
                "offline_pending", 4500, "SGD", "to be paid on delivery or in store"));
        assertThat(provider.capture(cashOnDelivery).providerStatus()).isEqualTo("offline_captured");
        assertThat(provider.voidAuthorization(cashOnDelivery).providerStatus()).isEqualTo("offline_voided");
        assertThat(provider.refund(cashOnDelivery).providerStatus()).isEqualTo("offline_refunded");
        assertThat(provider.refund(cashOnDelivery).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}
