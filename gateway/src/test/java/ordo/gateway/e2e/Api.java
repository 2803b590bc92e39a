package ordo.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A small client for the Ordo API over {@link HttpClient} (HTTP/1.1), for the end-to-end tests: one method per
 * verb, the API key as an argument (null sends no {@code Authorization}), answers as {@link Response}.
 */
final class Api {

    static final ObjectMapper JSON = new ObjectMapper();
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(15);

    private final HttpClient client;
    private final String base;

    Api(int port) {
        this.base = "http://127.0.0.1:" + port;
        this.client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** One answer: status, headers (names compared case-insensitively) and the body as text. */
    record Response(int status, java.net.http.HttpHeaders headers, String body) {

        String header(String name) {
            return headers.firstValue(name.toLowerCase(Locale.ROOT)).orElse(null);
        }

        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException("not JSON (status " + status + "): " + body, e);
            }
        }

        /** The RFC 9457 {@code code}, after checking the answer is a well-formed problem with this status. */
        String problemCode() {
            assertThat(header("content-type")).as("content type of %s", this).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.path("status").asInt()).as("problem status of %s", this).isEqualTo(status);
            String code = problem.path("code").asText();
            assertThat(problem.path("type").asText()).as("problem type of %s", this)
                    .isEqualTo("https://ordo.dev/problems/" + code.toLowerCase(Locale.ROOT).replace('_', '-'));
            assertThat(problem.path("title").asText()).as("problem title of %s", this).isNotBlank();
            return code;
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    Response get(String key, String path) {
        return send(key, HttpRequest.newBuilder(uri(path)).GET(), null);
    }

    Response delete(String key, String path) {
        return delete(key, path, null);
    }

    Response delete(String key, String path, String idempotencyKey) {
        return send(key, HttpRequest.newBuilder(uri(path)).DELETE(), idempotencyKey);
    }

    Response post(String key, String path, String json) {
        return post(key, path, json, null);
    }

    Response post(String key, String path, String json, String idempotencyKey) {
        return send(key, jsonBody(HttpRequest.newBuilder(uri(path)), "POST", json), idempotencyKey);
    }

    Response put(String key, String path, String json) {
        return send(key, jsonBody(HttpRequest.newBuilder(uri(path)), "PUT", json), null);
    }

    /** A request with a body of any content type. */
    Response send(String key, String method, String path, String contentType, byte[] body) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(uri(path))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            builder.header("Content-Type", contentType);
        }
        return send(key, builder, null);
    }

    /** {@code GET /v1/journal/state-hash} as it is sent: {@code {"sequence":N,"stateHash":"…"}}. */
    String stateHashJson(String auditorKey) {
        Response response = get(auditorKey, "/v1/journal/state-hash");
        assertThat(response.status()).as("state hash: %s", response).isEqualTo(200);
        return response.body();
    }

    /** The {@code stateHash} member alone (the sequence moves with every journaled command, even a rejected one). */
    String stateHash(String auditorKey) {
        String hash = jsonField(stateHashJson(auditorKey), "stateHash");
        assertThat(hash).as("stateHash member").matches("[0-9a-f]{16}");
        return hash;
    }

    private static String jsonField(String json, String field) {
        try {
            return JSON.readTree(json).path(field).asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static HttpRequest.Builder jsonBody(HttpRequest.Builder builder, String method, String json) {
        return builder.method(method, HttpRequest.BodyPublishers.ofString(json, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json");
    }

    private URI uri(String path) {
        return URI.create(base + path);
    }

    private Response send(String key, HttpRequest.Builder builder, String idempotencyKey) {
        builder.timeout(REQUEST_TIMEOUT);
        if (key != null) {
            builder.header("Authorization", "Bearer " + key);
        }
        if (idempotencyKey != null) {
            builder.header("Idempotency-Key", idempotencyKey);
        }
        try {
            HttpResponse<String> response = client.send(builder.build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
