package ordo.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.netty.buffer.AdaptiveByteBufAllocator;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.ReferenceCounted;

/**
 * One place in a connection's ordered response queue: a response that will be written when every
 * response before it has been.
 *
 * <p>Wire form: the thread that answers encodes the whole response (status line, headers, body) into one pooled
 * direct buffer from pre-encoded pieces ({@link #start}, then the body), so a response is one buffer and one copy of
 * its body, with no header map, no {@code HttpResponse} object and no encoder in the pipeline; the event loop only
 * writes it. Encoding on the answering thread (the reply thread, mostly) takes the allocation and the copy off the
 * event loop, which was the busiest thread. The response is encoded for the connection the request asked for;
 * should the connection have to close after it after all (the pipelining bound, a deadline missed later), the
 * event loop rewrites its {@code connection} header when it takes it ({@link #take}), a rare path.
 *
 * <p>Ownership: the request fields are set on the event loop at creation. The response fields are
 * written exactly once by whichever thread answers ({@link #fill}) and then handed to the event loop
 * through the connection's {@link ReplyInbox} (a queue, which makes them visible there). {@link #ready}
 * and everything after are touched on the event loop only.
 */
class PendingResponse {

    private static final byte[] CONTENT_TYPE = ascii("content-type: ");
    private static final byte[] CONTENT_LENGTH = ascii("content-length: ");
    private static final byte[] CONNECTION_CLOSE = ascii("connection: close\r\n");
    private static final byte[] CONNECTION_KEEP_ALIVE = ascii("connection: keep-alive\r\n");
    private static final byte[] LOCATION = ascii("location: ");
    private static final byte[] JSON = ascii(HttpExchange.JSON_CONTENT_TYPE);
    private static final byte[] PROBLEM_JSON = ascii(Problem.CONTENT_TYPE);
    private static final int FIRST_STATUS = 100;
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] HEADER_SEPARATOR = {':', ' '};
    /**
     * Status lines by code, {@code "HTTP/1.1 201 Created\r\n"}, all made when the class is initialised: filled
     * lazily, an array written on one event loop could be read half-published on another.
     */
    private static final byte[][] STATUS_LINES_11 = statusLines("HTTP/1.1 ");
    private static final byte[][] STATUS_LINES_10 = statusLines("HTTP/1.0 ");
    /**
     * Where responses are allocated, whichever thread answers: Netty's adaptive pool, a magazine of its own for every
     * event loop, the pool's shared (striped, locked) magazines for the pipeline's thread that answers (the fused
     * stage, or the reply stage). Its memory is not counted in the channel allocator's {@code usedDirectMemory}. The
     * pipeline allocates, the event loop releases: with a magazine of its own for the pipeline's thread
     * ({@code useCacheForNonEventLoopThreads}) that thread kept allocating new chunks (fresh direct memory: zeroed,
     * page-faulted) while its thread-local chunk cache's purge scan freed old ones — 10–12 % of the fused stage's
     * samples under the flash sale. With the shared magazines it reuses its chunks (docs/BENCHMARKS.md, eighteenth
     * round).
     */
    private static final ByteBufAllocator RESPONSES = new AdaptiveByteBufAllocator(true, false);
    /** The head after the status line and route headers, content type aside: every fixed line and a length. */
    private static final int FIXED_HEAD_BYTES = 128;
    private static final ThreadLocal<byte[]> HEAD_SCRATCH = ThreadLocal.withInitial(() -> new byte[256]);
    /** Room for the status line, the fixed headers and a content length: one allocation for nearly every answer. */
    private static final int HEAD_ESTIMATE = 128;

    /** The connection this response is written to (its {@link HttpConnectionHandler} takes it from the inbox). */
    final HttpConnectionHandler owner;
    final HttpVersion version;
    final boolean requestKeepAlive;
    /** A HEAD request: the response says everything a GET's would, body length included, and sends no body. */
    final boolean head;
    final long receivedNanos;
    /** Released on the event loop once the response has left the queue (written or dropped). */
    private final ReferenceCounted request;

    /** Set by the dispatcher on the event loop before the route runs; null for unrouted requests. */
    String routeName;

    int status;
    /** The whole response, encoded for a connection that stays open exactly when {@link #requestKeepAlive}. */
    private ByteBuf encoded;
    /** The connection must close after this response (it answers a broken or timed-out request). */
    boolean forceClose;
    /**
     * No response could be made (the answering thread ran out of memory for it): the connection closes when this
     * slot reaches the head, after the answers before it. Written once before the slot is handed over, like
     * {@link #encoded}.
     */
    private boolean abandoned;

    /** Event loop only: the response is filled in and may be written once it reaches the head. */
    boolean ready;

    /**
     * The response's {@code location}, when it has one ({@link HttpExchange#setLocation}): its path up to the id, and
     * the id, written into the head as the rest of it is, without a header map or a string (a 201 of every hold
     * carries one). Set by the answering thread before it answers, as response headers are.
     */
    private byte[] locationPath;
    private HttpExchange.IdWriter locationWriter;
    private long locationId;
    private int locationIdLength;

    /** Sets the {@code location} header: {@code path}, then the id {@code writer} writes, {@code idLength} bytes. */
    void location(byte[] path, HttpExchange.IdWriter writer, long id, int idLength) {
        locationPath = path;
        locationWriter = writer;
        locationId = id;
        locationIdLength = idLength;
    }

    PendingResponse(HttpConnectionHandler owner, HttpVersion version, boolean requestKeepAlive, boolean head,
                    long receivedNanos, ReferenceCounted request) {
        this.owner = owner;
        this.version = version;
        this.requestKeepAlive = requestKeepAlive;
        this.head = head;
        this.receivedNanos = receivedNanos;
        this.request = request;
    }

    /**
     * Any thread: a response with a body of {@code length} bytes, its status line and headers written into a new
     * buffer with room for the body; the caller writes the body after them unless {@link #head}, then hands the
     * buffer to {@link #fill}. Touches no field of this slot but the final ones, so a second (refused) answer
     * leaves the first intact (it reads the {@link #location} set before). The headers are what Netty's encoder wrote
     * for the same response: route headers first, then a 201's {@code location}, then {@code content-type} (when there
     * is a body), {@code content-length} (except on 204 and 304), and
     * {@code connection} as {@code HttpUtil.setKeepAlive} sets it for the request's version.
     */
    ByteBuf start(int status, String contentType, int length, HttpHeaders headers) {
        boolean http10 = version == HttpVersion.HTTP_1_0;
        byte[] statusLine = statusLine(status, http10);
        byte[] type = length > 0 && contentType != null ? contentTypeBytes(contentType) : null;
        int extra = headers == null ? 0 : 64 * headers.size();
        int locationBytes = locationPath == null ? 0 :
            LOCATION.length + locationPath.length + locationIdLength + CRLF.length;
        int bodyBytes = head ? 0 : length;
        // The head is put together in a plain array and copied in at once: a write per piece into the direct buffer
        // (bounds, reference count and a method handle each time) was most of the cost of encoding.
        byte[] scratch = HEAD_SCRATCH.get();
        int needed = statusLine.length + FIXED_HEAD_BYTES + (type == null ? 0 : type.length) + locationBytes;
        if (scratch.length < needed) {
            scratch = new byte[needed];
        }
        ByteBuf out = RESPONSES.directBuffer(statusLine.length + HEAD_ESTIMATE + extra + locationBytes + bodyBytes);
        try {
            int at = 0;
            if (headers == null) {
                at = put(scratch, at, statusLine);
            } else {
                out.writeBytes(statusLine);
                for (Map.Entry<String, String> header : headers) {
                    out.writeCharSequence(header.getKey(), StandardCharsets.US_ASCII);
                    out.writeBytes(HEADER_SEPARATOR);
                    out.writeCharSequence(header.getValue(), StandardCharsets.US_ASCII);
                    out.writeBytes(CRLF);
                }
            }
            // A 201's only: a 500 answered after a route set it (its rendering failed) names nothing created.
            if (locationPath != null && status == 201) {
                at = put(scratch, put(scratch, at, LOCATION), locationPath);
                locationWriter.write(locationId, scratch, at);
                at = put(scratch, at + locationIdLength, CRLF);
            }
            if (type != null) {
                at = put(scratch, put(scratch, put(scratch, at, CONTENT_TYPE), type), CRLF);
            }
            // RFC 9110 §8.6: no Content-Length on 1xx and 204; 304 would describe a representation we never send.
            if (status != 204 && status != 304) {
                at = put(scratch, putDecimal(scratch, put(scratch, at, CONTENT_LENGTH), length), CRLF);
            }
            if (http10 && requestKeepAlive) {
                at = put(scratch, at, CONNECTION_KEEP_ALIVE);
            } else if (!http10 && !requestKeepAlive) {
                at = put(scratch, at, CONNECTION_CLOSE);
            }
            at = put(scratch, at, CRLF);
            out.writeBytes(scratch, 0, at);
            return out;
        } catch (RuntimeException | OutOfMemoryError e) {
            // Out of memory is survivable here (the answer is abandoned, the pipeline goes on): don't leak the buffer.
            out.release();
            throw e;
        }
    }

    private static int put(byte[] into, int at, byte[] bytes) {
        System.arraycopy(bytes, 0, into, at, bytes.length);
        return at + bytes.length;
    }

    /** {@code value} (not negative) in decimal digits at {@code at}; the position after them. */
    private static int putDecimal(byte[] into, int at, int value) {
        int digits = 1;
        for (int rest = value / 10; rest != 0; rest /= 10) {
            digits++;
        }
        int end = at + digits;
        int rest = value;
        for (int i = end - 1; i >= at; i--) {
            into[i] = (byte) ('0' + rest % 10);
            rest /= 10;
        }
        return end;
    }

    /** As {@link #start}, with the body copied in from {@code body} (which the caller still owns). */
    ByteBuf encode(int status, String contentType, ByteBuf body, HttpHeaders headers) {
        int length = body == null ? 0 : body.readableBytes();
        ByteBuf out = start(status, contentType, length, headers);
        if (!head && length > 0) {
            out.writeBytes(body, body.readerIndex(), length);
        }
        return out;
    }

    /** As {@link #start}, with the body copied in from {@code body[offset, offset + length)}. */
    ByteBuf encode(int status, String contentType, byte[] body, int offset, int length, HttpHeaders headers) {
        ByteBuf out = start(status, contentType, length, headers);
        if (!head && length > 0) {
            out.writeBytes(body, offset, length);
        }
        return out;
    }

    /** Any thread, once: the answer, already encoded ({@link #start}); takes ownership of {@code response}. */
    void fill(int status, ByteBuf response) {
        this.status = status;
        this.encoded = response;
    }

    /**
     * Any thread, once, instead of {@link #fill}: there is no answer; the client learns it from the connection
     * closing (nothing after this request on it is answered, as for any broken request).
     */
    void markAbandoned(int status) {
        this.status = status;
        this.abandoned = true;
    }

    /** Event loop: no answer was made for this request ({@link #markAbandoned}); its connection closes instead. */
    boolean abandoned() {
        return abandoned;
    }

    /** Event loop: whether the connection must close once this response is written. */
    boolean closesConnection() {
        return forceClose || abandoned || !requestKeepAlive;
    }

    /**
     * Event loop: the response to write, which the caller then owns; releases the request. {@code close}: the
     * connection closes after it, which rewrites the {@code connection} header when the request had asked to keep
     * it (the rare case: only the pipelining bound or a deadline decides that after the request was read).
     */
    ByteBuf take(boolean close) {
        ByteBuf response = encoded;
        encoded = null;
        releaseRequest();
        if (abandoned) {
            return Unpooled.EMPTY_BUFFER;
        }
        if (!close || !requestKeepAlive) {
            return response;
        }
        try {
            return closing(response);
        } finally {
            response.release();
        }
    }

    /** The same response with the head saying the connection closes (written as if the request had asked so). */
    private ByteBuf closing(ByteBuf keepAlive) {
        int headEnd = indexOfBlankLine(keepAlive);
        boolean http10 = version == HttpVersion.HTTP_1_0;
        // HTTP/1.0 keep-alive said so in a header, which goes; HTTP/1.1 closing needs one, which comes.
        int keep = http10 ? headEnd - CONNECTION_KEEP_ALIVE.length : headEnd;
        ByteBuf out = RESPONSES.directBuffer(keepAlive.readableBytes() + CONNECTION_CLOSE.length);
        out.writeBytes(keepAlive, keepAlive.readerIndex(), keep - keepAlive.readerIndex());
        if (!http10) {
            out.writeBytes(CONNECTION_CLOSE);
        }
        out.writeBytes(keepAlive, headEnd, keepAlive.writerIndex() - headEnd);
        return out;
    }

    /** Where the head's closing CRLF starts: the first empty line (no header line is empty). */
    private static int indexOfBlankLine(ByteBuf response) {
        for (int i = response.readerIndex(); i + 3 < response.writerIndex(); i++) {
            if (response.getByte(i) == '\r' && response.getByte(i + 1) == '\n' && response.getByte(i + 2) == '\r'
                    && response.getByte(i + 3) == '\n') {
                return i + 2;
            }
        }
        throw new IllegalStateException("an encoded response without the end of its head");
    }

    /** The two content types of nearly every answer as pre-encoded bytes. */
    private static byte[] contentTypeBytes(String contentType) {
        if (contentType == HttpExchange.JSON_CONTENT_TYPE) {
            return JSON;
        }
        return contentType == Problem.CONTENT_TYPE ? PROBLEM_JSON : ascii(contentType);
    }

    private static byte[] statusLine(int status, boolean http10) {
        byte[][] table = http10 ? STATUS_LINES_10 : STATUS_LINES_11;
        if (status >= FIRST_STATUS && status < table.length) {
            return table[status];
        }
        return ascii((http10 ? "HTTP/1.0 " : "HTTP/1.1 ") + HttpResponseStatus.valueOf(status) + "\r\n");
    }

    private static byte[][] statusLines(String version) {
        byte[][] lines = new byte[600][];
        for (int status = FIRST_STATUS; status < lines.length; status++) {
            lines[status] = ascii(version + HttpResponseStatus.valueOf(status) + "\r\n");
        }
        return lines;
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Event loop: drops the response unwritten (the connection is gone). */
    void discard() {
        if (encoded != null) {
            ReferenceCountUtil.safeRelease(encoded);
            encoded = null;
        }
        releaseRequest();
    }

    /** Event loop, once the response has left the queue (written or dropped): the request is done with. */
    void releaseRequest() {
        if (request != null && request.refCnt() > 0) {
            request.release();
        }
    }
}
