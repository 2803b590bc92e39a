package ordo.gateway.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One complete request as {@link Http1Decoder} read it: method, target, version, the header block as the bytes
 * received (a header's value becomes a {@code String} only when asked for) and the body.
 *
 * <p>Ownership: {@link #body} is reference-counted and owned by whoever holds the request; the exchange releases it
 * once the request is answered (or dropped). Everything else is immutable after decoding.
 */
final class Http1Request {

    final String method;
    final String uri;
    final HttpVersion version;
    final boolean keepAlive;
    final ByteBuf body;
    /** The header lines' bytes; {@link #fields} holds name start, name end, value start, value end per header. */
    private final byte[] head;
    private final int[] fields;
    private final int fieldCount;

    Http1Request(String method, String uri, HttpVersion version, boolean keepAlive, byte[] head, int[] fields,
                 int fieldCount, ByteBuf body) {
        this.method = method;
        this.uri = uri;
        this.version = version;
        this.keepAlive = keepAlive;
        this.head = head;
        this.fields = fields;
        this.fieldCount = fieldCount;
        this.body = body;
    }

    /** The first value of the named header (ASCII, any case), or null; values are ISO-8859-1 as Netty gave them. */
    String header(String name) {
        int index = indexOf(head, fields, fieldCount, name);
        if (index < 0) {
            return null;
        }
        int from = fields[index * 4 + 2];
        return new String(head, from, fields[index * 4 + 3] - from, StandardCharsets.ISO_8859_1);
    }

    /** The index of the first header called {@code name} (ASCII, any case), or -1. */
    static int indexOf(byte[] head, int[] fields, int fieldCount, String name) {
        int length = name.length();
        for (int i = 0; i < fieldCount; i++) {
            int start = fields[i * 4];
            if (fields[i * 4 + 1] - start == length && equalsIgnoreCase(head, start, name)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean equalsIgnoreCase(byte[] bytes, int start, String name) {
        for (int i = 0; i < name.length(); i++) {
            int a = bytes[start + i];
            int b = name.charAt(i);
            if (a != b && lower(a) != lower(b)) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }
}
