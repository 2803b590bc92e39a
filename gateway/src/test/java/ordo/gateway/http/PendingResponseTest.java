package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

/** The pre-encoded status lines every answer starts with. */
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
}
