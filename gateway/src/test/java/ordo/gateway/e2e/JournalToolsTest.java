package ordo.gateway.e2e;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.gateway.Main;
import ordo.journal.Snapshot;
import ordo.journal.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.ADMIN;
import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.InProcessOrdo.line;
import static ordo.gateway.e2e.InProcessOrdo.reserveBody;
import static org.assertj.core.api.Assertions.assertThat;

/** The auditor's CLI on a real data dir: verify, replay and dump agree with the server; tampering is caught. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class JournalToolsTest {

    private static final String MARKER_SKU = "TAMPER-ME-4242";

    @TempDir
    Path tmp;

    record Run(int exitCode, String out, String err) {
    }

    @Test
    void verifyPrintsExactlyWhatTheServerReportsAndReplayShowsStockAtAnEarlierSequence() throws Exception {
        Path data = tmp.resolve("data");
        String serverHash;
        String afterStock;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.defineLocation("wh-1");
            ordo.stockedSku("A", "wh-1", 10);
            afterStock = ordo.api.stateHashJson(AUDITOR);
            // The hold in a later millisecond than the stock: a replay --until-time the stock's stops before it.
            Thread.sleep(5);
            assertThat(ordo.api.post(WEB, "/v1/reservations", reserveBody("web", "c-1", "[" + line("A", 3) + "]"))
                    .status()).isEqualTo(201);
            serverHash = ordo.api.stateHashJson(AUDITOR);
        }

        Run verify = cli("journal", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out().trim()).isEqualTo(serverHash);

        long stockSeq = Api.JSON.readTree(afterStock).path("sequence").asLong();
        Run replay = cli("journal", "replay", "--data", data.toString(), "--until-seq", Long.toString(stockSeq),
                "--sku", "A");
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        List<String> lines = replay.out().lines().toList();
        assertThat(lines.get(0)).isEqualTo(afterStock);
        assertThat(lines.get(1)).contains("\"reserved\":0").contains("\"atp\":10");

        Run dump = cli("journal", "dump", "--data", data.toString());
        assertThat(dump.exitCode()).isZero();
        assertThat(dump.out().lines().filter(l -> l.contains("\"type\":\"RESERVE\"")).count()).isEqualTo(1);

        long lastSeq = Api.JSON.readTree(serverHash).path("sequence").asLong();
        Run beyond = cli("journal", "replay", "--data", data.toString(), "--until-seq", Long.toString(lastSeq + 100));
        assertThat(beyond.exitCode()).as(beyond.err()).isZero();
        assertThat(beyond.out().trim()).isEqualTo(serverHash);
        assertThat(beyond.err()).contains("note: the journal ends at seq " + lastSeq + ", before --until-seq "
                + (lastSeq + 100));

        // Stopped by --until-time before --until-seq: the state at that time, and no note of a journal ending there
        // (QA-266: it said the journal ended at the time's seq).
        String stockTime = Api.JSON.readTree(dump.out().lines()
                .filter(l -> l.contains("\"seq\":" + stockSeq + ",")).findFirst().orElseThrow()).path("time").asText();
        Run byTime = cli("journal", "replay", "--data", data.toString(), "--until-seq", Long.toString(lastSeq + 100),
                "--until-time", stockTime);
        assertThat(byTime.exitCode()).as(byTime.err()).isZero();
        assertThat(byTime.out().trim()).isEqualTo(afterStock);
        assertThat(byTime.err()).doesNotContain("journal ends");
    }

    /**
     * The tools read a live server's journal (the class comment of JournalCommand): verify, run while the server keeps
     * appending, finds no fault and prints the state at the last record it read, which a replay to that seq after the
     * server has stopped prints too.
     */
    @Test
    void verifyOnTheDataDirOfAServerThatKeepsAppendingFindsNoFaultAndPrintsTheStateAtTheSeqItReached()
            throws Exception {
        Path data = tmp.resolve("data");
        Run verify;
        long appendedBefore;
        long appendedAfter;
        long journaledBefore;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.defineLocation("wh-1");
            ordo.stockedSku("A", "wh-1", 1_000_000);
            java.util.concurrent.atomic.AtomicBoolean stop = new java.util.concurrent.atomic.AtomicBoolean();
            java.util.concurrent.atomic.AtomicLong accepted = new java.util.concurrent.atomic.AtomicLong();
            java.util.concurrent.atomic.AtomicReference<String> refused = new java.util.concurrent.atomic.AtomicReference<>();
            Thread writer = new Thread(() -> {
                try {
                    for (int i = 0; !stop.get(); i++) {
                        Api.Response held = ordo.api.post(WEB, "/v1/reservations",
                                reserveBody("web", "c-" + i, "[" + line("A", 1) + "]"));
                        if (held.status() != 201) {
                            refused.compareAndSet(null, held.toString());
                            return;
                        }
                        accepted.incrementAndGet();
                    }
                } catch (Throwable e) {
                    refused.compareAndSet(null, e.toString());
                }
            }, "appending-client");
            writer.start();
            try {
                while (accepted.get() < 500 && refused.get() == null) {
                    Thread.sleep(5);
                }
                appendedBefore = accepted.get();
                // Every hold acknowledged so far is journaled at or before this seq.
                journaledBefore = Api.JSON.readTree(ordo.api.stateHashJson(AUDITOR)).path("sequence").asLong();
                verify = cli("journal", "verify", "--data", data.toString());
                appendedAfter = accepted.get();
            } finally {
                stop.set(true);
                // Longer than a request's own time-out: the writer's last post ends before the server closes.
                writer.join(20_000);
            }
            assertThat(writer.isAlive()).as("the writer stopped").isFalse();
            assertThat(refused.get()).as("every hold the writer asked for was taken").isNull();
        }
        assertThat(appendedAfter).as("the server appended while verify read").isGreaterThan(appendedBefore);
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.err()).doesNotContain("FAULT");
        long reached = Api.JSON.readTree(verify.out().trim()).path("sequence").asLong();
        assertThat(reached).as("at least the records journaled before verify started")
                .isGreaterThanOrEqualTo(journaledBefore);

        Run replay = cli("journal", "replay", "--data", data.toString(), "--until-seq", Long.toString(reached));
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out().lines().findFirst().orElseThrow()).isEqualTo(verify.out().trim());
    }

    @Test
    void salvageCopiesEveryReadableRecordIntoANewDirectoryThatVerifiesToTheSameState() throws Exception {
        Path data = tmp.resolve("data");
        String serverHash;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.defineLocation("wh-1");
            ordo.stockedSku("A", "wh-1", 10);
            assertThat(ordo.api.post(WEB, "/v1/reservations", reserveBody("web", "c-1", "[" + line("A", 3) + "]"))
                    .status()).isEqualTo(201);
            serverHash = ordo.api.stateHashJson(AUDITOR);
        }
        Path salvaged = tmp.resolve("salvaged");

        Run salvage = cli("journal", "salvage", "--data", data.toString(), "--to", salvaged.toString());

        assertThat(salvage.exitCode()).as(salvage.err()).isZero();
        long records = Api.JSON.readTree(serverHash).path("sequence").asLong();
        assertThat(salvage.out()).contains("salvaged " + records + " records (up to seq " + records + ") and 1 "
                + "snapshot(s)");
        Run verify = cli("journal", "verify", "--data", salvaged.toString());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out().trim()).isEqualTo(serverHash);
        try (InProcessOrdo ordo = InProcessOrdo.start(salvaged)) {
            assertThat(ordo.api.stateHashJson(AUDITOR)).as("a server starts there, from the copied snapshot")
                    .isEqualTo(serverHash);
        }
        Run again = cli("journal", "salvage", "--data", data.toString(), "--to", salvaged.toString());
        assertThat(again.exitCode()).as("never into a directory that holds a journal").isEqualTo(2);
    }

    @Test
    void replayShowsAnOrdersSourcingWithItsBackorderFillAsTheServerDid() throws Exception {
        Path data = tmp.resolve("data");
        String orderId;
        String beforeFill;
        String servedAtPlacement;
        String orderAtPlacement;
        String eventsAtPlacement;
        String served;
        String orderServed;
        String eventsServed;
        String serverHash;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.defineLocation("wh-1");
            ordo.defineChannel("web", "WEB");
            ordo.defineSku("BO", "\"allowBackorders\":true");
            ordo.setStock("BO", "wh-1", 1);
            Api.Response placed = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-1", "BO", 3).toString());
            assertThat(placed.status()).as("%s", placed).isEqualTo(201);
            orderId = placed.json().path("orderId").asText();
            beforeFill = ordo.api.stateHashJson(AUDITOR);
            servedAtPlacement = ordo.api.get(AUDITOR, "/v1/orders/" + orderId + "/sourcing").body();
            orderAtPlacement = ordo.api.get(AUDITOR, "/v1/orders/" + orderId).body();
            eventsAtPlacement = ordo.api.get(AUDITOR, "/v1/orders/" + orderId + "/events").body();
            assertThat(ordo.api.post(ADMIN, "/v1/inventory/BO/wh-1/adjustments",
                    "{\"delta\":2,\"reason\":\"RECEIPT\"}").status()).isEqualTo(200);
            served = ordo.api.get(AUDITOR, "/v1/orders/" + orderId + "/sourcing").body();
            orderServed = ordo.api.get(AUDITOR, "/v1/orders/" + orderId).body();
            eventsServed = ordo.api.get(AUDITOR, "/v1/orders/" + orderId + "/events").body();
            serverHash = ordo.api.stateHashJson(AUDITOR);
        }
        assertThat(Api.JSON.readTree(served).path("fills")).hasSize(1);

        Run replay = cli("journal", "replay", "--data", data.toString(), "--order", orderId);
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out().lines().toList()).containsExactly(serverHash, served);

        long placedSeq = Api.JSON.readTree(beforeFill).path("sequence").asLong();
        Run earlier = cli("journal", "replay", "--data", data.toString(), "--until-seq", Long.toString(placedSeq),
                "--order", orderId);
        assertThat(earlier.exitCode()).as(earlier.err()).isZero();
        assertThat(earlier.out().lines().toList()).as("before the restock: no fill yet")
                .containsExactly(beforeFill, servedAtPlacement);

        // The order itself and its timeline, as the server showed them then and at the end (backordered, then filled).
        assertThat(Api.JSON.readTree(orderAtPlacement).path("status").asText()).isEqualTo("PARTIALLY_ALLOCATED");
        assertThat(Api.JSON.readTree(orderServed).path("status").asText()).isNotEqualTo("PARTIALLY_ALLOCATED");
        Run orderThen = cli("journal", "replay", "--data", data.toString(), "--until-seq", Long.toString(placedSeq),
                "--order", orderId, "--show", "order,events,sourcing");
        assertThat(orderThen.exitCode()).as(orderThen.err()).isZero();
        assertThat(orderThen.out().lines().toList())
                .containsExactly(beforeFill, orderAtPlacement, eventsAtPlacement, servedAtPlacement);
        Run orderNow = cli("journal", "replay", "--data", data.toString(), "--order", orderId, "--show",
                "EVENTS,order,events");
        assertThat(orderNow.exitCode()).as(orderNow.err()).isZero();
        assertThat(orderNow.out().lines().toList()).containsExactly(serverHash, eventsServed, orderServed);

        // Each event names its sequence: dump shows the command that made it (the fill: the restock).
        com.fasterxml.jackson.databind.JsonNode events = Api.JSON.readTree(eventsServed).path("events");
        long fillSeq = events.get(events.size() - 1).path("sequence").asLong();
        assertThat(fillSeq).isGreaterThan(placedSeq);
        Run fill = cli("journal", "dump", "--data", data.toString(), "--from-seq", Long.toString(fillSeq),
                "--to-seq", Long.toString(fillSeq));
        assertThat(fill.exitCode()).as(fill.err()).isZero();
        assertThat(fill.out().lines().toList()).singleElement().satisfies(line ->
                assertThat(Api.JSON.readTree(line).path("type").asText()).isEqualTo("ADJUST_INVENTORY"));

        Run unknownView = cli("journal", "replay", "--data", data.toString(), "--order", orderId, "--show", "lines");
        assertThat(unknownView.exitCode()).isEqualTo(2);
        assertThat(unknownView.err()).contains("--show takes order, events or sourcing");
        assertThat(unknownView.out()).doesNotContain("stateHash");
        Run showWithoutOrder = cli("journal", "replay", "--data", data.toString(), "--show", "order");
        assertThat(showWithoutOrder.exitCode()).isEqualTo(2);
        assertThat(showWithoutOrder.err()).contains("--show needs --order");

        Run notAnOrder = cli("journal", "replay", "--data", data.toString(), "--order", "res_0123");
        assertThat(notAnOrder.exitCode()).isEqualTo(2);
        assertThat(notAnOrder.err()).contains("--order");
        assertThat(notAnOrder.out()).doesNotContain("stateHash");
        // An order id's shape, but no order of this server's: not there, as a valid id not yet placed (QA-203).
        Run noSuchOrder = cli("journal", "replay", "--data", data.toString(), "--order", "ord_0000000000000001");
        assertThat(noSuchOrder.exitCode()).as(noSuchOrder.err()).isEqualTo(4);
        assertThat(noSuchOrder.err()).contains("no order ord_0000000000000001");
    }

    /**
     * A data dir kept across an upgrade holds snapshots of the old build, whose state hash covered less (format 5
     * did not hash backorder fills): verify checks them against the hash that build gave, so a wrong one is still a
     * fault, not a note that passes (found in review: any hash passed).
     */
    @Test
    void verifyChecksASnapshotOfThePreviousFormatAgainstTheHashThatFormatGave() throws Exception {
        Path data = tmp.resolve("data");
        String serverHash;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.defineLocation("wh-1");
            ordo.defineChannel("web", "WEB");
            ordo.defineSku("BO", "\"allowBackorders\":true");
            ordo.setStock("BO", "wh-1", 1);
            assertThat(ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-1", "BO", 3).toString()).status())
                    .isEqualTo(201);
            assertThat(ordo.api.post(ADMIN, "/v1/inventory/BO/wh-1/adjustments",
                    "{\"delta\":2,\"reason\":\"RECEIPT\"}").status()).isEqualTo(200);
            serverHash = ordo.api.stateHashJson(AUDITOR);
        }
        long seq = Api.JSON.readTree(serverHash).path("sequence").asLong();
        Snapshot current = SnapshotStore.open(data).latestValid().orElseThrow();
        assertThat(current.seq()).isEqualTo(seq);
        long previousFormatHash = EngineSnapshot.stateHashIn(EngineSnapshot.fromBytes(current.body(), EventSink.NONE),
                EngineSnapshot.OLDEST_HASHED_FORMAT);
        assertThat(previousFormatHash).as("the order's fill is hashed only in this format")
                .isNotEqualTo(current.stateHash());
        byte[] previousFormat = ByteBuffer.allocate(64).putInt(0x4F52444F).putInt(EngineSnapshot.OLDEST_HASHED_FORMAT)
                .array();

        SnapshotStore.open(data).write(seq, 0, previousFormatHash, 0, previousFormat);
        Run matching = cli("journal", "verify", "--data", data.toString());
        SnapshotStore.open(data).write(seq, 0, current.stateHash(), 0, previousFormat);
        Run wrong = cli("journal", "verify", "--data", data.toString());

        assertThat(matching.exitCode()).as(matching.err()).isZero();
        assertThat(matching.err()).contains("snapshot at seq " + seq + " (format " + EngineSnapshot.OLDEST_HASHED_FORMAT
                + ") matches").doesNotContain("FAULT");
        assertThat(matching.out().trim()).isEqualTo(serverHash);
        assertThat(wrong.exitCode()).as(wrong.err()).isEqualTo(3);
        assertThat(wrong.err()).contains("FAULT: snapshot at seq " + seq + " (format "
                + EngineSnapshot.OLDEST_HASHED_FORMAT + ") has state hash");
    }

    /**
     * A snapshot whose header and checksum are good but whose body a start cannot restore (here cut short, then
     * checksummed anew) is a fault: verify restores each snapshot a start would, where it once compared only the
     * header's state hash with the replay and said "matches" (found in QA).
     */
    @Test
    void verifyFaultsASnapshotThatAStartCouldNotRestore() throws Exception {
        Path data = tmp.resolve("data");
        String serverHash = InProcessOrdo.stockedAndStopped(data);
        long seq = Api.JSON.readTree(serverHash).path("sequence").asLong();
        Snapshot current = SnapshotStore.open(data).latestValid().orElseThrow();
        byte[] body = current.body().toByteArray();
        Run good = cli("journal", "verify", "--data", data.toString());

        SnapshotStore.open(data).write(seq, current.timeMillis(), current.stateHash(), current.journalChain(),
                java.util.Arrays.copyOf(body, body.length - 16));
        Run cut = cli("journal", "verify", "--data", data.toString());

        assertThat(good.exitCode()).as(good.err()).isZero();
        assertThat(good.err()).doesNotContain("FAULT");
        assertThat(cut.exitCode()).as(cut.err()).isEqualTo(3);
        assertThat(cut.err()).contains("FAULT: snapshot at seq " + seq + " cannot be restored by this build (")
                .contains("a start passes it over").doesNotContain("snapshot at seq " + seq + " matches");
    }

    @Test
    void verifyNotesASnapshotInAFormatItCannotHashAndFaultsOneThatIsNoEngineSnapshot() throws Exception {
        Path data = tmp.resolve("data");
        String serverHash = InProcessOrdo.stockedAndStopped(data);
        long seq = Api.JSON.readTree(serverHash).path("sequence").asLong();
        int older = EngineSnapshot.OLDEST_HASHED_FORMAT - 1;

        SnapshotStore.open(data).write(seq, 0, 0x0123456789abcdefL, 0,
                ByteBuffer.allocate(64).putInt(0x4F52444F).putInt(older).array());
        Run unhashable = cli("journal", "verify", "--data", data.toString());
        SnapshotStore.open(data).write(seq, 0, 0x0123456789abcdefL, 0, new byte[64]);
        Run notEngine = cli("journal", "verify", "--data", data.toString());

        assertThat(unhashable.exitCode()).as(unhashable.err()).isZero();
        assertThat(unhashable.err()).contains("note: snapshot at seq " + seq + " is in engine snapshot format " + older)
                .doesNotContain("FAULT");
        assertThat(unhashable.out().trim()).isEqualTo(serverHash);
        assertThat(notEngine.exitCode()).as(notEngine.err()).isEqualTo(3);
        assertThat(notEngine.err()).contains("FAULT: snapshot at seq " + seq + " does not hold an engine snapshot");
    }

    /**
     * A data dir whose journal has one byte of a SKU id edited inside the first record that carries it (not the last
     * record): that record's CRC no longer matches.
     */
    private Path journalWithAnEditedRecord() throws Exception {
        Path data = tmp.resolve("data");
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.defineLocation("wh-1");
            ordo.stockedSku(MARKER_SKU, "wh-1", 10);
            ordo.stockedSku("B", "wh-1", 10);
        }
        assertThat(flipFirstOccurrence(data.resolve("journal"), MARKER_SKU)).as("marker found in the journal").isTrue();
        return data;
    }

    @Test
    void verifyFailsAtARecordWhosePayloadWasEdited() throws Exception {
        Path data = journalWithAnEditedRecord();

        Run verify = cli("journal", "verify", "--data", data.toString());

        assertThat(verify.exitCode()).isNotZero();
        assertThat(verify.err()).contains("FAULT").contains("index");
        assertThat(verify.out()).doesNotContain("stateHash");
    }

    /** Dump and replay meet the record verify faults at: they say so as verify does, not with a stack trace. */
    @Test
    void dumpAndReplayReportAnEditedRecordAsAFaultWithVerifysExitCode() throws Exception {
        Path data = journalWithAnEditedRecord();

        Run verify = cli("journal", "verify", "--data", data.toString());
        Run dump = cli("journal", "dump", "--data", data.toString());
        Run replay = cli("journal", "replay", "--data", data.toString(), "--sku", "B");

        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(2);
        for (Run run : List.of(dump, replay)) {
            assertThat(run.exitCode()).as(run.err()).isEqualTo(verify.exitCode());
            assertThat(run.err()).startsWith("FAULT: journal ").contains("first bad record in the document at index")
                    .doesNotContain("Exception").doesNotContain("\tat ");
        }
        assertThat(dump.err()).contains("good records dumped before it");
        assertThat(dump.out()).as("the records before it").contains("\"type\":\"DEFINE_LOCATION\"")
                .doesNotContain(MARKER_SKU);
        assertThat(replay.out()).doesNotContain("stateHash");
    }

    @Test
    void replayRefusesAnUnreadableTimeOrANegativeSequenceAsAUsageErrorWithoutReplaying() throws Exception {
        Path data = tmp.resolve("data");
        InProcessOrdo.stockedAndStopped(data);

        Run badTime = cli("journal", "replay", "--data", data.toString(), "--until-time", "yesterday", "--sku", "A");
        Run negativeSeq = cli("journal", "replay", "--data", data.toString(), "--until-seq", "-5", "--sku", "A");
        Run badSku = cli("journal", "replay", "--data", data.toString(), "--sku", "A B");
        Run longSku = cli("journal", "replay", "--data", data.toString(), "--sku", "A".repeat(65));

        // Picocli's usage error: exit 2, a message naming the option on stderr, no stack trace and no state printed.
        assertThat(badTime.exitCode()).as(badTime.err()).isEqualTo(2);
        assertThat(badTime.err()).contains("--until-time").doesNotContain("Exception").doesNotContain("\tat ");
        assertThat(badTime.out()).doesNotContain("stateHash");
        assertThat(badTime.err()).contains("or with an offset");
        // A time with an offset is the same instant as in UTC (the message once said UTC only).
        Run utc = cli("journal", "replay", "--data", data.toString(), "--until-time", "2100-01-01T00:00:00Z");
        Run offset = cli("journal", "replay", "--data", data.toString(), "--until-time", "2100-01-01T08:00:00+08:00");
        assertThat(offset.exitCode()).as(offset.err()).isZero();
        assertThat(offset.out()).isEqualTo(utc.out()).contains("stateHash");
        assertThat(negativeSeq.exitCode()).as(negativeSeq.err()).isEqualTo(2);
        assertThat(negativeSeq.err()).contains("--until-seq");
        assertThat(negativeSeq.out()).doesNotContain("stateHash");
        for (Run sku : List.of(badSku, longSku)) {
            assertThat(sku.exitCode()).as(sku.err()).isEqualTo(2);
            assertThat(sku.err()).contains("--sku").doesNotContain("no SKU");
            assertThat(sku.out()).as("refused before the replay").doesNotContain("stateHash");
        }
    }

    /** The tools only read (README): a directory without a journal is refused, and nothing is made in any of them. */
    @Test
    void theToolsRefuseADirectoryWithoutAJournalAndCreateNothingInADataDir() throws Exception {
        Path empty = Files.createDirectory(tmp.resolve("empty"));
        for (String tool : List.of("verify", "dump", "replay")) {
            Run run = cli("journal", tool, "--data", empty.toString());
            assertThat(run.exitCode()).as(tool + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).as(tool).contains("no journal in " + empty.toAbsolutePath());
            assertThat(run.out()).as(tool).doesNotContain("stateHash").doesNotContain("seq");
        }
        try (Stream<Path> files = Files.list(empty)) {
            assertThat(files).as("nothing made in it").isEmpty();
        }

        Path data = tmp.resolve("data");
        String serverHash = InProcessOrdo.stockedAndStopped(data);
        deleteTree(data.resolve("snapshots"));
        Run verify = cli("journal", "verify", "--data", data.toString());
        Run replay = cli("journal", "replay", "--data", data.toString());

        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out().trim()).isEqualTo(serverHash);
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out().trim()).isEqualTo(serverHash);
        assertThat(data.resolve("snapshots")).as("no snapshots directory made").doesNotExist();
    }

    /**
     * A roll file emptied or deleted (a failed copy or restore) took every record in it with it, and the tools read
     * the journal as ending before it: an empty one, exit 0, and a server started on it so (found in QA). Each tool
     * now says which file, exit 2, and the server refuses to start.
     */
    @Test
    void anEmptiedOrDeletedRollFileIsAFaultNamingIt() throws Exception {
        for (boolean deleted : new boolean[] {false, true}) {
            Path data = tmp.resolve("data-" + deleted);
            InProcessOrdo.stockedAndStopped(data);
            deleteTree(data.resolve("snapshots"));
            Path rollFile = rollFile(data);
            if (deleted) {
                Files.delete(rollFile);
            } else {
                try (FileChannel channel = FileChannel.open(rollFile, StandardOpenOption.WRITE)) {
                    channel.truncate(0);
                }
            }

            for (String tool : List.of("verify", "dump", "replay")) {
                Run run = cli("journal", tool, "--data", data.toString());
                assertThat(run.exitCode()).as("%s, deleted %s: %s", tool, deleted, run.err()).isEqualTo(2);
                assertThat(run.err()).as(tool).startsWith("FAULT: journal UNREADABLE_BEYOND: ")
                        .contains(deleted ? "metadata.cq4t lists a roll file for " : rollFile.getFileName()
                                + " is empty (0 bytes)");
                assertThat(run.out()).as(tool).doesNotContain("stateHash");
            }
            // Salvage too: what it would copy is not what the journal held; the way on is said.
            Path salvaged = tmp.resolve("salvaged-" + deleted);
            Run salvage = cli("journal", "salvage", "--data", data.toString(), "--to", salvaged.toString());
            assertThat(salvage.exitCode()).as(salvage.err()).isEqualTo(2);
            assertThat(salvage.err()).contains("if it is lost, so are the records it held");
            assertThat(salvaged).as("nothing made").doesNotExist();
            // …and a server does not start on it as if the records had never been.
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> InProcessOrdo.start(data).close())
                    .hasMessageContaining(deleted ? "metadata.cq4t lists a roll file for " : "is empty (0 bytes)");
        }
    }

    /**
     * A byte changed in the journal's last record reads exactly as a batch torn by a crash of the machine: verify
     * passed it with exit 0 and "never acknowledged", dump left it out without a word, though the client had its 201
     * (found in QA). Verify now exits 6 with the state before it, and each tool says what the tail may be.
     */
    @Test
    void aLastBatchThatFailsItsCheckIsReportedNotPassed() throws Exception {
        Path data = tmp.resolve("data");
        String serverHash = InProcessOrdo.stockedAndStopped(data);
        deleteTree(data.resolve("snapshots"));
        Path rollFile = rollFile(data);
        long last = lastNonZeroByte(rollFile);
        try (FileChannel channel = FileChannel.open(rollFile, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer one = ByteBuffer.allocate(1);
            channel.read(one, last - 8);
            channel.write(ByteBuffer.wrap(new byte[] {(byte) (one.get(0) ^ 0x5A)}), last - 8);
        }
        long lastSeq = Api.JSON.readTree(serverHash).path("sequence").asLong();

        Run verify = cli("journal", "verify", "--data", data.toString());
        Run dump = cli("journal", "dump", "--data", data.toString());
        Run replay = cli("journal", "replay", "--data", data.toString());

        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(6);
        assertThat(Api.JSON.readTree(verify.out()).path("sequence").asLong()).as("the state before it")
                .isEqualTo(lastSeq - 1);
        for (Run run : List.of(verify, dump, replay)) {
            assertThat(run.err()).contains("note: the journal ends in 1 batch document(s) that fail their check")
                    .contains("in process durability it may have been").doesNotContain("never-acknowledged");
        }
        assertThat(dump.exitCode()).isZero();
        assertThat(replay.exitCode()).isZero();

        // A start retires the batch with a discard marker, which dump --markers shows among the records (plain dump
        // has records only), with the rules marker the first start wrote (the auditor saw only a gap in the index).
        InProcessOrdo.start(data).close();
        Run plain = cli("journal", "dump", "--data", data.toString());
        Run withMarkers = cli("journal", "dump", "--markers", "--data", data.toString());
        assertThat(plain.out()).doesNotContain("\"marker\"");
        List<com.fasterxml.jackson.databind.JsonNode> markers = new java.util.ArrayList<>();
        for (String line : withMarkers.out().split("\n")) {
            com.fasterxml.jackson.databind.JsonNode node = Api.JSON.readTree(line);
            if (node.has("marker")) {
                markers.add(node);
            }
        }
        assertThat(markers).extracting(m -> m.path("marker").asText()).containsExactly("RULES", "DISCARD");
        assertThat(markers.get(0).path("afterSeq").asLong()).isZero();
        assertThat(markers.get(0).path("rulesVersion").asInt()).isEqualTo(ordo.engine.Engine.RULES_VERSION);
        assertThat(markers.get(1).path("afterSeq").asLong()).isEqualTo(lastSeq - 1);
        assertThat(markers.get(1).path("discardedDocuments").asInt()).isEqualTo(1);
        assertThat(withMarkers.out().lines().filter(l -> l.contains("\"seq\"")).count())
                .as("the same records").isEqualTo(plain.out().lines().count());

        // A range keeps the markers among its records: from seq 2 on, the discard but not the first rules marker.
        Run fromTwo = cli("journal", "dump", "--markers", "--from-seq", "2", "--data", data.toString());
        assertThat(fromTwo.exitCode()).as(fromTwo.err()).isZero();
        List<String> fromTwoLines = fromTwo.out().lines().toList();
        assertThat(fromTwoLines).hasSize((int) (lastSeq - 2) + 1);
        assertThat(fromTwoLines.get(0)).startsWith("{\"seq\":2,");
        assertThat(fromTwoLines.get(fromTwoLines.size() - 1)).startsWith("{\"marker\":\"DISCARD\"");
        assertThat(cli("journal", "dump", "--markers", "--to-seq", "1", "--data", data.toString()).out().lines())
                .as("the rules marker, then seq 1").hasSize(2).first().asString().startsWith("{\"marker\":\"RULES\"");
    }

    /**
     * dump --outcomes: what the engine answered each record, as the API did — the code and status, an idempotent
     * replay, the order or hold made (auditor QA: the lines named neither the ids a command created nor its outcome).
     */
    @Test
    void dumpOutcomesSayWhatEachCommandDidAsTheApiAnswered() throws Exception {
        Path data = tmp.resolve("data");
        String orderId;
        String holdId;
        String externalOrderId;
        Api.Response refused;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.defineLocation("wh-1");
            ordo.defineChannel("web", "WEB");
            ordo.stockedSku("A", "wh-1", 2);
            String body = OrderBodies.ship("web", "c-1", "A", 2).toString();
            Api.Response placed = ordo.api.post(WEB, "/v1/orders", body, "order-1");
            assertThat(placed.status()).as("%s", placed).isEqualTo(201);
            orderId = placed.json().path("orderId").asText();
            assertThat(ordo.api.post(WEB, "/v1/orders", body, "order-1").status()).as("the same key again")
                    .isEqualTo(201);
            refused = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-2", "A", 1).toString(), "order-2");
            assertThat(refused.status()).isEqualTo(409);
            ordo.stockedSku("B", "wh-1", 5);
            Api.Response hold = ordo.api.post(WEB, "/v1/reservations", reserveBody("web", "c-3", "[" + line("B", 1)
                    + "]"));
            assertThat(hold.status()).isEqualTo(201);
            holdId = hold.json().path("reservationId").asText();
            com.fasterxml.jackson.databind.node.ObjectNode marketplace = OrderBodies.ship("web", "c-4", "B", 1);
            marketplace.put("externalId", "mk-1");
            Api.Response first = ordo.api.post(WEB, "/v1/orders", marketplace.toString());
            assertThat(first.status()).as("%s", first).isEqualTo(201);
            externalOrderId = first.json().path("orderId").asText();
            com.fasterxml.jackson.databind.node.ObjectNode resent = OrderBodies.ship("web", "c-4", "B", 2);
            resent.put("externalId", "mk-1");
            Api.Response again = ordo.api.post(WEB, "/v1/orders", resent.toString());
            assertThat(again.status()).as("the same externalId again: the order placed before").isEqualTo(200);
        }

        Run run = cli("journal", "dump", "--outcomes", "--type", "PLACE_ORDER,RESERVE", "--data", data.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<com.fasterxml.jackson.databind.JsonNode> outcomes = new java.util.ArrayList<>();
        for (String line : run.out().lines().toList()) {
            outcomes.add(Api.JSON.readTree(line).path("outcome"));
        }
        assertThat(outcomes).hasSize(6);
        assertThat(outcomes.get(0).toString()).isEqualTo("{\"code\":\"OK\",\"replayed\":false,"
                + "\"orderId\":\"" + orderId + "\",\"orderStatus\":\"READY_TO_RELEASE\"}");
        assertThat(outcomes.get(1).path("replayed").asBoolean()).as("the same key's answer again").isTrue();
        assertThat(outcomes.get(1).path("orderId").asText()).isEqualTo(orderId);
        assertThat(outcomes.get(2).toString()).as("what the client was told, figures and all (QA-200)")
                .isEqualTo("{\"code\":\"INSUFFICIENT_STOCK\",\"httpStatus\":409,\"replayed\":false,"
                        + "\"detail\":\"only 0 of A available, 1 requested\",\"sku\":\"A\",\"available\":0,"
                        + "\"requested\":1,\"line\":0}");
        for (String member : List.of("detail", "sku", "available", "requested", "line")) {
            assertThat(outcomes.get(2).path(member)).as(member).isEqualTo(refused.json().path(member));
        }
        assertThat(outcomes.get(3).path("reservationId").asText()).isEqualTo(holdId);
        assertThat(outcomes.get(4).has("existingOrder")).as("placed now: the API's 201").isFalse();
        assertThat(outcomes.get(4).path("orderId").asText()).isEqualTo(externalOrderId);
        // The externalId sent again is answered the order placed before, not one of the record's lines (QA-266).
        assertThat(outcomes.get(5).toString()).isEqualTo("{\"code\":\"OK\",\"replayed\":false,"
                + "\"existingOrder\":true,\"orderId\":\"" + externalOrderId + "\",\"orderStatus\":\"READY_TO_RELEASE\"}");
        assertThat(cli("journal", "dump", "--type", "PLACE_ORDER", "--data", data.toString()).out())
                .as("plain dump: no outcome").doesNotContain("\"outcome\"");
    }

    /**
     * An auditor asks who cancelled, marked paid or released: every command an API key sent names the key
     * (its {@code name}) in the journal, refused ones too, and dump prints it as the command's {@code actor}; the
     * server's own commands (a TICK) name none (found in QA: two admin keys' cancellations could not be told apart).
     */
    @Test
    void dumpNamesTheKeyThatSentEachCommand() throws Exception {
        Path data = tmp.resolve("data");
        String holdId;
        String expiresAt;
        org.agrona.concurrent.CachedEpochClock clock = new org.agrona.concurrent.CachedEpochClock();
        clock.update(System.currentTimeMillis());
        try (InProcessOrdo ordo = InProcessOrdo.start(data, clock)) {
            ordo.defineLocation("wh-1");
            ordo.defineChannel("web", "WEB");
            ordo.stockedSku("A", "wh-1", 5);
            Api.Response placed = ordo.api.post(WEB, "/v1/orders", OrderBodies.ship("web", "c-1", "A", 2).toString());
            assertThat(placed.status()).as("%s", placed).isEqualTo(201);
            String orderId = placed.json().path("orderId").asText();
            assertThat(ordo.api.post(WEB, "/v1/orders/" + orderId + "/cancel",
                    "{\"lines\":[{\"sku\":\"A\",\"qty\":1}],\"reason\":\"changed mind\"}").status()).isEqualTo(200);
            assertThat(ordo.api.post(ADMIN, "/v1/orders/" + orderId + "/cancel", "{\"reason\":\"fraud call\"}")
                    .status()).isEqualTo(200);
            assertThat(ordo.api.post(InProcessOrdo.APP, "/v1/orders/" + orderId + "/cancel",
                    "{\"reason\":\"not mine\"}").status()).as("another channel's order: refused, journaled")
                    .isEqualTo(404);
            // A hold left to expire: the server's own TICK ends it.
            Api.Response hold = ordo.api.post(WEB, "/v1/reservations", reserveBody("web", "c-2", "[" + line("A", 1)
                    + "]"));
            assertThat(hold.status()).isEqualTo(201);
            holdId = hold.json().path("reservationId").asText();
            expiresAt = hold.json().path("expiresAt").asText();
            long before = ordo.api.get(ADMIN, "/v1/journal/state-hash").json().path("sequence").asLong();
            clock.update(clock.time() + 601_000);
            long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(30);
            while (ordo.api.get(ADMIN, "/v1/journal/state-hash").json().path("sequence").asLong() == before) {
                assertThat(System.nanoTime()).as("a TICK journaled within 30 s").isLessThan(deadline);
                Thread.sleep(20);
            }
        }

        Run run = cli("journal", "dump", "--data", data.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        List<com.fasterxml.jackson.databind.JsonNode> records = new java.util.ArrayList<>();
        for (String line : run.out().lines().toList()) {
            records.add(Api.JSON.readTree(line));
        }
        List<String> actors = records.stream()
                .filter(r -> r.path("type").asText().equals("PLACE_ORDER") || r.path("type").asText()
                        .equals("CANCEL_ORDER"))
                .map(r -> r.path("type").asText() + " by " + r.path("command").path("actor").asText())
                .toList();
        assertThat(actors).containsExactly("PLACE_ORDER by storefront-web", "CANCEL_ORDER by storefront-web",
                "CANCEL_ORDER by admin", "CANCEL_ORDER by storefront-app");
        assertThat(records).filteredOn(r -> r.path("type").asText().equals("DEFINE_LOCATION")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("command").path("actor").asText()).isEqualTo("admin"));
        assertThat(records).allSatisfy(r -> assertThat(r.path("command").has("unreadBytes")).as("%s", r).isFalse());
        assertThat(records).as("times as the API writes them, milliseconds always (QA-200)")
                .allSatisfy(r -> assertThat(r.path("time").asText())
                        .matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z"));
        assertThat(records).filteredOn(r -> r.path("type").asText().equals("TICK")).isNotEmpty()
                .allSatisfy(r -> assertThat(r.path("command").has("actor")).isFalse());

        // What a record caused beyond its answer: the TICK names the hold it expired, when it expired (QA-200).
        Run ticks = cli("journal", "dump", "--outcomes", "--type", "TICK", "--data", data.toString());
        assertThat(ticks.exitCode()).as(ticks.err()).isZero();
        List<String> expired = new java.util.ArrayList<>();
        for (String line : ticks.out().lines().toList()) {
            for (com.fasterxml.jackson.databind.JsonNode event : Api.JSON.readTree(line).path("outcome")
                    .path("events")) {
                expired.add(event.path("type").asText() + " " + event.path("reservationId").asText() + " at "
                        + event.path("time").asText());
            }
        }
        assertThat(expired).containsExactly("RESERVATION_EXPIRED " + holdId + " at " + expiresAt);
    }

    /** dump --from-seq, --to-seq and --type print what they name, of the same lines a plain dump prints. */
    @Test
    void dumpPrintsARangeAndTheTypesAsked() throws Exception {
        Path data = tmp.resolve("data");
        long lastSeq = Api.JSON.readTree(InProcessOrdo.stockedAndStopped(data)).path("sequence").asLong();
        List<String> all = cli("journal", "dump", "--data", data.toString()).out().lines().toList();
        assertThat(all).hasSize((int) lastSeq);

        Run middle = cli("journal", "dump", "--data", data.toString(), "--from-seq", "2", "--to-seq",
                Long.toString(lastSeq - 1));
        assertThat(middle.exitCode()).as(middle.err()).isZero();
        assertThat(middle.out().lines().toList()).isEqualTo(all.subList(1, (int) lastSeq - 1));

        Run stock = cli("journal", "dump", "--data", data.toString(), "--type", "set_inventory,DEFINE_LOCATION");
        assertThat(stock.exitCode()).as(stock.err()).isZero();
        assertThat(stock.out().lines().toList()).isNotEmpty().isEqualTo(all.stream()
                .filter(l -> l.contains("\"type\":\"SET_INVENTORY\"") || l.contains("\"type\":\"DEFINE_LOCATION\""))
                .toList());

        Run unknown = cli("journal", "dump", "--data", data.toString(), "--type", "PLACE_ORDERS");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("--type PLACE_ORDERS is no command type the journal holds")
                .contains("PLACE_ORDER,").doesNotContain("QUERY_ORDER");
        assertThat(unknown.out()).isEmpty();
        Run backwards = cli("journal", "dump", "--data", data.toString(), "--from-seq", "3", "--to-seq", "2");
        assertThat(backwards.exitCode()).isEqualTo(2);
        assertThat(backwards.err()).contains("--from-seq and --to-seq").contains("got --from-seq 3 --to-seq 2");
        assertThat(backwards.out()).isEmpty();
        assertThat(cli("journal", "dump", "--data", data.toString(), "--from-seq", "0").err())
                .contains("got --from-seq 0").doesNotContain("null");

        Run pastTheEnd = cli("journal", "dump", "--data", data.toString(), "--from-seq", Long.toString(lastSeq + 1));
        assertThat(pastTheEnd.exitCode()).isZero();
        assertThat(pastTheEnd.out()).isEmpty();
        assertThat(pastTheEnd.err()).contains("note: the journal ends at seq " + lastSeq + ", before --from-seq "
                + (lastSeq + 1));
    }

    /** Every command lists --version in its help: each prints the version (the subcommands printed nothing; QA). */
    @Test
    void everyCommandPrintsItsVersion() {
        for (List<String> command : List.of(List.of("--version"), List.of("serve", "--version"),
                List.of("journal", "--version"), List.of("journal", "dump", "-V"), List.of("journal", "verify", "-V"),
                List.of("journal", "replay", "-V"), List.of("journal", "salvage", "-V"))) {
            Run run = cli(command.toArray(String[]::new));
            assertThat(run.exitCode()).as("%s", command).isZero();
            assertThat(run.out().trim()).as("%s", command).isEqualTo(Main.VERSION);
        }
    }

    static Path rollFile(Path data) throws IOException {
        try (Stream<Path> files = Files.list(data.resolve("journal"))) {
            return files.filter(p -> p.toString().endsWith(".cq4")).findFirst().orElseThrow();
        }
    }

    static long lastNonZeroByte(Path file) throws IOException {
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer content = ByteBuffer.allocate((int) Math.min(channel.size(), 16 << 20));
            channel.read(content, 0);
            for (int i = content.position() - 1; i >= 0; i--) {
                if (content.get(i) != 0) {
                    return i;
                }
            }
            return -1;
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(file);
            }
        }
    }

    private static boolean flipFirstOccurrence(Path journalDir, String text) throws IOException {
        byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
        try (Stream<Path> files = Files.list(journalDir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".cq4")).toList()) {
                try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
                    ByteBuffer content = ByteBuffer.allocate((int) Math.min(channel.size(), 16 << 20));
                    channel.read(content, 0);
                    byte[] bytes = content.array();
                    for (int i = 0; i + needle.length <= content.position(); i++) {
                        if (java.util.Arrays.equals(bytes, i, i + needle.length, needle, 0, needle.length)) {
                            channel.write(ByteBuffer.wrap(new byte[] {(byte) 'X'}), i);
                            return true;
                        }
                    }
                }
            }
        }
        return false;
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        PrintStream originalOut = System.out;
        PrintStream originalErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int code = Main.commandLine().execute(args);
            return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(originalOut);
            System.setErr(originalErr);
        }
    }
}
