package ordo.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.InProcessOrdo.line;
import static ordo.gateway.e2e.InProcessOrdo.reserveBody;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The reservation refusals of a flash sale, byte for byte on the wire (status line, headers, problem document):
 * they are the most frequent answers there, and how they are written may change, what they say may not.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ReservationRefusalBytesTest {

    private static final String RESERVATIONS = "/v1/reservations";

    @TempDir
    Path tmp;

    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        ordo = InProcessOrdo.start(tmp.resolve("data"));
        ordo.defineLocation("wh-1");
        ordo.stockedSku("A", "wh-1", 10);
        ordo.stockedSku("B", "wh-1", 1);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void insufficientStockIsAnsweredWithExactlyTheseBytes() throws Exception {
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            raw.write(raw.request("POST", RESERVATIONS, WEB,
                    reserveBody("web", "c-1", "[" + line("A", 4) + "," + line("B", 2) + "]")));

            assertThat(raw.readExactly()).isEqualTo(problem("409 Conflict", "",
                    "{\"type\":\"https://ordo.dev/problems/insufficient-stock\",\"title\":\"Insufficient stock\","
                            + "\"status\":409,\"code\":\"INSUFFICIENT_STOCK\","
                            + "\"detail\":\"only 1 of B available, 2 requested\","
                            + "\"sku\":\"B\",\"available\":1,\"requested\":2,\"line\":1}"));
        }
    }

    @Test
    void aReplayedRefusalIsTheSameDocumentWithTheReplayHeader() throws Exception {
        String body = reserveBody("web", "c-1", "[" + line("B", 5) + "]");
        String document = "{\"type\":\"https://ordo.dev/problems/insufficient-stock\",\"title\":\"Insufficient stock\","
                + "\"status\":409,\"code\":\"INSUFFICIENT_STOCK\",\"detail\":\"only 1 of B available, 5 requested\","
                + "\"sku\":\"B\",\"available\":1,\"requested\":5,\"line\":0}";
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            raw.write(RawConnection.request(ordo.port, "POST", RESERVATIONS, WEB, body, "cart-1"));
            assertThat(raw.readExactly()).isEqualTo(problem("409 Conflict", "", document));

            raw.write(RawConnection.request(ordo.port, "POST", RESERVATIONS, WEB, body, "cart-1"));
            assertThat(raw.readExactly()).isEqualTo(problem("409 Conflict", "Idempotent-Replayed: true\r\n", document));
        }
    }

    @Test
    void aRefusalOnAConnectionThatClosesSaysSo() throws Exception {
        byte[] request = RawConnection.request(ordo.port, "POST", RESERVATIONS, WEB,
                reserveBody("web", "c-1", "[" + line("B", 3) + "]"), null);
        String withClose = new String(request, StandardCharsets.UTF_8)
                .replaceFirst("\r\n\r\n", "\r\nConnection: close\r\n\r\n");
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            raw.write(withClose.getBytes(StandardCharsets.UTF_8));

            String document = "{\"type\":\"https://ordo.dev/problems/insufficient-stock\","
                    + "\"title\":\"Insufficient stock\",\"status\":409,\"code\":\"INSUFFICIENT_STOCK\","
                    + "\"detail\":\"only 1 of B available, 3 requested\","
                    + "\"sku\":\"B\",\"available\":1,\"requested\":3,\"line\":0}";
            assertThat(raw.readExactly()).isEqualTo("HTTP/1.1 409 Conflict\r\n"
                    + "content-type: application/problem+json\r\ncontent-length: " + document.length()
                    + "\r\nconnection: close\r\n\r\n" + document);
        }
    }

    @Test
    void thePerCustomerLimitIsAnsweredWithExactlyTheseBytes() throws Exception {
        ordo.defineSku("LTD", "\"perCustomerLimit\":2");
        ordo.setStock("LTD", "wh-1", 100);
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            assertThat(raw.exchange("POST", RESERVATIONS, WEB,
                    reserveBody("web", "c-1", "[" + line("LTD", 2) + "]")).status()).isEqualTo(201);
            raw.write(raw.request("POST", RESERVATIONS, WEB,
                    reserveBody("web", "c-1", "[" + line("A", 1) + "," + line("LTD", 1) + "]")));

            assertThat(raw.readExactly()).isEqualTo(problem("429 Too Many Requests", "",
                    "{\"type\":\"https://ordo.dev/problems/per-customer-limit\","
                            + "\"title\":\"Per-customer limit reached\",\"status\":429,\"code\":\"PER_CUSTOMER_LIMIT\","
                            + "\"detail\":\"customer has 2 of LTD held or ordered besides this request, which asks for 1; "
                            + "the limit is 2\","
                            + "\"sku\":\"LTD\",\"limit\":2,\"held\":2,\"requested\":1,\"line\":1}"));
        }
    }

    @Test
    void aSaleNotOpenAndASaleEndedAreAnsweredWithExactlyTheseBytes() throws Exception {
        Instant now = Instant.now();
        ordo.defineSku("LAUNCH", "\"saleStartsAt\":\"" + now.plus(Duration.ofDays(1)) + "\"");
        ordo.setStock("LAUNCH", "wh-1", 50);
        ordo.defineSku("OVER", "\"saleStartsAt\":\"" + now.minus(Duration.ofDays(2)) + "\",\"saleEndsAt\":\""
                + now.minus(Duration.ofDays(1)) + "\"");
        ordo.setStock("OVER", "wh-1", 50);
        try (RawConnection raw = new RawConnection(ordo.port, 10_000)) {
            raw.write(raw.request("POST", RESERVATIONS, WEB, reserveBody("web", "c-1", "[" + line("LAUNCH", 1) + "]")));
            assertThat(raw.readExactly()).isEqualTo(problem("409 Conflict", "",
                    "{\"type\":\"https://ordo.dev/problems/sale-not-open\",\"title\":\"Sale not open yet\","
                            + "\"status\":409,\"code\":\"SALE_NOT_OPEN\",\"detail\":\"the sale of LAUNCH has not started\","
                            + "\"sku\":\"LAUNCH\",\"line\":0}"));

            raw.write(raw.request("POST", RESERVATIONS, WEB,
                    reserveBody("web", "c-1", "[" + line("A", 1) + "," + line("OVER", 1) + "]")));
            assertThat(raw.readExactly()).isEqualTo(problem("409 Conflict", "",
                    "{\"type\":\"https://ordo.dev/problems/sale-ended\",\"title\":\"Sale has ended\","
                            + "\"status\":409,\"code\":\"SALE_ENDED\",\"detail\":\"the sale of OVER has ended\","
                            + "\"sku\":\"OVER\",\"line\":1}"));
        }
    }

    /** A problem answer on a kept-alive HTTP/1.1 connection: route headers first, then type and length. */
    private static String problem(String status, String routeHeaders, String document) {
        return "HTTP/1.1 " + status + "\r\n" + routeHeaders + "content-type: application/problem+json\r\n"
                + "content-length: " + document.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + document;
    }
}
