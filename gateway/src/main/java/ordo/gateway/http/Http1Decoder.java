package ordo.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.ByteToMessageDecoder;
import io.netty.handler.codec.http.HttpVersion;

/**
 * The HTTP/1.1 request decoder of this API, in place of Netty's {@code HttpServerCodec} and
 * {@code HttpObjectAggregator} (whose decoding, header maps and composite buffer per request were ~20 % of the
 * event loop). It finds the end of the request line and header block within their limits, has {@link Http1Head}
 * parse them (header values become strings only when a route asks), reads the body by {@code Content-Length} or
 * chunked, and passes one {@link Http1Head}, with its body, per complete request to the next handler. What it does, as the Netty
 * pair did:
 * <ul>
 *   <li>Limits: a request line over {@code maxInitialLineBytes} is {@link Rejected} 414, a header block over
 *   {@code maxHeaderBytes} 431, anything that is not HTTP/1.x 400; after a rejection nothing more is read.</li>
 *   <li>Bodies over {@code maxBodyBytes} become an {@link OversizedRequest} (413 in its turn): an announced length is
 *   skipped and the connection lives on (or closes, if the client will not keep it); with
 *   {@code Expect: 100-continue} the connection closes after the 413 (a client may send the body anyway); a chunked
 *   body that grows past the limit closes the connection; a skipped body that misses the deadline closes it with no
 *   second answer ({@link #EXPIRED_AFTER_ANSWER}). {@code Expect: 100-continue} within the limit is answered
 *   {@code 100 Continue} at once; other expectations are ignored (RFC 9110 §10.1.1).</li>
 *   <li>The whole-request deadline: a request must be complete {@code requestTimeout} after its first byte, or
 *   {@link #EXPIRED} is fired (408 in its turn, then the connection closes). This stops a slow-loris client, which
 *   the idle timeout alone never catches. Up to four empty lines before a request start no deadline; more are 400.</li>
 *   <li>Request smuggling: as strict as Netty 4.2 or stricter. Every line ends with CRLF; a
 *   {@code Transfer-Encoding} must be HTTP/1.1 and be {@code chunked} alone (no other coding, in any field), and
 *   never comes with a {@code Content-Length}; chunk-size lines are a hexadecimal size and chunk extensions, trailers are checked like
 *   header fields. Anything else is 400 and the connection closes.</li>
 * </ul>
 * Not supported, answered 400: obsolete header line folding, versions other than HTTP/1.0 and 1.1, more than one
 * {@code Content-Length}, transfer codings other than chunked.
 *
 * <p>Threading: per channel, event loop only.
 */
final class Http1Decoder extends ChannelInboundHandlerAdapter {

    /** The user event fired when a request misses its deadline. */
    static final Object EXPIRED = new Object() {
        @Override
        public String toString() {
            return "Http1Decoder.EXPIRED";
        }
    };

    /** The user event fired when a body skipped after its 413 misses its deadline: close, answering nothing more. */
    static final Object EXPIRED_AFTER_ANSWER = new Object() {
        @Override
        public String toString() {
            return "Http1Decoder.EXPIRED_AFTER_ANSWER";
        }
    };

    /**
     * The user event that asks the decoder to read on in what it already holds, fired from the pipeline's head when
     * the connection resumes reading (see {@link #decode}).
     */
    static final Object RESUME_DECODING = new Object() {
        @Override
        public String toString() {
            return "Http1Decoder.RESUME_DECODING";
        }
    };

    /** A request that cannot be read (400, 414, 431); the connection closes after its answer. */
    record Rejected(Problem problem) {
    }

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte[] CONTINUE = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    /** A chunk-size line (hex size and extensions) longer than this is not one. */
    private static final int MAX_CHUNK_LINE_BYTES = 1_024;
    /** CR and LF bytes allowed before a request: four empty lines. */
    private static final int MAX_BLANK_BYTES = 8;
    /** Heads kept for reuse per connection: one per request in flight covers a client that does not pipeline. */
    private static final int MAX_FREE_HEADS = 4;
    /** A head whose bytes grew past this is not kept: an idle connection should not hold a huge header block. */
    private static final int MAX_KEPT_HEAD_BYTES = 2_048;
    /** A fixed body up to this long is copied into its head's reused buffer (see {@link Http1Head#ownBody}). */
    private static final int MAX_KEPT_BODY_BYTES = 2_048;

