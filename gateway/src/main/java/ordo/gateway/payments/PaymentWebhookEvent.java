package ordo.gateway.payments;

/**
 * One provider event, as the payment adapter applies it. The provider's event id is the dedupe key: an id seen
 * before has no second effect.
 *
 * @param eventId     the provider's event id ({@code evt_…}); never null
 * @param kind        what happened; {@link Kind#IGNORED} for event types Ordo does not act on
 * @param reference   the payment's provider reference ({@code pi_…}); null for {@link Kind#IGNORED}
 * @param amountMinor the amount the event is about (see {@link Kind}); 0 for {@link Kind#IGNORED}
 * @param currency    ISO 4217 upper case; null for {@link Kind#IGNORED}
 */
public record PaymentWebhookEvent(String eventId, Kind kind, String reference, long amountMinor, String currency)
{
    public enum Kind
    {
        /** The payment is authorized and may be captured; the amount is what can be captured. */
        AUTHORIZED,
        /** Money was captured; the amount is what was received. */
        CAPTURED,
        /** A payment attempt failed (not final: the customer may pay with another card); the amount is the payment's. */
        FAILED,
        /** The authorization was canceled at the provider or expired uncaptured (final); the amount is the payment's. */
        CANCELED,
        /** Money was refunded; the amount is the total refunded so far on the payment (not this refund alone). */
        REFUNDED,
        /**
         * A refund the provider had accepted failed (the money went back to the merchant); the amount is that refund's.
         * The event id is the refund's ({@code refund_failed:re_…}), so each refund's failure counts once however
         * many events report it.
         */
        REFUND_FAILED,
        /** An event type Ordo does not act on; it is acknowledged and otherwise dropped. */
        IGNORED
    }

    static PaymentWebhookEvent ignored(final String eventId)
    {
        return new PaymentWebhookEvent(eventId, Kind.IGNORED, null, 0, null);
    }
}
