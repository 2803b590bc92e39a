package ordo.gateway.payments;

/**
 * What {@code POST /v1/webhooks/payments/{provider}} needs for one provider: the signature check (answer 401 unless
 * {@link WebhookSignature.Result#VALID}) and the body's reader (answer 400 on {@link MalformedWebhookException}).
 */
public record ProviderWebhook(WebhookSignature signature, WebhookParser parser)
{
    public ProviderWebhook
    {
        if (signature == null || parser == null)
        {
            throw new IllegalArgumentException("signature and parser are required");
        }
    }
}
