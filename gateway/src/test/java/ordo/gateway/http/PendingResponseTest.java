package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

import ordo.engine.Ids;

/** The pre-encoded status lines every answer starts with, and the head written around them. */
class PendingResponseTest {

    /** A line filled on first use would be an array written on one event loop and read unsynchronised by another. */
    @Test
    void everyStatusLineIsMadeWhenTheClassIsInitialisedSoNoEventLoopPublishesOne() throws Exception {
        for (String version : new String[] {"11", "10"}) {
            Field field = PendingResponse.class.getDeclaredField("STATUS_LINES_" + version);
            field.setAccessible(true);
            byte[][] lines = (byte[][]) field.get(null);

            for (int status = 100; status < 600; status++) {
                assertThat(lines[status]).as("HTTP/1.%s %d", version.charAt(1), status).isNotNull();
            }
            assertThat(new String(lines[201], StandardCharsets.US_ASCII))
                    .isEqualTo("HTTP/1." + version.charAt(1) + " 201 Created\r\n");
        }
    }

    private static final byte[] ORDERS = "/v1/orders/".getBytes(StandardCharsets.US_ASCII);
    private static final HttpExchange.IdWriter ORDER_IDS = Ids::writeOrderId;

    /**
     * A 201's {@code location} is written into the head with the rest of it (QA-258), and costs no allocation: set as
     * a header by name it made a header map and two strings for every hold's 201, about 450 bytes (found in review).
     * A 500 answered after it was set (the rendering failed) carries none.
     */
    @Test
    void aLocationIsWrittenIntoTheHeadWithoutAllocating() {
        PendingResponse response = new PendingResponse(null, HttpVersion.HTTP_1_1, true, false, 0, null);
        response.location(ORDERS, ORDER_IDS, 7, Ids.SERVER_ID_LENGTH);
        ByteBuf head = response.start(201, HttpExchange.JSON_CONTENT_TYPE, 2, null);
        try {
            assertThat(head.toString(StandardCharsets.US_ASCII)).isEqualTo("HTTP/1.1 201 Created\r\n"
                    + "location: /v1/orders/" + Ids.formatOrderId(7) + "\r\n"
                    + "content-type: application/json\r\ncontent-length: 2\r\n\r\n");
        } finally {
            head.release();
        }

        ByteBuf failed = response.start(500, HttpExchange.JSON_CONTENT_TYPE, 2, null);
        try {
            assertThat(failed.toString(StandardCharsets.US_ASCII)).as("a 500 after the route set it (review)")
                    .doesNotContain("location");
        } finally {
            failed.release();
        }

        PendingResponse plain = new PendingResponse(null, HttpVersion.HTTP_1_1, true, false, 0, null);
        long without = allocatedPerStart(plain);
        long with = allocatedPerStart(response);
        assertThat(with - without).as("bytes a location adds to a start (%d without)", without).isLessThan(8);
    }

    private static long allocatedPerStart(PendingResponse response) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        final int calls = 20_000;
        for (int i = 0; i < calls; i++) {
            response.start(201, HttpExchange.JSON_CONTENT_TYPE, 2, null).release();
        }
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < calls; i++) {
            response.start(201, HttpExchange.JSON_CONTENT_TYPE, 2, null).release();
        }
        return (threads.getCurrentThreadAllocatedBytes() - before) / calls;
    }
}
