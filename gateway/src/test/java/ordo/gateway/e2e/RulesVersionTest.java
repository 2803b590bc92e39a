package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.PayloadWriter;
import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.JournalReader;
import ordo.journal.RulesMarker;
import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static ordo.gateway.e2e.InProcessOrdo.WEB;
import static ordo.gateway.e2e.InProcessOrdo.line;
import static ordo.gateway.e2e.InProcessOrdo.reserveBody;
import static ordo.gateway.e2e.JournalToolsTest.cli;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The journal records the rules version of the build that writes it, and neither start-up nor the auditor's tools
 * replay a command under rules it was not written under (docs/INTERNALS.md, "Rules versions").
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RulesVersionTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    @Test
    void everyCommandAServerJournalsReadsBackUnderItsRulesVersion() throws Exception {
        Path data = tmp.resolve("data");
        InProcessOrdo.stockedAndStopped(data);
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            assertThat(ordo.api.post(WEB, "/v1/reservations", reserveBody("web", "c-1", "[" + line("A", 2) + "]"))
                .status()).isEqualTo(201);
        }

        List<JsonNode> records = dump(data);
        assertThat(records).hasSizeGreaterThanOrEqualTo(4);
        assertThat(records).allSatisfy(r -> assertThat(r.path("rulesVersion").asInt(-1))
            .as("%s", r).isEqualTo(Engine.RULES_VERSION));
        try (Journal journal = Journal.open(data, Durability.PROCESS)) {
            assertThat(journal.rulesVersion()).isEqualTo(Engine.RULES_VERSION);
        }
        assertThat(cli("journal", "verify", "--data", data.toString()).exitCode()).isZero();
    }

    @Test
    void commandsWrittenUnderOtherRulesRefuseTheStartAndStopVerifyAndReplayBeforeThem() throws Exception {
        Path data = tmp.resolve("data");
        String hashBefore = InProcessOrdo.stockedAndStopped(data);
        int other = Engine.RULES_VERSION + 1;
        long foreignSeq = appendUnderRules(data, other);

        assertThatThrownBy(() -> InProcessOrdo.start(data).close())
            .hasStackTraceContaining("The journal's tail after the snapshot at seq " + (foreignSeq - 1) +
                " holds records written under rules version " + other + " (seq " + foreignSeq + ")")
            .hasStackTraceContaining("refusing to start. Run the build with rules version " + other);
        try (Journal journal = Journal.open(data, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).as("the refused start appended nothing").isEqualTo(foreignSeq);
            assertThat(journal.rulesVersion()).isEqualTo(other);
        }

        JournalToolsTest.Run verify = cli("journal", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(5);
        assertThat(verify.err()).contains("STOPPED: journal record seq " + foreignSeq)
            .contains("replay it with the build with rules version " + other)
            .contains("note: records seq " + foreignSeq + " on were written under rules version " + other);
        assertThat(verify.out()).as("no state hash for a journal it could not replay").isEmpty();

        JournalToolsTest.Run replay = cli("journal", "replay", "--data", data.toString());
        assertThat(replay.exitCode()).isEqualTo(5);
        JournalToolsTest.Run before = cli("journal", "replay", "--data", data.toString(), "--until-seq",
            Long.toString(foreignSeq - 1));
        assertThat(before.exitCode()).as(before.err()).isZero();
        assertThat(before.out().trim()).isEqualTo(hashBefore);

        List<JsonNode> records = dump(data);
        assertThat(records.get(records.size() - 1).path("seq").asLong()).isEqualTo(foreignSeq);
        assertThat(records.get(records.size() - 1).path("rulesVersion").asInt()).isEqualTo(other);
        assertThat(records.get(0).path("rulesVersion").asInt()).isEqualTo(Engine.RULES_VERSION);
    }

    /**
     * A stretch of other rules of several records stops verify at its first record, the one from which the state is
     * not this build's to rebuild: it named the last record passed over (QA-254: "seq 316 … it and the records
     * after it", the journal's last record, of a stretch from 306).
     */
    @Test
    void verifyStopsNamingTheFirstRecordOfAStretchOfOtherRules() throws Exception {
        Path data = tmp.resolve("data");
        InProcessOrdo.stockedAndStopped(data);
        int other = Engine.RULES_VERSION + 1;
        long first = appendUnderRules(data, other);
        long last = appendUnderRules(data, other);
        assertThat(last).isEqualTo(first + 1);

        JournalToolsTest.Run verify = cli("journal", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(5);
        assertThat(verify.err()).contains("STOPPED: journal record seq " + first + " was written under rules version "
            + other).doesNotContain("journal record seq " + last);

        // Adjacent stretches of two other versions: the first of the first, and the build to run first.
        long newer = appendUnderRules(data, other + 1);
        JournalToolsTest.Run again = cli("journal", "verify", "--data", data.toString());
        assertThat(again.exitCode()).as(again.err()).isEqualTo(5);
        assertThat(again.err()).contains("STOPPED: journal record seq " + first + " was written under rules version "
            + other).contains("replay it with the build with rules version " + other)
            .doesNotContain("replay it with the build with rules version " + (other + 1))
            .contains("note: records seq " + newer + " on were written under rules version " + (other + 1));
    }

    @Test
    void aJournalFromBeforeRulesWereRecordedCountsAsVersionOne() throws Exception {
        Path data = tmp.resolve("data");
        // As a build before rules versions wrote it: commands and no marker.
        try (Journal journal = Journal.open(data, Durability.PROCESS)) {
            assertThat(journal.rulesVersion()).isEqualTo(RulesMarker.UNRECORDED);
            appendLocation(journal, "wh-old");
        }
        assertThat(Engine.RULES_VERSION).as("this test is of a build after version 1").isGreaterThan(1);
        // Its crash tail counts as version 1's: this build refuses it...
        assertThatThrownBy(() -> InProcessOrdo.start(data).close())
            .hasStackTraceContaining("holds records written under rules version 1 (seq 1)")
            .hasStackTraceContaining("Run the build with rules version 1");
        // ...and starts once a version-1 build has stopped cleanly over it (its shutdown snapshot).
        snapshotAtTheEnd(data);
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            assertThat(ordo.api.get(AUDITOR, "/v1/locations/wh-old").status()).isEqualTo(200);
            ordo.stockedSku("A", "wh-old", 5);
        }

        List<JsonNode> records = dump(data);
        assertThat(records.get(0).path("seq").asLong()).isEqualTo(1);
        assertThat(records.get(0).has("rulesVersion")).as("written before rules were recorded").isFalse();
        assertThat(records.subList(1, records.size())).isNotEmpty()
            .allSatisfy(r -> assertThat(r.path("rulesVersion").asInt(-1)).isEqualTo(Engine.RULES_VERSION));
        JournalToolsTest.Run verify = cli("journal", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.err()).contains("note: records seq 1–1 were written under rules version 1")
            .contains("note: replay resumed from the snapshot at seq 1");
    }

    @Test
    void anUpgradeAfterACleanStopStartsFromItsSnapshotAndVerifyResumesThere() throws Exception {
        Path data = tmp.resolve("data");
        InProcessOrdo.stockedAndStopped(data);
        int other = Engine.RULES_VERSION + 1;
        long foreignSeq = appendUnderRules(data, other);
        // As that build's clean stop would leave it: a snapshot at its last command.
        snapshotAtTheEnd(data);

        String afterFirst;
        String serverHash;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            assertThat(ordo.api.post(WEB, "/v1/reservations", reserveBody("web", "c-1", "[" + line("A", 2) + "]"))
                .status()).isEqualTo(201);
            afterFirst = ordo.api.stateHashJson(AUDITOR);
            assertThat(ordo.api.post(WEB, "/v1/reservations", reserveBody("web", "c-2", "[" + line("A", 1) + "]"))
                .status()).isEqualTo(201);
            serverHash = ordo.api.stateHashJson(AUDITOR);
        }

        List<JsonNode> records = dump(data);
        JsonNode last = records.get(records.size() - 1);
        assertThat(last.path("seq").asLong()).isEqualTo(foreignSeq + 2);
        assertThat(last.path("rulesVersion").asInt()).as("marked again as this build's").isEqualTo(Engine.RULES_VERSION);
        JournalToolsTest.Run verify = cli("journal", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out().trim()).isEqualTo(serverHash);
        assertThat(verify.err())
            .contains("note: records seq " + foreignSeq + "–" + foreignSeq + " were written under rules version " + other)
            .contains("note: replay resumed from the snapshot at seq " + foreignSeq)
            .doesNotContain("FAULT");
        JournalToolsTest.Run replay = cli("journal", "replay", "--data", data.toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out().trim()).isEqualTo(serverHash);
        JournalToolsTest.Run between = cli("journal", "replay", "--data", data.toString(), "--until-seq",
            Long.toString(foreignSeq + 1));
        assertThat(between.exitCode()).as(between.err()).isZero();
        assertThat(between.out().trim()).isEqualTo(afterFirst);
        JournalToolsTest.Run foreign = cli("journal", "replay", "--data", data.toString(), "--until-seq",
            Long.toString(foreignSeq));
        assertThat(foreign.exitCode()).as("the state after a record of other rules").isEqualTo(5);
        assertThat(foreign.out()).isEmpty();

        // dump --outcomes: every record of this build's rules answered, the other rules' record (and those before the
        // snapshot the replay resumed from) without one.
        JournalToolsTest.Run outcomes = cli("journal", "dump", "--outcomes", "--data", data.toString());
        assertThat(outcomes.exitCode()).as(outcomes.err()).isZero();
        List<JsonNode> lines = new java.util.ArrayList<>();
        for (String line : outcomes.out().lines().toList()) {
            lines.add(JSON.readTree(line));
        }
        assertThat(lines).hasSize(records.size());
        assertThat(lines.get((int) foreignSeq - 1).has("outcome")).as("the record of rules version %d", other)
            .isFalse();
        assertThat(lines.get(0).path("outcome").path("code").asText()).as("seq 1").isEqualTo("OK");
        assertThat(lines.subList((int) foreignSeq, lines.size())).as("after the resume")
            .allSatisfy(l -> assertThat(l.path("outcome").path("reservationId").asText()).startsWith("res_"));
        assertThat(outcomes.err()).contains("note: replay resumed from the snapshot at seq " + foreignSeq);

        // The newest snapshot no longer reproduces its state hash: the start takes the one before it, not the journal
        // from seq 0, whose first records no single build replays with the later ones.
        ordo.journal.SnapshotStore store = ordo.journal.SnapshotStore.open(data);
        ordo.journal.Snapshot newest = store.latestValid().orElseThrow();
        assertThat(newest.seq()).isEqualTo(foreignSeq + 2);
        store.write(newest.seq(), newest.timeMillis(), newest.stateHash() ^ 1, newest.journalChain(), newest.body());
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            assertThat(ordo.api.stateHashJson(AUDITOR)).isEqualTo(serverHash);
        }

        // Without the snapshot where this build's rules began, a replay to a point before any later snapshot cannot
        // be done by this build: it says so instead of showing a later state.
        java.nio.file.Files.delete(store.list().stream().filter(i -> i.seq() == foreignSeq).findFirst().orElseThrow()
            .path());
        JournalToolsTest.Run unreachable = cli("journal", "replay", "--data", data.toString(), "--until-seq",
            Long.toString(foreignSeq + 1));
        assertThat(unreachable.exitCode()).as(unreachable.err()).isEqualTo(5);
        assertThat(unreachable.out()).isEmpty();
        assertThat(unreachable.err()).contains("no snapshot taken at seq " + foreignSeq + "–" + (foreignSeq + 1));
    }

    /**
     * QA-214: right after an upgrade, before the new build has journaled a command, the journal ends with the old
     * rules' records and this build's rules marker; the server runs from the old build's shutdown snapshot and answers
     * its state hash. verify (and a replay to the end) must give that state, not stop at the last old record (exit 5).
     */
    @Test
    void verifyRightAfterAnUpgradeBeforeAnyCommandGivesTheStateTheServerStartedFrom() throws Exception {
        Path data = tmp.resolve("data");
        InProcessOrdo.stockedAndStopped(data);
        int other = Engine.RULES_VERSION + 1;
        long foreignSeq = appendUnderRules(data, other);
        snapshotAtTheEnd(data);

        String serverHash;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            serverHash = ordo.api.stateHashJson(AUDITOR);
        }
        try (Journal journal = Journal.open(data, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).as("the upgraded server journaled no command").isEqualTo(foreignSeq);
            assertThat(journal.rulesVersion()).isEqualTo(Engine.RULES_VERSION);
        }

        JournalToolsTest.Run verify = cli("journal", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as(verify.err()).isZero();
        assertThat(verify.out().trim()).isEqualTo(serverHash);
        assertThat(verify.err()).contains("note: replay resumed from the snapshot at seq " + foreignSeq)
            .doesNotContain("STOPPED").doesNotContain("FAULT");
        JournalToolsTest.Run replay = cli("journal", "replay", "--data", data.toString());
        assertThat(replay.exitCode()).as(replay.err()).isZero();
        assertThat(replay.out().trim()).isEqualTo(serverHash);
        // A point inside the other rules' stretch is still not this build's to show.
        JournalToolsTest.Run inside = cli("journal", "replay", "--data", data.toString(), "--until-seq",
            Long.toString(foreignSeq));
        assertThat(inside.exitCode()).as(inside.err()).isEqualTo(5);

        // Without the snapshot there, it still says it cannot.
        ordo.journal.SnapshotStore store = ordo.journal.SnapshotStore.open(data);
        for (ordo.journal.SnapshotInfo info : store.list()) {
            if (info.seq() == foreignSeq) {
                java.nio.file.Files.delete(info.path());
            }
        }
        JournalToolsTest.Run without = cli("journal", "verify", "--data", data.toString());
        assertThat(without.exitCode()).as(without.err()).isEqualTo(5);
        assertThat(without.out()).isEmpty();
    }

    @Test
    void aTailOfSeveralRulesVersionsNamesTheSnapshotToRestore() throws Exception {
        Path data = tmp.resolve("data");
        long firstStop;
        InProcessOrdo.stockedAndStopped(data);
        try (Journal journal = Journal.open(data, Durability.PROCESS)) {
            firstStop = journal.lastSeq();
        }
        int other = Engine.RULES_VERSION + 1;
        long foreignSeq = appendUnderRules(data, other);
        snapshotAtTheEnd(data);
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            assertThat(ordo.api.post(WEB, "/v1/reservations", reserveBody("web", "c-1", "[" + line("A", 2) + "]"))
                .status()).isEqualTo(201);
        }
        // Every snapshot after the first stop lost: the tail after it holds both rules versions.
        ordo.journal.SnapshotStore store = ordo.journal.SnapshotStore.open(data);
        for (ordo.journal.SnapshotInfo info : store.list()) {
            if (info.seq() > firstStop) {
                java.nio.file.Files.delete(info.path());
            }
        }

        assertThatThrownBy(() -> InProcessOrdo.start(data).close())
            .hasStackTraceContaining("The journal's tail after the snapshot at seq " + firstStop + " holds records " +
                "written under rules version " + other + " (seq " + foreignSeq + "), then rules version " +
                Engine.RULES_VERSION + " (seq " + (foreignSeq + 1) + ")")
            .hasStackTraceContaining("No single build can replay that: the snapshot taken where the journal's last " +
                "rules began (at seq " + foreignSeq + " or later) is missing or unreadable");
    }

    @Test
    void aJournalBegunUnderOtherRulesIsRefusedWholeByStartAndTools() throws Exception {
        Path data = tmp.resolve("data");
        int other = Engine.RULES_VERSION + 1;
        try (Journal journal = Journal.open(data, Durability.PROCESS)) {
            journal.recordRules(other);
            appendLocation(journal, "wh-new");
        }

        assertThatThrownBy(() -> InProcessOrdo.start(data).close())
            .hasStackTraceContaining("The journal (replayed from the start: no snapshot this build restores) holds " +
                "records written under rules version " + other + " (seq 1)");
        JournalToolsTest.Run verify = cli("journal", "verify", "--data", data.toString());
        assertThat(verify.exitCode()).as(verify.err()).isEqualTo(5);
        assertThat(verify.err()).contains("note: records seq 1 on were written under rules version " + other);
        assertThat(verify.out()).isEmpty();
    }

    /** Appends a DEFINE_LOCATION command as the journal's next record, in a batch of its own. */
    private static void appendLocation(Journal journal, String locationId) {
        ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        PayloadWriter writer = new PayloadWriter();
        writer.wrap(buffer, 0);
        CommandCodec.defineLocation(writer, 0, 0, locationId, Codes.LocationType.WAREHOUSE, locationId, 1_329_400,
            103_636_700, "SG", Codes.CAP_SHIP, 0, 0, "SGD", true);
        journal.append(journal.lastSeq() + 1, System.currentTimeMillis(), CommandType.DEFINE_LOCATION.code(), buffer,
            0, writer.length());
        journal.endOfBatch();
    }

    /** Replays the whole journal here and writes a snapshot of the state at its end, as a clean stop does. */
    private static void snapshotAtTheEnd(Path data) throws Exception {
        Engine engine = new Engine();
        ordo.engine.Reply reply = new ordo.engine.Reply();
        try (JournalReader reader = JournalReader.open(data)) {
            reader.replay(0, (seq, time, type, payload, offset, length) ->
                ordo.gateway.pipeline.Recovery.apply(engine, reader::currentIndex, seq, time, type, payload, offset,
                    length, reply));
        }
        long chain;
        try (Journal journal = Journal.open(data, Durability.PROCESS)) {
            assertThat(journal.lastSeq()).isEqualTo(engine.lastSeq());
            chain = journal.lastChain();
        }
        ordo.journal.SnapshotStore.open(data).write(engine.lastSeq(), engine.nowMillis(), engine.stateHash(), chain,
            ordo.engine.EngineSnapshot.serialise(engine));
    }

    /**
     * As a build with other rules would: records {@code rules} and appends a copy of the last command (one more
     * stock count) under it. Returns that command's seq.
     */
    private static long appendUnderRules(Path data, int rules) {
        int[] lastType = new int[1];
        byte[][] lastPayload = new byte[1][];
        try (JournalReader reader = JournalReader.open(data)) {
            reader.replay(0, (seq, time, type, payload, offset, length) -> {
                lastType[0] = type;
                lastPayload[0] = new byte[length];
                payload.getBytes(offset, lastPayload[0]);
            });
        }
        try (Journal journal = Journal.open(data, Durability.PROCESS)) {
            journal.recordRules(rules);
            long seq = journal.lastSeq() + 1;
            journal.append(seq, System.currentTimeMillis(), lastType[0], new UnsafeBuffer(lastPayload[0]), 0,
                lastPayload[0].length);
            journal.endOfBatch();
            return seq;
        }
    }

    private static List<JsonNode> dump(Path data) throws Exception {
        JournalToolsTest.Run dump = cli("journal", "dump", "--data", data.toString());
        assertThat(dump.exitCode()).as(dump.err()).isZero();
        List<JsonNode> records = new ArrayList<>();
        for (String line : dump.out().split("\n")) {
            if (!line.isBlank()) {
                records.add(JSON.readTree(line));
            }
        }
        return records;
    }
}
