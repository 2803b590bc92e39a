package ordo.gateway.http;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpVersion;

/**
 * One request as {@link Http1Decoder} read it: the request line and header block from the bytes received (method,
 * target, version, the header fields as offsets into those bytes — a value becomes a {@code String} only when a route
 * asks, see {@link #header} — and what the framing fields say about the body and the connection), then its body.
 * The decoder passes the head itself on once the body is complete: no request object around it.
 *
 * <p>Ownership: {@link #body} is reference-counted and owned by whoever holds the request; the exchange releases it
 * once the request is answered (or dropped), unless it is the head's own buffer ({@link #ownsBody}), which is reused
 * with the head.
 *
 * <p>Reuse: a head, with its byte and field arrays, goes back to its connection's decoder once its exchange has left
 * the response queue ({@link #recycle}), and reads a later request of that connection: a keep-alive connection
 * copies each head into arrays it already has instead of two new ones per request. So a head's fields and headers
 * are the request's only until it is answered, as its body is.
 *
 * <p>Threading: made on the event loop; immutable once the decoder has passed it on until it is recycled, then read
 * by any thread; recycled on the event loop.
 */
final class Http1Head {

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final boolean[] TOKEN = tokenChars();
    private static final String BARE_LF = "a line must end with CRLF";
    private static final char[] HTTP = {'h', 't', 't', 'p'};
    private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"};

    String method;
    String uri;
    HttpVersion version;
    /** The {@code Content-Length}, or -1 (none). */
    long contentLength = -1;
    boolean chunked;
    boolean keepAlive;
    /** {@code Expect: 100-continue} on an HTTP/1.1 request. */
    boolean expectContinue;
    /** The body, set by the decoder when it is complete; empty when there is none. */
    ByteBuf body;
    /**
     * The head's bytes (the first {@link #length}); {@link #fields} holds name start, name end, value start, value end
     * per header.
     */
    private byte[] bytes;
    private int length;
    private int[] fields;
    private int fieldCount;
    /** The decoder this head goes back to when recycled; null: none (it is left to the collector). */
    private final Http1Decoder home;
    /** The buffer small bodies are copied into ({@link #ownBody}), kept for the head's later requests. */
    private ByteBuf ownBody;

    Http1Head() {
        this(null);
    }

    Http1Head(Http1Decoder home) {
        this.home = home;
    }

    /**
     * The array to copy the next head of {@code length} bytes into before {@link #parse(byte[], int, int, String)}:
     * this head's own when it is large enough.
     */
    byte[] buffer(int length) {
        return bytes != null && bytes.length >= length ? bytes : new byte[length];
    }

    /**
     * An empty buffer of this head's own with room for {@code length} bytes, to copy a small body into: reused with
     * the head, so it is not released with the request (see {@link #ownsBody}). Reused only while the head holds the
     * one reference: a route may {@code retain()} a body to keep it past its answer, and that body stays its own.
     */
    ByteBuf ownBody(int length) {
        if (ownBody == null || ownBody.refCnt() != 1 || ownBody.capacity() < length) {
            ownBody = Unpooled.buffer(Math.max(length, 256));
        }
        return ownBody.clear();
    }

    /** Whether {@link #body} is this head's own buffer, which goes with the head rather than being released. */
    boolean ownsBody() {
        return body != null && body == ownBody;
    }

    /** Event loop: the exchange is done with this request; the head may read another. */
    void recycle() {
        body = null;
        if (home != null) {
            home.recycle(this);
        }
    }

    /** Whether the arrays are small enough to keep for the next request (one with huge headers leaves them). */
    boolean worthKeeping(int maxBytes) {
        return bytes != null && bytes.length <= maxBytes;
    }

    /** Reads the request line and header fields; null, or what is wrong with them. */
    String parse(byte[] bytes, int requestLineLf) {
        return parse(bytes, requestLineLf, null);
    }

    /** As {@link #parse(byte[], int, int, String)} for a whole array. */
    String parse(byte[] bytes, int requestLineLf, String previousUri) {
        return parse(bytes, bytes.length, requestLineLf, previousUri);
    }

