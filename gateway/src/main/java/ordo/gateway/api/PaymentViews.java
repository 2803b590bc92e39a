package ordo.gateway.api;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonGenerator;
import ordo.engine.Codes;
import ordo.engine.FraudRules;
import ordo.engine.Ids;
import ordo.engine.PayloadReader;
import ordo.engine.Reply;
import ordo.gateway.payments.PaymentAdapter;

/**
 * JSON renderings of the engine's payment and fraud views (FRAUD_RULES, PAYMENT_ACTIONS, and the answer to a
 * provider webhook; layouts in {@code ReplyCodec} and {@code FraudRules}). Runs on the reply thread.
 */
final class PaymentViews
{
    private PaymentViews()
    {
    }

    /** The FRAUD_RULES view, in the shape {@code PUT /v1/fraud/rules} takes, so a GET can be edited and put back. */
    static byte[] rules(final Reply reply)
    {
        final PayloadReader r = Views.reader(reply);
        return Views.json(g ->
        {
            g.writeStartObject();
            g.writeObjectFieldStart("thresholds");
            g.writeNumberField("reviewAt", r.readInt());
            g.writeNumberField("rejectAt", r.readInt());
            g.writeEndObject();
            final int bands = r.readByte();
            g.writeArrayFieldStart("amountBands");
            for (int i = 0; i < bands; i++)
            {
                g.writeStartObject();
                g.writeNumberField("overMinor", r.readLong());
                g.writeNumberField("points", r.readInt());
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeObjectFieldStart("velocity");
            for (final String kind : FraudRules.VELOCITY_NAMES)
            {
                g.writeObjectFieldStart(kind);
                g.writeNumberField("windowMinutes", r.readInt());
                g.writeNumberField("maxOrders", r.readInt());
                g.writeNumberField("points", r.readInt());
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeNumberField("countryMismatchPoints", r.readInt());
            g.writeObjectFieldStart("skuQuantity");
            g.writeNumberField("maxUnits", r.readInt());
            g.writeNumberField("points", r.readInt());
            g.writeEndObject();
            g.writeObjectFieldStart("newCustomer");
            g.writeNumberField("overMinor", r.readLong());
            g.writeNumberField("points", r.readInt());
            g.writeEndObject();
            g.writeNumberField("blockedPoints", r.readInt());
            g.writeObjectFieldStart("blocklists");
            writeTexts(g, r, "emails");
            writeTexts(g, r, "domains");
            writeTexts(g, r, "postalCodes");
            final int ips = r.readShort();
            g.writeArrayFieldStart("ips");
            for (int i = 0; i < ips; i++)
            {
                g.writeString(r.readAsciiString());
            }
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    private static void writeTexts(final JsonGenerator g, final PayloadReader r, final String field) throws IOException
    {
        final int count = r.readShort();
        g.writeArrayFieldStart(field);
        for (int i = 0; i < count; i++)
        {
            g.writeString(r.readTextString());
        }
        g.writeEndArray();
    }

    /** The PAYMENT_ACTIONS view: outstanding actions, oldest first, each with the key the provider sees. */
    static byte[] actions(final Reply reply)
    {
        final PayloadReader r = Views.reader(reply);
        final long outstanding = reply.a();
        return Views.json(g ->
        {
            g.writeStartObject();
            final int count = r.readShort();
            g.writeArrayFieldStart("actions");
            for (int i = 0; i < count; i++)
            {
                g.writeStartObject();
                final long actionId = r.readLong();
                final long orderId = r.readLong();
                g.writeNumberField("actionId", actionId);
                g.writeStringField("orderId", Ids.formatOrderId(orderId));
                g.writeStringField("kind", Codes.PaymentActionKind.fromCode(r.readByte()).name());
                g.writeStringField("status", Codes.PaymentActionStatus.fromCode(r.readByte()).name());
                g.writeStringField("provider", r.readAsciiString());
                Views.writeOptional(g, "reference", r.readAsciiString());
                final long amountMinor = r.readLong();
                Views.writeMoney(g, "amount", amountMinor, r.readAsciiString());
                g.writeNumberField("attempts", r.readInt());
                g.writeStringField("idempotencyKey", PaymentAdapter.idempotencyKey(orderId, actionId));
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeNumberField("outstanding", outstanding);
            final long next = r.readLong();
            if (next == 0)
            {
                g.writeNullField("nextCursor");
            }
            else
            {
                g.writeNumberField("nextCursor", next);
            }
            g.writeEndObject();
        });
    }

    /** The answer to a verified provider webhook: a = 0 seen before, 1 applied, 2 no order has the reference. */
    static byte[] webhookReceived(final Reply reply)
    {
        return received(reply.a() == 0, reply.b());
    }

    /** An event Ordo does not act on (or a duplicate): acknowledged so the provider stops resending it. */
    static byte[] received(final boolean duplicate, final long orderId)
    {
        return Views.json(g ->
        {
            g.writeStartObject();
            g.writeBooleanField("received", true);
            g.writeBooleanField("duplicate", duplicate);
            Views.writeOptional(g, "orderId", orderId == 0 ? "" : Ids.formatOrderId(orderId));
            g.writeEndObject();
        });
    }
}
