package ordo.gateway.http;

import java.util.Arrays;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

/**
 * A small JSON writer for the hot answers (a reservation, a problem): UTF-8 straight into a reusable byte array,
 * no generator, no output stream, no boxing. It writes what Jackson's generator writes for the same calls (the
 * same escapes: {@code \"}, {@code \\}, {@code \b \t \f \n \r}, other control characters and surrogates as
 * backslash-uXXXX; nothing else escaped), so a client cannot tell which one answered. Jackson stays for the long,
 * rarely hot views.
 *
 * <p>Commas are the writer's business: {@link #name} and the value methods put one in when a value is not the
 * first of its object or array. Nesting is bounded by {@link #MAX_DEPTH}.
 *
 * <p>Not thread-safe; one per thread ({@link #local()}), reset before each document.
 */
public final class JsonWriter {

    static final int MAX_DEPTH = 32;
    private static final byte[] HEX = "0123456789ABCDEF".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    private static final ThreadLocal<JsonWriter> LOCAL = ThreadLocal.withInitial(JsonWriter::new);

    private byte[] buf = new byte[512];
    private int pos;
    private int depth;
    /** Per open object or array: whether the next member or element needs a comma before it. */
    private final boolean[] needsComma = new boolean[MAX_DEPTH + 1];
    /** After a name: the value follows without a comma. */
    private boolean afterName;
    /** Names as written ({@code "name":}), by identity: see {@link #name}. */
    private static final int NAMES = 256;
    private final String[] nameKeys = new String[NAMES];
    private final byte[][] nameBytes = new byte[NAMES][];

    /** This thread's writer, reset. Finish one document (take its bytes) before starting another on the thread. */
    public static JsonWriter local() {
        return LOCAL.get().reset();
    }

    public JsonWriter reset() {
        pos = 0;
        depth = 0;
        needsComma[0] = false;
        afterName = false;
        return this;
    }

    public JsonWriter startObject() {
        beforeValue();
        push();
        put((byte) '{');
        return this;
    }

    public JsonWriter endObject() {
        depth--;
        put((byte) '}');
        return this;
    }

    public JsonWriter startArray() {
        beforeValue();
        push();
        put((byte) '[');
        return this;
    }

    public JsonWriter endArray() {
        depth--;
        put((byte) ']');
        return this;
    }