    private enum State { HEAD, FIXED_BODY, CHUNK_SIZE, CHUNK_DATA, CHUNK_END, TRAILERS, SKIP_BODY, BROKEN }

    private final int maxInitialLineBytes;
    private final int maxHeaderBytes;
    private final int maxBodyBytes;
    private final long timeoutNanos;

    private ChannelHandlerContext ctx;
    private ByteBuf cumulation;
    private State state = State.HEAD;
    /** Where the search for the end of the header block goes on, relative to the reader index. */
    private int headScanOffset;
    /** Bytes still to read of a fixed body, a chunk or a skipped body; trailer bytes read so far. */
    private long remaining;
    /** CR and LF bytes skipped since the last request started. */
    private int blankBytes;

    /** The target of the last request read, offered to the next head to reuse (see {@link Http1Head#parse}). */
    private String lastUri;
    /** The head of the request whose body is not complete yet. */
    private Http1Head head;
    /**
     * Heads whose exchanges are done, for the next requests (see {@link Http1Head#recycle}); a few, with small arrays,
     * so an idle connection keeps little.
     */
    private final ArrayDeque<Http1Head> freeHeads = new ArrayDeque<>(MAX_FREE_HEADS);
    private ByteBuf chunkedBody;

    /** When the request being read must be complete ({@code System.nanoTime()}); 0 while none is being read. */
    private long deadlineNanos;
    /**
     * The one scheduled check, or null. Disarming leaves it scheduled: when it runs it finds no deadline, or a later
     * one (a request that started since) and schedules itself for that; a keep-alive connection schedules about one
     * check per timeout instead of a timer per request.
     */
    private ScheduledFuture<?> timer;

    Http1Decoder(int maxInitialLineBytes, int maxHeaderBytes, int maxBodyBytes, long timeoutNanos) {
        this.maxInitialLineBytes = maxInitialLineBytes;
        this.maxHeaderBytes = maxHeaderBytes;
        this.maxBodyBytes = maxBodyBytes;
        this.timeoutNanos = timeoutNanos;
    }

    /** 414, naming the limit (QA-235: the detail said only "longer than allowed", where 413 names its own). */
    private Problem lineTooLong() {
        return ProblemCode.URI_TOO_LONG.problem("the request line is longer than the " + maxInitialLineBytes
                + " bytes allowed").with("maxRequestLineBytes", maxInitialLineBytes);
    }

