package ordo.gateway.e2e;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code ordo serve --demo}, as the README tour runs it: the curl commands its banner prints are taken from the
 * banner itself and replayed (so a banner that drifts from the API fails here), and a second start on the same
 * data dir finds the demo network instead of loading it again.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DemoIT {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(40);

    @TempDir
    Path tmp;

    private final List<OrdoProcess> children = new ArrayList<>();

    @BeforeEach
    void needsTheJar() {
        OrdoProcess.assumeJarMatchesClassesUnderTest();
    }

    @AfterEach
    void tearDown() {
        for (OrdoProcess child : children) {
            child.close();
            System.out.println(child.describe());
        }
    }

    /** One curl command of the banner: what the tour sends. */
    private record Curl(String method, String url, Map<String, String> headers, String body) {
    }

    @Test
    void demoServesTheReadmeTour() throws Exception {
        Path data = tmp.resolve("demo-data");
        OrdoProcess first = serveDemo(data);
        assertThat(first.stdout()).contains("Demo network loaded (5 channels, 7 locations, 21 SKUs).");
        List<Curl> tour = bannerCurls(first.stdout());
        assertThat(tour).as("curl examples in the banner").hasSize(4);

        Api.Response inventory = replay(tour.get(0));
        assertThat(inventory.status()).as("%s -> %s", tour.get(0), inventory).isEqualTo(200);
        assertThat(inventory.json().path("sku").asText()).isEqualTo("FLASH-PS6");
        assertThat(inventory.json().path("network").path("atp").asLong()).isEqualTo(100);

        Api.Response reservation = replay(tour.get(1));
        assertThat(reservation.status()).as("%s -> %s", tour.get(1), reservation).isEqualTo(201);
        assertThat(reservation.json().path("reservationId").asText()).startsWith("res_");
        assertThat(reservation.json().path("lines").toString()).isEqualTo("[{\"sku\":\"FLASH-PS6\",\"qty\":1}]");

        Api.Response order = replay(tour.get(2));
        assertThat(order.status()).as("%s -> %s", tour.get(2), order).isEqualTo(201);
        assertThat(order.json().path("orderId").asText()).startsWith("ord_");
        assertThat(order.json().path("status").asText()).isEqualTo("READY_TO_RELEASE");
        assertThat(order.json().path("allocations").get(0).path("locationId").asText())
                .as("the cheapest node for Raffles Place").isEqualTo("wh-sg-tuas");

        Api.Response stateHash = replay(tour.get(3));
        assertThat(stateHash.status()).as("%s -> %s", tour.get(3), stateHash).isEqualTo(200);
        assertThat(stateHash.body()).matches("\\{\"sequence\":\\d+,\"stateHash\":\"[0-9a-f]{16}\"}");
        first.stop();

        OrdoProcess second = serveDemo(data);
        assertThat(second.stdout()).contains("Demo network already present.")
                .doesNotContain("Demo network loaded");
        List<Curl> tourAgain = bannerCurls(second.stdout());
        Api.Response stateHashAgain = replay(tourAgain.get(3));
        assertThat(stateHashAgain.body()).as("state (and sequence: nothing re-journaled) after the second start")
                .isEqualTo(stateHash.body());

        // The tour's reservation carries an Idempotency-Key: run again, it answers the same hold.
        Api.Response reservationAgain = replay(tourAgain.get(1));
        assertThat(reservationAgain.status()).isEqualTo(201);
        assertThat(reservationAgain.body()).isEqualTo(reservation.body());
        assertThat(reservationAgain.header("Idempotent-Replayed")).isEqualTo("true");
        Api.Response orderAgain = replay(tourAgain.get(2));
        assertThat(orderAgain.status()).isEqualTo(201);
        assertThat(orderAgain.body()).isEqualTo(order.body());
        assertThat(orderAgain.header("Idempotent-Replayed")).isEqualTo("true");
        second.stop();
    }

    private OrdoProcess serveDemo(Path data) throws Exception {
        OrdoProcess child = OrdoProcess.start(tmp, "serve", "--demo", "--data", data.toString(), "--port", "0");
        children.add(child);
        child.awaitListening(START_TIMEOUT);
        child.awaitReady(START_TIMEOUT);
        return child;
    }

    /** The curl commands after "Try:" in the banner, continuation lines joined, shell quoting undone. */
    static List<Curl> bannerCurls(String stdout) {
        List<Curl> curls = new ArrayList<>();
        String[] lines = stdout.split("\r?\n");
        int i = 0;
        while (i < lines.length && !lines[i].trim().equals("Try:")) {
            i++;
        }
        assertThat(i).as("a \"Try:\" section in the banner:\n%s", stdout).isLessThan(lines.length);
        StringBuilder command = new StringBuilder();
        for (i++; i < lines.length && !lines[i].isBlank(); i++) {
            String text = lines[i].trim();
            if (text.endsWith("\\")) {
                command.append(text, 0, text.length() - 1).append(' ');
                continue;
            }
            command.append(text);
            curls.add(parse(command.toString()));
            command.setLength(0);
        }
        return curls;
    }

    private static Curl parse(String command) {
        List<String> words = shellWords(command);
        assertThat(words.get(0)).as("banner command %s", command).isEqualTo("curl");
        String method = null;
        String url = null;
        String body = null;
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < words.size(); i++) {
            String word = words.get(i);
            switch (word) {
                case "-s" -> { }
                case "-X" -> method = words.get(++i);
                case "-H" -> {
                    String header = words.get(++i);
                    int colon = header.indexOf(':');
                    headers.put(header.substring(0, colon).trim(), header.substring(colon + 1).trim());
                }
                case "-d" -> body = words.get(++i);
                default -> {
                    assertThat(word).as("a URL or a known curl option in %s", command).startsWith("http://");
                    url = word;
                }
            }
        }
        assertThat(url).as("URL of %s", command).isNotNull();
        return new Curl(method != null ? method : body != null ? "POST" : "GET", url, headers, body);
    }

    /** Splits like a POSIX shell for what the banner uses: spaces, and single quotes around words. */
    private static List<String> shellWords(String command) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean quoted = false;
        boolean inWord = false;
        for (char c : command.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
                inWord = true;
            } else if (c == ' ' && !quoted) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        assertThat(quoted).as("balanced quotes in %s", command).isFalse();
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }

    /** Sends what the curl command would send. */
    private static Api.Response replay(Curl curl) throws Exception {
        java.net.http.HttpRequest.Builder request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(curl.url()))
                .timeout(Duration.ofSeconds(15))
                .method(curl.method(), curl.body() == null ? java.net.http.HttpRequest.BodyPublishers.noBody()
                        : java.net.http.HttpRequest.BodyPublishers.ofString(curl.body(), StandardCharsets.UTF_8));
        curl.headers().forEach(request::header);
        if (curl.body() != null && !curl.headers().containsKey("Content-Type")) {
            // What curl -d sends when the command names no type.
            request.header("Content-Type", "application/x-www-form-urlencoded");
        }
        java.net.http.HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        return new Api.Response(response.statusCode(), response.headers(), response.body());
    }
}