    /**
     * Members already written as JSON ({@code "a":1,"b":"x"}: what {@link #membersOf} gives), added to the open
     * object as if written here one by one. For the constant head of a frequent document, encoded once.
     */
    public JsonWriter members(byte[] encoded) {
        if (needsComma[depth]) {
            put((byte) ',');
        }
        needsComma[depth] = true;
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, pos, encoded.length);
        pos += encoded.length;
        return this;
    }

    /** The members of the object {@code document} holds (written from its start), for {@link #members}. */
    public static byte[] membersOf(JsonWriter document) {
        int end = document.pos - 1;
        if (document.depth != 0 || end < 2 || document.buf[0] != '{' || document.buf[end] != '}') {
            throw new IllegalArgumentException("not one whole object with members");
        }
        return Arrays.copyOfRange(document.buf, 1, end);
    }

    /**
     * A member name; the next call writes its value. Names are mostly literals, the same String every time: each is
     * escaped once and its bytes ({@code "name":}) kept by identity in a small table, then copied (escaping them anew
     * was ~40 % of writing an order's view, docs/BENCHMARKS.md, sixteenth round). Any other name is escaped as well,
     * and may push one out.
     */
    public JsonWriter name(String name) {
        if (needsComma[depth]) {
            put((byte) ',');
        }
        needsComma[depth] = true;
        final int slot = System.identityHashCode(name) & (NAMES - 1);
        byte[] encoded = nameBytes[slot];
        if (nameKeys[slot] != name) {
            final int start = pos;
            writeQuoted(name);
            put((byte) ':');
            encoded = Arrays.copyOfRange(buf, start, pos);
            pos = start;
            nameKeys[slot] = name;
            nameBytes[slot] = encoded;
        }
        ensure(encoded.length);
        System.arraycopy(encoded, 0, buf, pos, encoded.length);
        pos += encoded.length;
        afterName = true;
        return this;
    }

    public JsonWriter string(String value) {
        if (value == null) {
            return nullValue();
        }
        beforeValue();
        writeQuoted(value);
        return this;
    }

    /**
     * A string of bytes already known to need no escaping (ASCII ids, times made by the server): copied as is.
     */
    public JsonWriter asciiString(byte[] value, int offset, int length) {
        beforeValue();
        ensure(length + 2);
        buf[pos++] = '"';
        System.arraycopy(value, offset, buf, pos, length);
        pos += length;
        buf[pos++] = '"';
        return this;
    }

    /**
     * Opens a string value written in parts ({@link #stringPart}, {@link #asciiPart}) and closed by
     * {@link #endString}: the same bytes as {@link #string} of the parts joined, without joining them first (a
     * refusal's detail sentence is numbers and an id between fixed words).
     */
    public JsonWriter startString() {
        beforeValue();
        put((byte) '"');
        return this;
    }

    /** Part of an open string: {@code text}, escaped as {@link #string} escapes it. */
    public JsonWriter stringPart(String text) {
        writeChars(text);
        return this;
    }

    /** Part of an open string: {@code value} in decimal, as {@code String.valueOf(value)} writes it. */
    public JsonWriter stringPart(long value) {
        writeDecimal(value);
        return this;
    }

    /** Part of an open string: bytes already known to need no escaping (see {@link #asciiString}), copied as is. */
    public JsonWriter asciiPart(byte[] value, int offset, int length) {
        ensure(length);
        System.arraycopy(value, offset, buf, pos, length);
        pos += length;
        return this;
    }

    public JsonWriter endString() {
        put((byte) '"');
        return this;
    }

    public JsonWriter number(long value) {
        beforeValue();
        writeDecimal(value);
        return this;
    }

    private void writeDecimal(long value) {
        if (value == Long.MIN_VALUE) {
            writeAscii("-9223372036854775808");
            return;
        }
        ensure(20);
        long v = value;
        if (v < 0) {
            buf[pos++] = '-';
            v = -v;
        }
        int digits = 1;
        for (long rest = v / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int end = pos + digits;
        for (int i = end - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + (v % 10));
            v /= 10;
        }
        pos = end;
    }

    /**
     * {@code unscaled} × 10<sup>-scale</sup> in plain notation without trailing zeros ({@code 1.35}, {@code -0.5},
     * {@code 100}, {@code 0}): what Jackson writes for {@code BigDecimal.valueOf(unscaled, scale).stripTrailingZeros()}
     * with {@code WRITE_BIGDECIMAL_AS_PLAIN}. A scale of 0 to 18.
     */
    public JsonWriter decimal(long unscaled, int scale) {
        if (scale < 0 || scale > 18 || unscaled == Long.MIN_VALUE) {
            throw new IllegalArgumentException(unscaled + " at scale " + scale);
        }
        long v = unscaled;
        int s = scale;
        while (s > 0 && v % 10 == 0) {
            v /= 10;
            s--;
        }
        beforeValue();
        if (s == 0) {
            writeDecimal(v);
            return this;
        }
        if (v < 0) {
            put((byte) '-');
            v = -v;
        }
        long unit = 1;
        for (int i = 0; i < s; i++) {
            unit *= 10;
        }
        writeDecimal(v / unit);
        ensure(s + 1);
        buf[pos++] = '.';
        long fraction = v % unit;
        for (int i = pos + s - 1; i >= pos; i--) {
            buf[i] = (byte) ('0' + fraction % 10);
            fraction /= 10;
        }
        pos += s;
        return this;
    }

    public JsonWriter bool(boolean value) {
        beforeValue();
        writeAscii(value ? "true" : "false");
        return this;
    }

    public JsonWriter nullValue() {
        beforeValue();
        writeAscii("null");
        return this;
    }

    /** Bytes written so far. */
    public int size() {
        return pos;
    }

    /** A copy of the document. */
    public byte[] toByteArray() {
        return Arrays.copyOf(buf, pos);
    }

    /** Appends the document to {@code out}: a response is written from here without a copy of its own. */
    void copyTo(ByteBuf out) {
        out.writeBytes(buf, 0, pos);
    }

    /** A copy of the document in a new heap buffer. */
    public ByteBuf toByteBuf() {
        return Unpooled.wrappedBuffer(toByteArray());
    }

    private void beforeValue() {
        if (afterName) {
            afterName = false;
            return;
        }
        if (needsComma[depth]) {
            put((byte) ',');
        }
        needsComma[depth] = true;
    }

    private void push() {
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("JSON nested deeper than " + MAX_DEPTH);
        }
        needsComma[++depth] = false;
    }

    private void put(byte b) {
        ensure(1);
        buf[pos++] = b;
    }

    private void writeAscii(String ascii) {
        int n = ascii.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            buf[pos++] = (byte) ascii.charAt(i);
        }
    }

    /** Quotes and escapes as Jackson 2.23 does: non-ASCII as UTF-8, except surrogates, each escaped on its own. */
    private void writeQuoted(String s) {
        put((byte) '"');
        writeChars(s);
        put((byte) '"');
    }

    /** {@code s} escaped, without quotes. */
    private void writeChars(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 0x20 && c < 0x80 && c != '"' && c != '\\') {
                ensure(1);
                buf[pos++] = (byte) c;
            } else if (c < 0x80) {
                writeEscaped(c);
            } else if (c < 0x800) {
                ensure(2);
                buf[pos++] = (byte) (0xC0 | (c >> 6));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            } else if (Character.isSurrogate(c)) {
                writeUnicodeEscape(c);
            } else {
                ensure(3);
                buf[pos++] = (byte) (0xE0 | (c >> 12));
                buf[pos++] = (byte) (0x80 | ((c >> 6) & 0x3F));
                buf[pos++] = (byte) (0x80 | (c & 0x3F));
            }
        }
    }

    private void writeEscaped(char c) {
        ensure(6);
        buf[pos++] = '\\';
        switch (c) {
            case '"' -> buf[pos++] = '"';
            case '\\' -> buf[pos++] = '\\';
            case '\b' -> buf[pos++] = 'b';
            case '\t' -> buf[pos++] = 't';
            case '\f' -> buf[pos++] = 'f';
            case '\n' -> buf[pos++] = 'n';
            case '\r' -> buf[pos++] = 'r';
            default -> {
                pos--;
                writeUnicodeEscape(c);
            }
        }
    }

    private void writeUnicodeEscape(char c) {
        ensure(6);
        buf[pos++] = '\\';
        buf[pos++] = 'u';
        buf[pos++] = HEX[c >> 12];
        buf[pos++] = HEX[(c >> 8) & 0xF];
        buf[pos++] = HEX[(c >> 4) & 0xF];
        buf[pos++] = HEX[c & 0xF];
    }

    private void ensure(int more) {
        if (pos + more > buf.length) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + more));
        }
    }
}