    /** 431, naming the limit. */
    private Problem headersTooLarge() {
        return ProblemCode.HEADERS_TOO_LARGE.problem("the request headers are larger than the " + maxHeaderBytes
                + " bytes allowed").with("maxHeaderBytes", maxHeaderBytes);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        releaseBuffers();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        state = State.BROKEN;
        deadlineNanos = 0;
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        releaseBuffers();
        ctx.fireChannelInactive();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf in)) {
            ctx.fireChannelRead(msg);
            return;
        }
        if (state == State.BROKEN) {
            in.release();
            return;
        }
        cumulation = cumulation == null ? in : ByteToMessageDecoder.MERGE_CUMULATOR.cumulate(ctx.alloc(), cumulation, in);
        decodeHeld(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event != RESUME_DECODING) {
            ctx.fireUserEventTriggered(event);
            return;
        }
        if (cumulation != null && state != State.BROKEN) {
            decodeHeld(ctx);
            // As after a socket read: the connection flushes what the requests just decoded answered at once.
            ctx.fireChannelReadComplete();
        }
    }

    /** Decodes what the cumulation holds, then frees or compacts it. */
    private void decodeHeld(ChannelHandlerContext ctx) {
        try {
            decode();
        } catch (RuntimeException bug) {
            state = State.BROKEN;
            releaseBuffers();
            ctx.fireExceptionCaught(bug);
            return;
        }
        ByteBuf buf = cumulation;
        if (buf != null) {
            if (!buf.isReadable()) {
                cumulation = null;
                buf.release();
            } else if (buf.refCnt() == 1) {
                // Only when no body slice still points into it: discarding moves the bytes.
                buf.discardSomeReadBytes();
            }
        }
    }

    private void decode() {
        boolean progress = true;
        while (progress && cumulation != null) {
            progress = switch (state) {
                // Between requests, only while the connection reads: paused (too many requests in flight), the
                // rest waits here, as it would in the socket, until RESUME_DECODING. A burst of tiny pipelined
                // requests held in one read was decoded whole, past the hard bound, and the hundreds beyond it,
                // run already, were never answered (found in review).
                case HEAD -> ctx.channel().config().isAutoRead() && readHead();
                case FIXED_BODY -> readFixedBody();
                case CHUNK_SIZE -> readChunkSize();
                case CHUNK_DATA -> readChunkData();
                case CHUNK_END -> readChunkEnd();
                case TRAILERS -> readTrailers();
                case SKIP_BODY -> skipBody();
                case BROKEN -> {
                    cumulation.skipBytes(cumulation.readableBytes());
                    yield false;
                }
            };
        }
    }

    private boolean readHead() {
        ByteBuf buf = cumulation;
        int start = buf.readerIndex();
        int end = buf.writerIndex();
        // A few empty lines between requests are skipped (RFC 9112 §2.2) and start no deadline; more are refused, or
        // a client could hold the connection forever by sending one now and then (the idle timeout sees it read).
        while (start < end && (buf.getByte(start) == CR || buf.getByte(start) == LF)) {
            start++;
            if (++blankBytes > MAX_BLANK_BYTES) {
                return malformed("too many empty lines before a request");
            }
        }
        if (start > buf.readerIndex()) {
            buf.readerIndex(start);
            headScanOffset = 0;
        }
        if (start == end) {
            return false;
        }
        if (deadlineNanos == 0) {
            blankBytes = 0;
            arm();
        }
        int lineEnd = buf.indexOf(start, Math.min(end, start + maxInitialLineBytes + 2), LF);
        if (lineEnd < 0) {
            if (end - start > maxInitialLineBytes + 1) {
                return reject(lineTooLong());
            }
            return false;
        }
        if (lineLength(buf, start, lineEnd) > maxInitialLineBytes) {
            return reject(lineTooLong());
        }
        int headersStart = lineEnd + 1;
        int position = Math.max(headersStart, start + headScanOffset);
        int headEnd = -1;
        while (position < end) {
            int lf = buf.indexOf(position, end, LF);
            if (lf < 0) {
                break;
            }
            if (lineLength(buf, position, lf) == 0) {
                headEnd = lf + 1;
                break;
            }
            position = lf + 1;
            if (position - headersStart > maxHeaderBytes) {
                return reject(headersTooLarge());
            }
        }
        if (headEnd < 0) {
            if (end - headersStart > maxHeaderBytes) {
                return reject(headersTooLarge());
            }
            headScanOffset = position - start;
            return false;
        }
        Http1Head next = freeHeads.poll();
        head = next == null ? new Http1Head(this) : next;
        byte[] bytes = head.buffer(headEnd - start);
        buf.getBytes(start, bytes, 0, headEnd - start);
        buf.readerIndex(headEnd);
        headScanOffset = 0;
        String invalid = head.parse(bytes, headEnd - start, lineEnd - start, lastUri);
        lastUri = head.uri;
        if (invalid != null) {
            return reject(ProblemCode.MALFORMED_REQUEST.problem("the request is not valid HTTP/1.1: " + invalid));
        }
        return startBody();
    }

    /** Event loop: a head its exchange is done with, kept for a later request when there is room. */
    void recycle(Http1Head done) {
        if (freeHeads.size() < MAX_FREE_HEADS && done.worthKeeping(MAX_KEPT_HEAD_BYTES) && !freeHeads.contains(done)) {
            freeHeads.add(done);
        }
    }

    /** The length of the line from {@code start} to the LF at {@code lf}, without a CR before the LF. */
    private static int lineLength(ByteBuf buf, int start, int lf) {
        return lf > start && buf.getByte(lf - 1) == CR ? lf - 1 - start : lf - start;
    }

    /** Whether the connection's handler owes answers to earlier requests or is closing (false without one: tests). */
    private boolean answersOwed() {
        HttpConnectionHandler connection = ctx.pipeline().get(HttpConnectionHandler.class);
        return connection != null && connection.owesAnswers();
    }

    /** After the head: decides how the body is read (or skipped), and hands bodiless requests on. */
    private boolean startBody() {
        if (head.chunked) {
            continueIfExpected(head.expectContinue);
            chunkedBody = ctx.alloc().buffer();
            state = State.CHUNK_SIZE;
            return true;
        }
        long contentLength = head.contentLength;
        if (contentLength > maxBodyBytes) {
            return oversizedLength(contentLength, head.expectContinue);
        }
        if (contentLength <= 0) {
            return complete(Unpooled.EMPTY_BUFFER);
        }
        continueIfExpected(head.expectContinue);
        remaining = contentLength;
        state = State.FIXED_BODY;
        return true;
    }

    /**
     * An announced body over the limit is skipped, unless the client will not keep the connection (or our own
     * back-pressure stopped reading), in which case the connection closes after the 413. With
     * {@code Expect: 100-continue} it closes too: the client may send the body anyway (RFC 9110 §10.1.1), and that
     * body must not be read as requests.
     */
    private boolean oversizedLength(long contentLength, boolean expectContinue) {
        boolean close = !ctx.channel().config().isAutoRead() || expectContinue || !head.keepAlive;
        OversizedRequest oversized = oversized(close);
        clearRequest();
        if (close) {
            state = State.BROKEN;
            deadlineNanos = 0;
        } else {
            remaining = contentLength;
            state = State.SKIP_BODY;
        }
        ctx.fireChannelRead(oversized);
        return true;
    }

    /** The 413 of the request being read, made before the request is cleared. */
    private OversizedRequest oversized(boolean close) {
        return new OversizedRequest(head.version, close, maxBodyBytes, head.isHead());
    }

    private void continueIfExpected(boolean expectContinue) {
        // Only when nothing is owed on the connection: written at once, a 100 went out ahead of an earlier pipelined
        // request's answer, which the client took it for, and after a request that closes the connection (found in
        // review). Without it the client sends the body after its own wait (RFC 9110 §10.1.1).
        if (expectContinue && !answersOwed()) {
            ctx.writeAndFlush(Unpooled.wrappedBuffer(CONTINUE), ctx.voidPromise());
        }
    }

    private boolean readFixedBody() {
        if (cumulation.readableBytes() < remaining) {
            return false;
        }
        int length = (int) remaining;
        if (length <= MAX_KEPT_BODY_BYTES) {
            // A small body is copied into the head's own buffer, which is reused with the head: a slice of the read
            // buffer was an object per request.
            ByteBuf body = head.ownBody(length);
            cumulation.readBytes(body, length);
            return complete(body);
        }
        // A slice of the read buffer, not a copy.
        return complete(cumulation.readRetainedSlice(length));
    }

    private boolean skipBody() {
        int skipped = (int) Math.min(cumulation.readableBytes(), remaining);
        cumulation.skipBytes(skipped);
        remaining -= skipped;
        if (remaining > 0) {
            return false;
        }
        deadlineNanos = 0;
        state = State.HEAD;
        return true;
    }

    private boolean readChunkSize() {
        ByteBuf buf = cumulation;
        int start = buf.readerIndex();
        int lf = buf.indexOf(start, Math.min(buf.writerIndex(), start + MAX_CHUNK_LINE_BYTES), LF);
        if (lf < 0) {
            return buf.readableBytes() >= MAX_CHUNK_LINE_BYTES && malformed("a chunk size line is too long");
        }
        if (lf == start || buf.getByte(lf - 1) != CR) {
            return malformed("a chunk size line must end with CRLF");
        }
        int lineEnd = lf - 1;
        int i = start;
        while (i < lineEnd && buf.getByte(i) == '0') {
            i++;
        }
        boolean zeros = i > start;
        long size = 0;
        int digits = 0;
        for (; i < lineEnd; i++) {
            int digit = Character.digit(buf.getByte(i), 16);
            if (digit < 0) {
                break;
            }
            size = size * 16 + digit;
            if (++digits > 8) {
                return malformed("a chunk size is too large");
            }
        }
        if (digits == 0 && !zeros) {
            return malformed("a chunk size is a hexadecimal number");
        }
        if (!chunkExtensions(buf, i, lineEnd)) {
            return malformed("only chunk extensions may follow a chunk size");
        }
        buf.readerIndex(lf + 1);
        if (size == 0) {
            remaining = 0;
            state = State.TRAILERS;
            return true;
        }
        if (chunkedBody.readableBytes() + size > maxBodyBytes) {
            // Body bytes are on their way and cannot be skipped without reading them all: close after the 413.
            OversizedRequest oversized = oversized(true);
            clearRequest();
            state = State.BROKEN;
            deadlineNanos = 0;
            buf.skipBytes(buf.readableBytes());
            ctx.fireChannelRead(oversized);
            return false;
        }
        remaining = size;
        state = State.CHUNK_DATA;
        return true;
    }

    /** RFC 9112 §7.1.1: {@code *( BWS ";" BWS name [ BWS "=" BWS ( token / quoted-string ) ] )}, nothing else. */
    private static boolean chunkExtensions(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to) {
            i = skipBlanks(buf, i, to);
            if (i == to || buf.getByte(i) != ';') {
                return false;
            }
            i = skipBlanks(buf, i + 1, to);
            int name = i;
            i = skipToken(buf, i, to);
            if (i == name) {
                return false;
            }
            int afterName = i;
            i = skipBlanks(buf, i, to);
            if (i < to && buf.getByte(i) == '=') {
                i = skipBlanks(buf, i + 1, to);
                int value = i;
                i = i < to && buf.getByte(i) == '"' ? skipQuotedString(buf, i, to) : skipToken(buf, i, to);
                if (i <= value) {
                    return false;
                }
            } else {
                // Blanks after a bare name belong to the next extension, or are refused as trailing blanks.
                i = afterName;
            }
        }
        return true;
    }

    private static int skipBlanks(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && Http1Head.isBlank(buf.getByte(i))) {
            i++;
        }
        return i;
    }

    private static int skipToken(ByteBuf buf, int from, int to) {
        int i = from;
        while (i < to && Http1Head.isTokenChar(buf.getByte(i))) {
            i++;
        }
        return i;
    }

    /** From the opening DQUOTE: the index after the closing one, or -1 (RFC 9110 §5.6.4). */
    private static int skipQuotedString(ByteBuf buf, int from, int to) {
        int i = from + 1;
        while (i < to) {
            int c = buf.getByte(i) & 0xFF;
            if (c == '"') {
                return i + 1;
            }
            if (c == '\\') {
                if (++i == to) {
                    return -1;
                }
                c = buf.getByte(i) & 0xFF;
            }
            if ((c < ' ' && c != '\t') || c == 0x7F) {
                return -1;
            }
            i++;
        }
        return -1;
    }

    private boolean readChunkData() {
        int count = (int) Math.min(cumulation.readableBytes(), remaining);
        chunkedBody.writeBytes(cumulation, count);
        remaining -= count;
        if (remaining > 0) {
            return false;
        }
        state = State.CHUNK_END;
        return true;
    }

    private boolean readChunkEnd() {
        ByteBuf buf = cumulation;
        int start = buf.readerIndex();
        if (!buf.isReadable()) {
            return false;
        }
        if (buf.getByte(start) != CR || (buf.readableBytes() >= 2 && buf.getByte(start + 1) != LF)) {
            return malformed("a chunk must end with CRLF");
        }
        if (buf.readableBytes() < 2) {
            return false;
        }
        buf.skipBytes(2);
        state = State.CHUNK_SIZE;
        return true;
    }

    /** Trailer fields after the last chunk are checked like header fields and dropped, within the header limit. */
    private boolean readTrailers() {
        ByteBuf buf = cumulation;
        while (true) {
            int start = buf.readerIndex();
            int lf = buf.indexOf(start, buf.writerIndex(), LF);
            if (lf < 0) {
                if (remaining + buf.readableBytes() > maxHeaderBytes) {
                    return reject(ProblemCode.HEADERS_TOO_LARGE.problem("the request trailers are larger than allowed"));
                }
                return false;
            }
            if (lf == start || buf.getByte(lf - 1) != CR) {
                return malformed("a line must end with CRLF");
            }
            remaining += lf + 1 - start;
            if (remaining > maxHeaderBytes) {
                return reject(ProblemCode.HEADERS_TOO_LARGE.problem("the request trailers are larger than allowed"));
            }
            if (lf - 1 == start) {
                buf.readerIndex(lf + 1);
                ByteBuf body = chunkedBody;
                chunkedBody = null;
                return complete(body);
            }
            byte[] line = new byte[lf - 1 - start];
            buf.getBytes(start, line);
            String invalid = Http1Head.field(line, 0, line.length, new int[4], 0);
            if (invalid != null) {
                return malformed(invalid);
            }
            buf.readerIndex(lf + 1);
        }
    }

    private boolean complete(ByteBuf body) {
        Http1Head request = head;
        request.body = body;
        clearRequest();
        deadlineNanos = 0;
        state = State.HEAD;
        ctx.fireChannelRead(request);
        return true;
    }

    private boolean malformed(String why) {
        return reject(ProblemCode.MALFORMED_REQUEST.problem("the request is not valid HTTP/1.1: " + why));
    }

    /** Answers a request that cannot be read and reads nothing more. */
    private boolean reject(Problem problem) {
        clearRequest();
        state = State.BROKEN;
        deadlineNanos = 0;
        cumulation.skipBytes(cumulation.readableBytes());
        ctx.fireChannelRead(new Rejected(problem));
        return false;
    }

    private void clearRequest() {
        head = null;
        if (chunkedBody != null) {
            chunkedBody.release();
            chunkedBody = null;
        }
    }

    private void releaseBuffers() {
        if (cumulation != null) {
            cumulation.release();
            cumulation = null;
        }
        if (chunkedBody != null) {
            chunkedBody.release();
            chunkedBody = null;
        }
    }

    private void arm() {
        deadlineNanos = nonZero(System.nanoTime() + timeoutNanos);
        if (timer == null) {
            timer = ctx.executor().schedule(this::check, timeoutNanos, TimeUnit.NANOSECONDS);
        }
    }

    private void check() {
        timer = null;
        if (deadlineNanos == 0 || !ctx.channel().isActive()) {
            return;
        }
        long now = System.nanoTime();
        if (now - deadlineNanos < 0) {
            timer = ctx.executor().schedule(this::check, deadlineNanos - now, TimeUnit.NANOSECONDS);
            return;
        }
        if (!ctx.channel().config().isAutoRead()) {
            // Our own back-pressure stopped reading; the client is not the slow one. Give it another period.
            arm();
            return;
        }
        deadlineNanos = 0;
        clearRequest();
        boolean skipping = state == State.SKIP_BODY;
        state = State.BROKEN;
        // A body skipped after its 413 has had its answer: the connection just ends.
        ctx.fireUserEventTriggered(skipping ? EXPIRED_AFTER_ANSWER : EXPIRED);
    }

    /** 0 means "no deadline", so a deadline that lands on 0 of the nanosecond clock moves by one. */
    private static long nonZero(long nanos) {
        return nanos == 0 ? 1 : nanos;
    }

}
