package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

class ProblemTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aGatewayProblemIsRfc9457JsonWithAStableCode() throws Exception {
        JsonNode json = JSON.readTree(ProblemCode.BODY_TOO_LARGE.problem("too big").toJson());

        assertThat(json.toString()).isEqualTo("{\"type\":\"https://ordo.dev/problems/body-too-large\","
                + "\"title\":\"Body too large\",\"status\":413,\"code\":\"BODY_TOO_LARGE\",\"detail\":\"too big\"}");
    }

    @Test
    void aBusinessProblemCarriesTheFieldsThatHelp() throws Exception {
        Problem problem = Problem.of(409, "INSUFFICIENT_STOCK", "Insufficient stock", "only 2 left of sku A")
                .with("sku", "A")
                .with("available", 2)
                .with("lines", List.of(1, 2));

        JsonNode json = JSON.readTree(problem.toJson());

        assertThat(json.get("type").asText()).isEqualTo("https://ordo.dev/problems/insufficient-stock");
        assertThat(json.get("status").asInt()).isEqualTo(409);
        assertThat(json.get("sku").asText()).isEqualTo("A");
        assertThat(json.get("available").asInt()).isEqualTo(2);
        assertThat(json.get("lines").size()).isEqualTo(2);
        assertThat(problem.field("sku")).isEqualTo("A");
    }

    @Test
    void aProblemWithoutDetailLeavesItOut() throws Exception {
        assertThat(JSON.readTree(ProblemCode.NOT_READY.problem(null).toJson()).has("detail")).isFalse();
    }

    @Test
    void malformedProblemsAreBugsCaughtEarly() {
        assertThatThrownBy(() -> Problem.of(200, "OK", "fine", null)).hasMessageContaining("4xx or 5xx");
        assertThatThrownBy(() -> Problem.of(409, "out-of-stock", "x", null)).hasMessageContaining("UPPER_SNAKE_CASE");
        assertThatThrownBy(() -> ProblemCode.INTERNAL.problem("x").with("status", 200))
                .hasMessageContaining("standard problem member");
    }

    @Test
    void everyGatewayCodeHasItsContractStatus() {
        assertThat(ProblemCode.MALFORMED_JSON.status()).isEqualTo(400);
        assertThat(ProblemCode.INVALID_REQUEST.status()).isEqualTo(400);
        assertThat(ProblemCode.UNAUTHORIZED.status()).isEqualTo(401);
        assertThat(ProblemCode.FORBIDDEN.status()).isEqualTo(403);
        assertThat(ProblemCode.NOT_FOUND.status()).isEqualTo(404);
        assertThat(ProblemCode.METHOD_NOT_ALLOWED.status()).isEqualTo(405);
        assertThat(ProblemCode.REQUEST_TIMEOUT.status()).isEqualTo(408);
        assertThat(ProblemCode.IDEMPOTENCY_KEY_IN_FLIGHT.status()).isEqualTo(409);
        assertThat(ProblemCode.BODY_TOO_LARGE.status()).isEqualTo(413);
        assertThat(ProblemCode.UNSUPPORTED_MEDIA_TYPE.status()).isEqualTo(415);
        assertThat(ProblemCode.IDEMPOTENCY_KEY_REUSED.status()).isEqualTo(422);
        assertThat(ProblemCode.HEADERS_TOO_LARGE.status()).isEqualTo(431);
        assertThat(ProblemCode.INTERNAL.status()).isEqualTo(500);
        assertThat(ProblemCode.OVERLOADED.status()).isEqualTo(503);
        assertThat(ProblemCode.JOURNAL_UNAVAILABLE.status()).isEqualTo(503);
        assertThat(ProblemCode.NOT_READY.status()).isEqualTo(503);
        for (ProblemCode code : ProblemCode.values()) {
            assertThat(code.problem("d").type()).startsWith(Problem.TYPE_PREFIX).doesNotContain("_");
        }
    }
}
