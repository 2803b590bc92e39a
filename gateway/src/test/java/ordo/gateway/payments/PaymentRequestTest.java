package ordo.gateway.payments;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PaymentRequestTest {

    @Test
    void aRequestTheAdapterCouldNotHaveMeantIsRefused() {
        assertThatCode(() -> new PaymentRequest("pi_1", 0, "EUR", "k", "ord_1")).doesNotThrowAnyException();
        assertThatCode(() -> new PaymentRequest(null, 1, "EUR", "k", "ord_1")).doesNotThrowAnyException();
        assertThatThrownBy(() -> new PaymentRequest("pi_1", -1, "EUR", "k", "ord_1"))
                .hasMessageContaining("amountMinor");
        assertThatThrownBy(() -> new PaymentRequest("pi_1", 1, "eur", "k", "ord_1")).hasMessageContaining("currency");
        assertThatThrownBy(() -> new PaymentRequest("pi_1", 1, "EUR", null, "ord_1"))
                .hasMessageContaining("idempotencyKey");
        assertThatThrownBy(() -> new PaymentRequest("pi_1", 1, "EUR", "k".repeat(256), "ord_1"))
                .hasMessageContaining("idempotencyKey");
        assertThatThrownBy(() -> new PaymentRequest("pi_1\n", 1, "EUR", "k", "ord_1"))
                .hasMessageContaining("reference");
        assertThatThrownBy(() -> new PaymentRequest("pi_1", 1, "EUR", "k", " ")).hasMessageContaining("orderId");
    }
}
