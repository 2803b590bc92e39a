package ordo.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import ordo.engine.Engine;
import ordo.gateway.config.StagesKind;
import ordo.journal.Snapshot;
import ordo.journal.SnapshotStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.InProcessOrdo.line;
import static ordo.gateway.e2e.InProcessOrdo.reserveBody;
import static org.assertj.core.api.Assertions.assertThat;

/** A clean stop and a start on the same data dir: nothing is lost, nothing changes, the snapshot is used. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RestartTest {

    private static final String RESERVATIONS = "/v1/reservations";

    @TempDir
    Path tmp;

    private Path data;
    private InProcessOrdo ordo;

    @BeforeEach
    void start() {
        data = tmp.resolve("data");
        ordo = InProcessOrdo.start(data);
    }

    @AfterEach
    void stop() {
        if (ordo != null) {
            ordo.close();
        }
    }

    @Test
    void stateHashIsIdenticalAfterACleanRestart() {
        List<String> ids = populate();
        String stateBefore = ordo.api.stateHashJson(AUDITOR);
        JsonNode inventoryBefore = ordo.inventory("A");
        String reservationBefore = ordo.api.get(WEB, RESERVATIONS + "/" + ids.get(0)).body();
        String releasedBefore = ordo.api.get(WEB, RESERVATIONS + "/" + ids.get(1)).body();

        restart();

        assertThat(ordo.api.stateHashJson(AUDITOR)).isEqualTo(stateBefore);
        assertThat(ordo.inventory("A")).isEqualTo(inventoryBefore);
        assertThat(ordo.api.get(WEB, RESERVATIONS + "/" + ids.get(0)).body()).isEqualTo(reservationBefore);
        assertThat(ordo.api.get(WEB, RESERVATIONS + "/" + ids.get(1)).body()).isEqualTo(releasedBefore);

        // And it carries on where it stopped: a new hold gets a new id and counts against the same stock.
        Api.Response next = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-9", "[" + line("A", 1) + "]"));
        assertThat(next.status()).isEqualTo(201);
        assertThat(next.json().path("reservationId").asText()).isNotIn(ids);
        assertThat(ordo.inventory("A").path("network").path("reserved").asLong())
                .isEqualTo(inventoryBefore.path("network").path("reserved").asLong() + 1);
    }

    @Test
    void aJournalWrittenByFusedStagesRestartsIntoParallelStagesAndBackWithTheSameState() {
        ordo.close();
        ordo = InProcessOrdo.start(InProcessOrdo.config(data).withStages(StagesKind.FUSED));
        List<String> ids = populate();
        String body = reserveBody("web", "c-8", "[" + line("B", 1) + "]");
        Api.Response first = ordo.api.post(WEB, RESERVATIONS, body, "order-8");
        assertThat(first.status()).isEqualTo(201);
        String stateBefore = ordo.api.stateHashJson(AUDITOR);
        String reservationBefore = ordo.api.get(WEB, RESERVATIONS + "/" + ids.get(0)).body();

        restart(); // the default, parallel stages

        assertThat(ordo.api.stateHashJson(AUDITOR)).isEqualTo(stateBefore);
        assertThat(ordo.api.get(WEB, RESERVATIONS + "/" + ids.get(0)).body()).isEqualTo(reservationBefore);
        Api.Response replay = ordo.api.post(WEB, RESERVATIONS, body, "order-8");
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        Api.Response next = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-9", "[" + line("A", 1) + "]"));
        assertThat(next.status()).isEqualTo(201);
        String stateAfter = ordo.api.stateHashJson(AUDITOR);

        ordo.close();
        ordo = InProcessOrdo.start(InProcessOrdo.config(data).withStages(StagesKind.FUSED));

        assertThat(ordo.api.stateHashJson(AUDITOR)).isEqualTo(stateAfter);
    }

    @Test
    void idempotencyKeyReplaysTheSameAnswerAfterARestart() {
        populate();
        String body = reserveBody("web", "c-7", "[" + line("B", 2) + "]");
        Api.Response first = ordo.api.post(WEB, RESERVATIONS, body, "order-7");
        assertThat(first.status()).isEqualTo(201);

        restart();

        Api.Response replay = ordo.api.post(WEB, RESERVATIONS, body, "order-7");
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).isEqualTo("true");
        Api.Response other = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-7", "[" + line("B", 1) + "]"),
                "order-7");
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.problemCode()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(ordo.inventory("B").path("network").path("reserved").asLong()).as("1 from populate, 2 once").isEqualTo(3);
    }

    @Test
    void cleanShutdownWritesASnapshotThatTheRestartLoads() throws Exception {
        populate();
        JsonNode state = Api.JSON.readTree(ordo.api.stateHashJson(AUDITOR));
        long sequence = state.path("sequence").asLong();
        ordo.close();
        ordo = null;

        try (Stream<Path> files = Files.list(data.resolve("snapshots"))) {
            assertThat(files.map(p -> p.getFileName().toString()).toList())
                    .as("snapshot files after a clean shutdown").anyMatch(name -> name.endsWith(".snap"));
        }
        Optional<Snapshot> snapshot = SnapshotStore.open(data).latestValid();
        assertThat(snapshot).as("a valid snapshot").isPresent();
        assertThat(snapshot.get().seq()).as("snapshot seq").isEqualTo(sequence);
        assertThat(Engine.formatHash(snapshot.get().stateHash())).isEqualTo(state.path("stateHash").asText());

        String log = captureStderr(() -> ordo = InProcessOrdo.start(data));
        assertThat(log).as("start-up log").contains("loaded snapshot at seq " + sequence)
                .contains("replayed 0 journaled commands after seq " + sequence);
        assertThat(Api.JSON.readTree(ordo.api.stateHashJson(AUDITOR))).isEqualTo(state);
    }

    @Test
    void aSnapshotThisBuildCannotReadIsSkippedAndTheJournalRebuildsTheState() throws Exception {
        populate();
        String state = ordo.api.stateHashJson(AUDITOR);
        ordo.close();
        ordo = null;
        // A well-framed snapshot file (valid CRC) whose engine body is from an unknown format: what an older or
        // newer build could leave behind. Start-up must fall back to replaying the journal, not refuse.
        Snapshot written = SnapshotStore.open(data).latestValid().orElseThrow();
        byte[] foreignBody = written.body().toByteArray();
        foreignBody[7] = 99; // the engine body's format version (after the 4-byte magic), now unknown
        SnapshotStore.open(data).write(written.seq(), written.timeMillis(), written.stateHash(), written.journalChain(),
                foreignBody);

        String log = captureStderr(() -> ordo = InProcessOrdo.start(data));

        assertThat(log).contains("not readable by this build").contains("replayed")
                .as("an unreadable snapshot is not one that fails its hash").doesNotContain("does not reproduce");
        assertThat(ordo.api.stateHashJson(AUDITOR)).isEqualTo(state);
    }

    /** Two SKUs, a few holds (one released), an idempotent one; returns [held id, released id]. */
    private List<String> populate() {
        ordo.defineLocation("wh-1");
        ordo.defineLocation("st-1");
        ordo.stockedSku("A", "wh-1", 20);
        ordo.setStock("A", "st-1", 4);
        ordo.stockedSku("B", "wh-1", 5);
        Api.Response held = ordo.api.post(WEB, RESERVATIONS,
                reserveBody("web", "c-1", "[" + line("A", 2) + "," + line("B", 1) + "]"));
        Api.Response released = ordo.api.post(WEB, RESERVATIONS,
                "{\"channel\":\"web\",\"customerId\":\"c-2\",\"locationId\":\"st-1\",\"lines\":[" + line("A", 3) + "]}");
        Api.Response idempotent = ordo.api.post(WEB, RESERVATIONS, reserveBody("web", "c-3", "[" + line("A", 1) + "]"),
                "cart-3");
        assertThat(List.of(held.status(), released.status(), idempotent.status())).containsOnly(201);
        String releasedId = released.json().path("reservationId").asText();
        assertThat(ordo.api.delete(WEB, RESERVATIONS + "/" + releasedId).status()).isEqualTo(200);
        return List.of(held.json().path("reservationId").asText(), releasedId);
    }

    private void restart() {
        ordo.close();
        ordo = null;
        ordo = InProcessOrdo.start(data);
    }

    /** Runs {@code action} with System.err copied into a buffer too (slf4j-simple writes to System.err). */
    private static String captureStderr(Runnable action) {
        PrintStream original = System.err;
        ByteArrayOutputStream copy = new ByteArrayOutputStream();
        PrintStream tee = new PrintStream(new OutputStream() {
            @Override
            public void write(int b) {
                original.write(b);
                copy.write(b);
            }

            @Override
            public void write(byte[] b, int off, int len) {
                original.write(b, off, len);
                copy.write(b, off, len);
            }
        }, true, StandardCharsets.UTF_8);
        System.setErr(tee);
        try {
            action.run();
        } finally {
            System.setErr(original);
        }
        return copy.toString(StandardCharsets.UTF_8);
    }
}