    /**
     * Reads the request line and header fields of {@code bytes[0, length)} (ending with the empty line); null, or
     * what is wrong with them. {@code previousUri}, the target of the connection's last request, is taken as this
     * one's when the bytes are the same (a client calls the same path again and again): no new string, and the
     * router's lookup finds its hash already computed. Whatever an earlier request left in this head is reset.
     */
    String parse(byte[] bytes, int length, int requestLineLf, String previousUri) {
        this.length = length;
        contentLength = -1;
        chunked = false;
        keepAlive = false;
        expectContinue = false;
        body = null;
        fieldCount = 0;
        // Every line ends with CRLF: a bare LF read as a line end here and not by a proxy in front is a smuggling gap.
        if (requestLineLf == 0 || bytes[requestLineLf - 1] != CR) {
            return BARE_LF;
        }
        int lineEnd = requestLineLf - 1;
        int i = 0;
        while (i < lineEnd && TOKEN[bytes[i] & 0xFF]) {
            i++;
        }
        if (i == 0 || i == lineEnd || !isBlank(bytes[i])) {
            return "a request line is METHOD SP target SP HTTP-version";
        }
        method = method(bytes, i);
        i = skipBlanks(bytes, i, lineEnd);
        int uriStart = i;
        while (i < lineEnd && (bytes[i] & 0xFF) > ' ' && bytes[i] != 0x7F) {
            i++;
        }
        if (i == uriStart || i == lineEnd || !isBlank(bytes[i])) {
            return "a request line is METHOD SP target SP HTTP-version";
        }
        int uriEnd = i;
        uri = sameText(bytes, uriStart, i - uriStart, previousUri) ? previousUri
                : new String(bytes, uriStart, i - uriStart, StandardCharsets.ISO_8859_1);
        i = skipBlanks(bytes, i, lineEnd);
        int versionStart = i;
        while (i < lineEnd && !isBlank(bytes[i])) {
            i++;
        }
        version = version(bytes, versionStart, i);
        if (version == null || skipBlanks(bytes, i, lineEnd) != lineEnd) {
            return "the version must be HTTP/1.1 or HTTP/1.0";
        }
        if (bytes[uriStart] != '/' && !isAbsoluteHttp(bytes, uriStart, uriEnd)) {
            // CONNECT's host:port, OPTIONS' *, a bare word: none names a resource here. They were routed as "/" and
            // answered 404 for a path never sent (found in QA). After the version, so an HTTP/2 preface is told that.
            return "the request target must be a path starting with / or an absolute http(s) URI";
        }
        return parseFields(bytes, requestLineLf + 1);
    }

    /** Whether {@code bytes[from, to)} starts with {@code http://} or {@code https://}, in any case (absolute-form). */
    private static boolean isAbsoluteHttp(byte[] bytes, int from, int to) {
        int i = from;
        for (char c : HTTP) {
            if (i == to || (bytes[i] | 0x20) != c) {
                return false;
            }
            i++;
        }
        if (i < to && (bytes[i] | 0x20) == 's') {
            i++;
        }
        return to - i >= 3 && bytes[i] == ':' && bytes[i + 1] == '/' && bytes[i + 2] == '/';
    }

    private String parseFields(byte[] bytes, int from) {
        // The head ends at its empty line, so every LF but that one ends a field: an array of at least that size.
        int slots = Math.max(0, countLf(bytes, from, length) - 1) * 4;
        int[] found = fields != null && fields.length >= slots ? fields : new int[slots];
        int count = 0;
        int position = from;
        while (true) {
            int lf = indexOf(bytes, position, length, LF);
            if (lf == length || lf == position || bytes[lf - 1] != CR) {
                return BARE_LF;
            }
            int lineEnd = lf - 1;
            if (lineEnd == position) {
                break;
            }
            if (count * 4 == slots) {
                return BARE_LF; // more lines than LFs counted: cannot be, short of a head that is not one
            }
            String invalid = field(bytes, position, lineEnd, found, count * 4);
            if (invalid != null) {
                return invalid;
            }
            count++;
            position = lf + 1;
        }
        this.bytes = bytes;
        fields = found;
        fieldCount = count;
        return readFraming();
    }

    private static int countLf(byte[] bytes, int from, int end) {
        int count = 0;
        for (int i = from; i < end; i++) {
            if (bytes[i] == LF) {
                count++;
            }
        }
        return count;
    }

