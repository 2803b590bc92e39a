package ordo.gateway.payments;

/**
 * A webhook body that is signed but cannot be read: not JSON, or a field missing or of the wrong type. The route
 * answers it 400 with {@link #getMessage()}, which names the field ({@code data.object.amount_received: ...}).
 */
public final class MalformedWebhookException extends RuntimeException
{
    private final String field;

    public MalformedWebhookException(final String field, final String problem)
    {
        super(field + ": " + problem);
        this.field = field;
    }

    /** The field at fault, as a path into the body ({@code data.object.currency}), or "body" for the whole. */
    public String field()
    {
        return field;
    }
}
