package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/** The lead's end-to-end check of the payment and fraud gates on the engine alone; the full suite is beside it. */
class PaymentSmokeTest
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
        engine.apply(++seq, T0 + seq * 1000, type, buffer, 0, writer.length(), reply);
        assertThat(engine.checkInvariants()).isNull();
        return reply;
    }

    private OrderForm stripeOrder(final String customer, final String email, final int qty)
    {
        final OrderForm form = new OrderForm();
        form.channel = "web";
        form.customerId = customer;
        form.email = email;
        form.shipTo(1_300_000, 103_800_000);
        form.paymentProvider = "stripe";
        form.paymentReference = "pi_" + customer;
        form.paymentCurrency = "SGD";
        form.line("A", qty, 1_000, "SGD");
        form.paymentAmountMinor = qty * 1_000L;
        return form;
    }

    @Test
    void aCardOrderWaitsForVerificationIsCapturedAndRefundedOnCancellation()
    {
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh", Codes.LocationType.WAREHOUSE,
            "wh", 1_310_000, 103_810_000, "SG", Codes.CAP_SHIP, 0, 100, "SGD", true));
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "A", "A", 0, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, false));
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, "A", "wh", 10, 0));

        final OrderForm form = stripeOrder("c-1", "c1@example.com", 2);
        assertThat(apply(CommandType.PLACE_ORDER, w -> CommandCodec.placeOrder(w, 0, 0, form)).code())
            .isEqualTo(ResultCode.OK);
        final Order order = engine.orders().get(reply.entityId());
        assertThat(order.status).isEqualTo(Codes.OrderStatus.PAYMENT_PENDING);
        assertThat(order.fraudDecision).isEqualTo(Codes.FraudDecision.PASSED);
        final PaymentAction verify = engine.payments().nextOutstanding(0);
        assertThat(verify.kind).isEqualTo(Codes.PaymentActionKind.VERIFY);
        assertThat(verify.amountMinor).isEqualTo(2_000);

        apply(CommandType.PAYMENT_ACTION_RESULT, w -> CommandCodec.paymentActionResult(w, 0, 0, verify.id,
            Codes.PaymentOutcome.SUCCEEDED, "requires_capture", 2_000, "SGD", ""));
        assertThat(order.status).isEqualTo(Codes.OrderStatus.READY_TO_RELEASE);
        assertThat(order.paymentStatus).isEqualTo(Codes.PaymentStatus.AUTHORIZED);
        // A second report of the same action changes nothing.
        final long hash = engine.stateHash();
        apply(CommandType.PAYMENT_ACTION_RESULT, w -> CommandCodec.paymentActionResult(w, 0, 0, verify.id,
            Codes.PaymentOutcome.DECLINED, "", 0, "SGD", "late duplicate"));
        assertThat(reply.a()).isZero();
        assertThat(engine.stateHash()).isEqualTo(hash);

        apply(CommandType.CAPTURE_PAYMENT, w -> CommandCodec.orderCommand(w, 0, 0, order.id, null));
        final PaymentAction capture = engine.payments().nextOutstanding(0);
        assertThat(capture.kind).isEqualTo(Codes.PaymentActionKind.CAPTURE);
        apply(CommandType.PAYMENT_ACTION_RESULT, w -> CommandCodec.paymentActionResult(w, 0, 0, capture.id,
            Codes.PaymentOutcome.SUCCEEDED, "succeeded", 2_000, "SGD", ""));
        assertThat(order.paymentStatus).isEqualTo(Codes.PaymentStatus.CAPTURED);

        apply(CommandType.CANCEL_ORDER, w -> CommandCodec.cancelOrderHeader(w, 0, 0, order.id, null, "changed mind", 1));
        assertThat(reply.code()).isEqualTo(ResultCode.MALFORMED_COMMAND); // header says 1 line, none follows
        apply(CommandType.CANCEL_ORDER, w ->
        {
            CommandCodec.cancelOrderHeader(w, 0, 0, order.id, null, "one too many", 1);
            CommandCodec.cancelLine(w, "A", 1);
        });
        final PaymentAction refund = engine.payments().nextOutstanding(0);
        assertThat(refund.kind).isEqualTo(Codes.PaymentActionKind.REFUND);
        assertThat(refund.amountMinor).isEqualTo(1_000);

        final Engine restored = EngineSnapshot.fromBytes(EngineSnapshot.toBytes(engine), EventSink.NONE);
        assertThat(restored.stateHash()).isEqualTo(engine.stateHash());
        assertThat(restored.payments().nextOutstanding(0).id).isEqualTo(refund.id);
    }

    @Test
    void aBlockedEmailIsRejectedAndItsStockGivenBackAtOnce()
    {
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh", Codes.LocationType.WAREHOUSE,
            "wh", 1_310_000, 103_810_000, "SG", Codes.CAP_SHIP, 0, 100, "SGD", true));
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "A", "A", 0, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, false));
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, "A", "wh", 10, 0));
        final FraudRules rules = new FraudRules.Builder().thresholds(60, 100)
            .velocity(0, 60, 0, 0).velocity(1, 60, 0, 0).velocity(2, 60, 0, 0).velocity(3, 60, 0, 0)
            .velocity(4, 60, 0, 0).blockedPoints(100).blockEmail("Fraudster@Example.com").build();
        assertThat(apply(CommandType.SET_FRAUD_RULES, w -> CommandCodec.setFraudRules(w, 0, 0, rules)).code())
            .isEqualTo(ResultCode.OK);

        final OrderForm form = stripeOrder("c-2", "fraudster@example.COM", 3);
        apply(CommandType.PLACE_ORDER, w -> CommandCodec.placeOrder(w, 0, 0, form));
        final Order order = engine.orders().get(reply.entityId());
        assertThat(order.status).isEqualTo(Codes.OrderStatus.REJECTED);
        assertThat(order.fraudScore).isEqualTo(100);
        assertThat(order.allocated(0)).isZero();
        assertThat(order.cancelled(0)).isEqualTo(3);
        // No verification for a rejected order: the storefront's authorization is voided at once.
        assertThat(engine.payments().nextOutstanding(0).kind).isEqualTo(Codes.PaymentActionKind.VOID);
        assertThat(engine.payments().outstanding()).isEqualTo(1);
    }
}