    /**
     * Checks one header or trailer field line (without its CRLF) and puts name start, name end, value start and
     * value end into {@code into} from {@code at}; null, or what is wrong with it.
     */
    static String field(byte[] bytes, int position, int lineEnd, int[] into, int at) {
        if (isBlank(bytes[position])) {
            return "obsolete line folding is not accepted";
        }
        int colon = position;
        while (colon < lineEnd && TOKEN[bytes[colon] & 0xFF]) {
            colon++;
        }
        if (colon == position || colon == lineEnd || bytes[colon] != ':') {
            return "a header field is name \":\" value";
        }
        int valueStart = skipBlanks(bytes, colon + 1, lineEnd);
        int valueEnd = trimBlanks(bytes, valueStart, lineEnd);
        for (int v = valueStart; v < valueEnd; v++) {
            int c = bytes[v] & 0xFF;
            if ((c < ' ' && c != '\t') || c == 0x7F) {
                return "a header value holds a control character";
            }
        }
        into[at] = position;
        into[at + 1] = colon;
        into[at + 2] = valueStart;
        into[at + 3] = valueEnd;
        return null;
    }

    /** Fields a request may carry at most once, as they are written in the refusal. */
    private static final String[] SINGLETON_NAMES = {"Host", "Authorization", "Idempotency-Key", "Content-Type"};
    /** The bit of {@code Host} among {@link #SINGLETON_NAMES}. */
    private static final int HOST = 1;
    /** The same names in lower case, as {@link #is} compares them. */
    private static final String[] SINGLETON_LOWER = new String[SINGLETON_NAMES.length];

