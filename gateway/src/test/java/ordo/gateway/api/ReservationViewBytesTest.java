package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ordo.engine.Codes;
import ordo.engine.Ids;
import ordo.engine.PayloadReader;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.gateway.http.JsonWriter;

/** The reservation view writes ids straight from the reply's bytes: the same bytes as reading them as strings. */
class ReservationViewBytesTest
{
    private static final long CREATED = 1_795_867_200_123L;
    private static final long EXPIRES = CREATED + 3_600_000;

    @Test
    void aHoldIsWrittenExactlyAsBefore()
    {
        final Reply reply = reservation("web", "c-1", "", new String[] {"SKU-0001", "SKU-0002"});

        assertThat(new String(Views.reservation(reply), StandardCharsets.UTF_8)).isEqualTo(
            "{\"reservationId\":\"" + Ids.formatReservationId(42) + "\",\"status\":\"HELD\",\"channel\":\"web\","
                + "\"customerId\":\"c-1\",\"locationId\":null,\"createdAt\":\"" + Rfc3339.format(CREATED) + "\","
                + "\"expiresAt\":\"" + Rfc3339.format(EXPIRES) + "\",\"lines\":[{\"sku\":\"SKU-0001\",\"qty\":1},"
                + "{\"sku\":\"SKU-0002\",\"qty\":2}]}");
    }

    @Test
    void fieldsThatNeedEscapingOrAreNotAsciiAreWrittenAsTheStringsWere()
    {
        final String[] odd = {"a\"b", "back\\slash", "tab\tbell\u0007", "del\u007f", "caf\u00e9", "", "x",
            "64-characters-" + "0123456789".repeat(5)};
        for (final String channel : odd)
        {
            for (final String location : odd)
            {
                final Reply reply = reservation(channel, "c-" + channel, location, new String[] {channel, "s"});

                assertThat(new String(Views.reservation(reply), StandardCharsets.ISO_8859_1))
                    .as("channel '%s', location '%s'", channel, location)
                    .isEqualTo(new String(asStrings(reply), StandardCharsets.ISO_8859_1));
            }
        }
    }

    private static Reply reservation(final String channel, final String customer, final String location,
        final String[] skus)
    {
        final Reply reply = new Reply().reset(1, 0);
        final PayloadWriter w = reply.beginData();
        w.putLong(42).putByte(1); // HELD
        w.putAscii(latin1(channel), channel.length()).putAscii(latin1(customer), customer.length())
            .putAscii(latin1(location), location.length());
        w.putLong(CREATED).putLong(EXPIRES).putLong(0).putShort(skus.length);
        for (int i = 0; i < skus.length; i++)
        {
            w.putAscii(latin1(skus[i]), skus[i].length()).putInt(i + 1);
        }
        reply.endData();
        return reply;
    }

    private static byte[] latin1(final String text)
    {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The view as it was written before: every id read as a String and quoted by the writer. */
    private static byte[] asStrings(final Reply reply)
    {
        final PayloadReader r = reply.readData(new PayloadReader());
        final JsonWriter w = JsonWriter.local().startObject();
        w.name("reservationId").string(Ids.formatReservationId(r.readLong()));
        w.name("status").string(Codes.ReservationStatus.fromCode(r.readByte()).name());
        w.name("channel").string(r.readAsciiString());
        w.name("customerId").string(r.readAsciiString());
        final String location = r.readAsciiString();
        if (location.isEmpty())
        {
            w.name("locationId").nullValue();
        }
        else
        {
            w.name("locationId").string(location);
        }
        w.name("createdAt").string(Rfc3339.format(r.readLong()));
        w.name("expiresAt").string(Rfc3339.format(r.readLong()));
        final long endedAt = r.readLong();
        if (endedAt != 0)
        {
            w.name("endedAt").string(Rfc3339.format(endedAt));
        }
        final int lines = r.readShort();
        w.name("lines").startArray();
        for (int i = 0; i < lines; i++)
        {
            w.startObject();
            w.name("sku").string(r.readAsciiString());
            w.name("qty").number(r.readInt());
            w.endObject();
        }
        return w.endArray().endObject().toByteArray();
    }
}
