package ordo.gateway.e2e;

import static ordo.gateway.e2e.JournalToolsTest.cli;
import static ordo.gateway.e2e.JournalToolsTest.deleteTree;
import static ordo.gateway.e2e.JournalToolsTest.lastNonZeroByte;
import static ordo.gateway.e2e.JournalToolsTest.rollFile;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import ordo.gateway.e2e.JournalToolsTest.Run;

/**
 * The journal tools on a roll file cut short: run with Chronicle's internal assertions off (gateway/pom.xml, execution
 * {@code damage}), as the tools run. Salvage reads such a file from a copy made full length with zeros, and in that
 * copy Chronicle's debugging asserts throw where production's Chronicle reads on (as in journal's JournalDamageTest).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JournalToolsDamageTest {

    @TempDir
    Path tmp;

    /**
     * Only where Chronicle's assertions are off. The build runs this class so (execution {@code damage}); a run that
     * names it with {@code -Dtest} also runs it in the default execution, with them on, where it is left out here.
     */
    @BeforeEach
    void chronicleAssertionsOff() {
        assumeFalse(net.openhft.chronicle.queue.impl.single.SingleChronicleQueue.class.desiredAssertionStatus(),
            "Chronicle's assertions are on in this execution; the damage execution runs this class");
    }

    /**
     * A roll file cut short (a partial copy, a truncated restore): the read-only tools map more of it than it has, and
     * a read there faulted (InternalError) and ended each with a stack trace, salvage too, which is the documented way
     * out (found in QA); then the fault came before any record where the file's index lay past the cut, and salvage
     * copied 0 of ~410 and said to start on that (QA-193). The tools now refuse such a file from its size, before
     * anything is mapped, and salvage reads a copy made full length with zeros: every record before the cut.
     */
    @Test
    void aRollFileCutShortIsAFaultForEveryToolAndSalvageCopiesTheRecordsBeforeIt() throws Exception {
        // At a page boundary inside the records (the pages beyond the file's end fault), and the one after the last
        // record (nothing lost: every tool reads it all).
        for (boolean insideTheRecords : new boolean[] {true, false}) {
            Path data = tmp.resolve("data-" + insideTheRecords);
            String serverHash = manyRecordsStopped(data);
            deleteTree(data.resolve("snapshots"));
            Path rollFile = rollFile(data);
            long end = lastNonZeroByte(rollFile) + 1;
            long cut = insideTheRecords ? end / 4096 * 4096 : (end + 4095) / 4096 * 4096;
            try (FileChannel channel = FileChannel.open(rollFile, StandardOpenOption.WRITE)) {
                channel.truncate(cut);
            }

            Run verify = cli("journal", "verify", "--data", data.toString());
            Run dump = cli("journal", "dump", "--data", data.toString());
            Run replay = cli("journal", "replay", "--data", data.toString());
            Path salvaged = tmp.resolve("salvaged-" + insideTheRecords);
            Run salvage = cli("journal", "salvage", "--data", data.toString(), "--to", salvaged.toString());

            if (!insideTheRecords) {
                // Nothing lost, but the file is shorter than any Chronicle makes: the tools refuse it as cut, and
                // salvage copies every record, to the server's state.
                for (Run run : List.of(verify, dump, replay)) {
                    assertThat(run.exitCode()).as("cut %d: %s", cut, run.err()).isEqualTo(2);
                    assertThat(run.err()).contains("cut short").contains("nothing, if the cut fell after its last");
                }
                assertThat(salvage.exitCode()).as("cut %d: %s", cut, salvage.err()).isZero();
                Run whole = cli("journal", "verify", "--data", salvaged.toString());
                assertThat(whole.exitCode()).as(whole.err()).isZero();
                assertThat(whole.out().trim()).as("the salvaged journal is the whole of it").isEqualTo(serverHash);
                continue;
            }
            // Refused from the file's size, before anything is mapped: the same answer every time, for every tool.
            for (Run run : List.of(verify, dump, replay)) {
                assertThat(run.exitCode()).as("cut %d: %s", cut, run.err()).isEqualTo(2);
                assertThat(run.err()).as("cut %d", cut).startsWith("FAULT: journal UNREADABLE_BEYOND: roll file ")
                        .contains("is " + cut + " bytes").contains("cut short").contains("ordo journal salvage")
                        .doesNotContain("Exception").doesNotContain("\tat ");
            }
            assertThat(salvage.exitCode()).as("cut %d: %s", cut, salvage.err()).isZero();
            java.util.regex.Matcher copied = java.util.regex.Pattern.compile("salvaged (\\d+) records")
                    .matcher(salvage.out());
            assertThat(copied.find()).as(salvage.out()).isTrue();
            assertThat(Long.parseLong(copied.group(1))).as("cut %d: most of %d records", cut, RECORDS)
                    .isGreaterThanOrEqualTo(RECORDS / 2);
            assertThat(salvage.err()).contains("shorter than what it holds");
            Run check = cli("journal", "verify", "--data", salvaged.toString());
            assertThat(check.exitCode()).as("cut %d: %s", cut, check.err()).isZero();
        }
    }

    /** Reservations of one unit each, on top of a location and a SKU: what the first test's journal holds. */
    private static final int RECORDS = 400;

    /** A data directory of {@link #RECORDS} reservations and more, stopped cleanly; answers its state hash JSON. */
    private static String manyRecordsStopped(Path data) {
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.defineLocation("wh-1");
            ordo.stockedSku("A", "wh-1", 1_000_000);
            for (int i = 0; i < RECORDS; i++) {
                Api.Response held = ordo.api.post(InProcessOrdo.WEB, "/v1/reservations",
                        InProcessOrdo.reserveBody("web", "c-" + i, "[" + InProcessOrdo.line("A", 1) + "]"));
                assertThat(held.status()).as("%s", held).isEqualTo(201);
            }
            return ordo.api.stateHashJson(InProcessOrdo.AUDITOR);
        }
    }

    /**
     * A roll file cut at any page inside what it holds — its header, its index, its records — is a FAULT for every
     * reading tool, never a stack trace: Chronicle reads a store's header through its marshalling, which wrapped the
     * fault on a mapped page, and {@code replay} ended with "a bug; its stack trace follows" where {@code verify} and
     * {@code dump} had said FAULT (CI, once at 64 KiB; where HotSpot raises the fault depends on the JIT).
     */
    @Test
    void aRollFileCutAtAnyPageIsAFaultForEveryReadingToolNeverAStackTrace() throws Exception {
        Path data = tmp.resolve("data");
        InProcessOrdo.stockedAndStopped(data);
        deleteTree(data.resolve("snapshots"));
        Path rollFile = rollFile(data);
        byte[] whole = Files.readAllBytes(rollFile);
        long end = lastNonZeroByte(rollFile) + 1;
        for (long cut = 4096; cut < end; cut += 4096) {
            Files.write(rollFile, java.util.Arrays.copyOf(whole, (int) cut));
            for (String tool : new String[] {"verify", "dump", "replay"}) {
                Run run = cli("journal", tool, "--data", data.toString());
                assertThat(run.exitCode()).as("%s, cut %d: %s", tool, cut, run.err()).isEqualTo(2);
                assertThat(run.err()).as("%s, cut %d", tool, cut).startsWith("FAULT: journal")
                        .doesNotContain("Exception").doesNotContain("\tat ").doesNotContain("a bug");
            }
            // Salvage copies what lies before the cut, or says there is nothing: never "0 records, start on it".
            Path salvaged = tmp.resolve("salvaged-" + cut);
            Run salvage = cli("journal", "salvage", "--data", data.toString(), "--to", salvaged.toString());
            assertThat(salvage.err()).as("cut %d", cut).doesNotContain("\tat ").doesNotContain("a bug");
            if (salvage.exitCode() == 0) {
                assertThat(salvage.out()).as("cut %d", cut).containsPattern("salvaged [1-9][0-9]* records")
                        .doesNotContain("salvaged 0 records");
                assertThat(salvage.err()).contains("shorter than what it holds");
                assertThat(cli("journal", "verify", "--data", salvaged.toString()).exitCode()).isZero();
            } else {
                assertThat(salvage.exitCode()).as("cut %d: %s", cut, salvage.err()).isEqualTo(2);
                assertThat(salvage.err()).contains("nothing salvaged: do not start a server on");
            }
        }
    }

}