    static {
        for (int k = 0; k < SINGLETON_NAMES.length; k++) {
            SINGLETON_LOWER[k] = SINGLETON_NAMES[k].toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** The bit of a {@link #SINGLETON_NAMES} field, or 0. */
    private int singleton(int name, int nameLength) {
        for (int k = 0; k < SINGLETON_LOWER.length; k++) {
            if (is(name, nameLength, SINGLETON_LOWER[k])) {
                return 1 << k;
            }
        }
        return 0;
    }

    /**
     * What the framing fields say (Content-Length, Transfer-Encoding, Connection, Expect); null, or what is wrong
     * (also a field of {@link #SINGLETON_NAMES} given twice).
     */
    private String readFraming() {
        boolean close = false;
        int singletonsSeen = 0;
        boolean keepAliveAsked = false;
        int transferCodings = 0;
        for (int i = 0; i < fieldCount; i++) {
            int name = fields[i * 4];
            int nameLength = fields[i * 4 + 1] - name;
            int value = fields[i * 4 + 2];
            int valueEnd = fields[i * 4 + 3];
            if (is(name, nameLength, "content-length")) {
                if (contentLength >= 0) {
                    return "more than one Content-Length";
                }
                contentLength = parseLength(bytes, value, valueEnd);
                if (contentLength < 0) {
                    return "Content-Length is not a number of bytes";
                }
            } else if (is(name, nameLength, "transfer-encoding")) {
                int items = codings(bytes, value, valueEnd);
                if (items < 0) {
                    return "a Transfer-Encoding is a list of codings";
                }
                transferCodings += items;
                // Decides only when it is the one coding of all the fields; any other shape is refused below.
                chunked = items == 1 && isChunked(bytes, value, valueEnd);
            } else if (is(name, nameLength, "connection")) {
                close |= hasToken(bytes, value, valueEnd, "close");
                keepAliveAsked |= hasToken(bytes, value, valueEnd, "keep-alive");
            } else if (is(name, nameLength, "expect")) {
                // Every Expect field counts: a 100-continue in any of them asks for the interim answer.
                expectContinue |= hasToken(bytes, value, valueEnd, "100-continue");
            } else {
                // Fields that may appear once (RFC 9110 §5.3: not lists): two of them make the request ambiguous
                // (which key, which credentials?), and the first was used silently (found in QA).
                int single = singleton(name, nameLength);
                if (single != 0) {
                    if ((singletonsSeen & single) != 0) {
                        return "more than one " + SINGLETON_NAMES[Integer.numberOfTrailingZeros(single)];
                    }
                    singletonsSeen |= single;
                }
            }
        }
        if (version == HttpVersion.HTTP_1_1 && (singletonsSeen & HOST) == 0) {
            // RFC 9112 §3.2: a server must answer 400 to an HTTP/1.1 request without Host (1.0 may omit it).
            return "it carries no Host";
        }
        keepAlive = !close && (version == HttpVersion.HTTP_1_1 || keepAliveAsked);
        expectContinue &= version == HttpVersion.HTTP_1_1;
        if (transferCodings > 0) {
            // RFC 9112 §6.1, §6.3: anything but a body framed by chunked alone is refused (chunked twice or not last
            // is a request-smuggling shape; no content coding is supported, and a body passed on still encoded would
            // only fail later, less clearly); a length beside it is a smuggling shape too, refused without running
            // the request.
            if (version != HttpVersion.HTTP_1_1) {
                return "Transfer-Encoding needs HTTP/1.1";
            }
            if (transferCodings != 1 || !chunked) {
                return "the Transfer-Encoding must be chunked alone";
            }
            if (contentLength >= 0) {
                return "both Content-Length and Transfer-Encoding";
            }
        }
        return null;
    }

    /** How many codings a Transfer-Encoding value lists; -1 when an item is empty. */
    private static int codings(byte[] bytes, int from, int to) {
        int items = 0;
        int i = from;
        while (true) {
            int itemStart = skipBlanks(bytes, i, to);
            int itemEnd = itemEnd(bytes, itemStart, to);
            if (trimBlanks(bytes, itemStart, itemEnd) == itemStart) {
                return -1;
            }
            items++;
            if (itemEnd == to) {
                return items;
            }
            i = itemEnd + 1;
        }
    }

    /** Where the item of a comma-separated list that starts at {@code from} ends: its comma, or {@code to}. */
    private static int itemEnd(byte[] bytes, int from, int to) {
        int end = from;
        while (end < to && bytes[end] != ',') {
            end++;
        }
        return end;
    }

    /** {@code to} moved back over trailing blanks, not before {@code from}. */
    private static int trimBlanks(byte[] bytes, int from, int to) {
        int end = to;
        while (end > from && isBlank(bytes[end - 1])) {
            end--;
        }
        return end;
    }

    private static boolean isChunked(byte[] bytes, int from, int to) {
        return to - from == 7 && regionEqualsIgnoreCase(bytes, from, "chunked");
    }

    /** The first value of the named header (ASCII, any case), or null; values are ISO-8859-1 as Netty gave them. */
    String header(String name) {
        return header(name, null);
    }

    /**
     * As {@link #header(String)}, but {@code previous} itself when the value is the same text: a keep-alive client
     * sends the same {@code Authorization} and {@code Content-Type} with every request, and the connection offers the
     * last one instead of a new String each time. The comparison takes time that depends only on the value's length
     * (every byte is looked at), so {@code previous} may be a secret (the connection's remembered key).
     */
    String header(String name, String previous) {
        for (int i = 0; i < fieldCount; i++) {
            int start = fields[i * 4];
            if (fields[i * 4 + 1] - start == name.length() && regionEqualsIgnoreCase(bytes, start, name)) {
                int from = fields[i * 4 + 2];
                int length = fields[i * 4 + 3] - from;
                return previous != null && sameTextInConstantTime(bytes, from, length, previous) ? previous
                        : new String(bytes, from, length, StandardCharsets.ISO_8859_1);
            }
        }
        return null;
    }

    /**
     * The first content coding other than {@code identity} in any Content-Encoding field (a list, which may come in
     * several fields: RFC 9110 §8.4), or null. None is supported: a gzip body was read as plain JSON, where RFC 9110
     * §15.5.16 says 415 (found in QA).
     */
    String contentCoding() {
        for (int i = 0; i < fieldCount; i++) {
            int name = fields[i * 4];
            if (!is(name, fields[i * 4 + 1] - name, "content-encoding")) {
                continue;
            }
            int to = fields[i * 4 + 3];
            int at = fields[i * 4 + 2];
            while (at < to) {
                int itemStart = skipBlanks(bytes, at, to);
                int itemEnd = itemEnd(bytes, itemStart, to);
                int trimmed = trimBlanks(bytes, itemStart, itemEnd);
                boolean identity = trimmed - itemStart == 8 && regionEqualsIgnoreCase(bytes, itemStart, "identity");
                if (trimmed > itemStart && !identity) {
                    return new String(bytes, itemStart, trimmed - itemStart, StandardCharsets.ISO_8859_1);
                }
                at = itemEnd + 1;
            }
        }
        return null;
    }

    /** Whether the ISO-8859-1 text of the bytes is {@code text}, looking at every byte whatever the answer. */
    private static boolean sameTextInConstantTime(byte[] bytes, int from, int length, String text) {
        int textLength = text.length();
        if (textLength == 0) {
            return length == 0;
        }
        int difference = length ^ textLength;
        // Past the text's end its last character stands in (the length difference already decided the answer).
        int last = textLength - 1;
        for (int i = 0; i < length; i++) {
            difference |= (bytes[from + i] & 0xFF) ^ text.charAt(Math.min(i, last));
        }
        return difference == 0;
    }

    private boolean is(int start, int length, String lowerCaseName) {
        return length == lowerCaseName.length() && regionEqualsIgnoreCase(bytes, start, lowerCaseName);
    }

    /** ASCII case-insensitive. */
    private static boolean regionEqualsIgnoreCase(byte[] bytes, int start, String text) {
        for (int i = 0; i < text.length(); i++) {
            int a = bytes[start + i];
            int b = text.charAt(i);
            if (a != b && lower(a) != lower(b)) {
                return false;
            }
        }
        return true;
    }

    private static int lower(int c) {
        return c >= 'A' && c <= 'Z' ? c + ('a' - 'A') : c;
    }

    /** Whether a comma-separated field value lists {@code token} (any case). */
    private static boolean hasToken(byte[] bytes, int from, int to, String token) {
        int i = from;
        while (i < to) {
            int itemStart = skipBlanks(bytes, i, to);
            int itemEnd = itemEnd(bytes, itemStart, to);
            int trimmed = trimBlanks(bytes, itemStart, itemEnd);
            if (trimmed - itemStart == token.length() && regionEqualsIgnoreCase(bytes, itemStart, token)) {
                return true;
            }
            i = itemEnd + 1;
        }
        return false;
    }

    /** Decimal digits only (no sign, no list); -1 when not a length. */
    private static long parseLength(byte[] bytes, int from, int to) {
        if (from == to || to - from > 18) {
            return -1;
        }
        long value = 0;
        for (int i = from; i < to; i++) {
            int digit = bytes[i] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
        }
        return value;
    }

    /** Whether this is a HEAD request, whose answer carries no body. */
    boolean isHead() {
        return "HEAD".equals(method);
    }

    private static String method(byte[] bytes, int length) {
        for (String known : METHODS) {
            if (known.length() == length && regionEquals(bytes, known)) {
                return known;
            }
        }
        return new String(bytes, 0, length, StandardCharsets.ISO_8859_1);
    }

    /** Whether the ISO-8859-1 text of {@code bytes[from, from + length)} is {@code text}. */
    private static boolean sameText(byte[] bytes, int from, int length, String text) {
        if (text == null || text.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            if ((bytes[from + i] & 0xFF) != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static boolean regionEquals(byte[] bytes, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static HttpVersion version(byte[] bytes, int from, int to) {
        if (to - from != 8 || bytes[from] != 'H' || bytes[from + 1] != 'T' || bytes[from + 2] != 'T'
                || bytes[from + 3] != 'P' || bytes[from + 4] != '/' || bytes[from + 5] != '1' || bytes[from + 6] != '.') {
            return null;
        }
        return bytes[from + 7] == '1' ? HttpVersion.HTTP_1_1 : bytes[from + 7] == '0' ? HttpVersion.HTTP_1_0 : null;
    }

    /** The index of {@code value} in {@code bytes[from, end)}, or {@code end}. */
    private static int indexOf(byte[] bytes, int from, int end, byte value) {
        for (int i = from; i < end; i++) {
            if (bytes[i] == value) {
                return i;
            }
        }
        return end;
    }

    private static int skipBlanks(byte[] bytes, int from, int to) {
        int i = from;
        while (i < to && isBlank(bytes[i])) {
            i++;
        }
        return i;
    }

    static boolean isBlank(byte b) {
        return b == ' ' || b == '\t';
    }

    static boolean isTokenChar(byte b) {
        return TOKEN[b & 0xFF];
    }

    /** RFC 9110 §5.6.2 tchar. */
    private static boolean[] tokenChars() {
        boolean[] token = new boolean[256];
        for (int c = '0'; c <= '9'; c++) {
            token[c] = true;
        }
        for (int c = 'a'; c <= 'z'; c++) {
            token[c] = true;
            token[c - 'a' + 'A'] = true;
        }
        for (char c : "!#$%&'*+-.^_`|~".toCharArray()) {
            token[c] = true;
        }
        return token;
    }
}
