package ordo.gateway.payments;

/** Reads one provider's webhook body, after its signature has been verified. Stateless and thread-safe. */
public interface WebhookParser
{
    /**
     * @param rawBody the body exactly as received
     * @throws MalformedWebhookException naming the field when the body cannot be read
     */
    PaymentWebhookEvent parse(byte[] rawBody);
}
