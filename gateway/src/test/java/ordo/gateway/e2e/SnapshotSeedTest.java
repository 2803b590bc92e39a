package ordo.gateway.e2e;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.journal.Snapshot;
import ordo.journal.SnapshotStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static ordo.gateway.e2e.InProcessOrdo.AUDITOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which snapshot a start seeds from, and the snapshots it refuses to start with. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SnapshotSeedTest {
    @TempDir
    Path tmp;

    @Test
    void aSnapshotAheadOfTheJournalRefusesTheStart() throws Exception {
        Path data = stoppedServer();
        Snapshot newest = SnapshotStore.open(data).latestValid().orElseThrow();
        SnapshotStore.open(data).write(newest.seq() + 10, newest.timeMillis(), newest.stateHash(),
            newest.journalChain(), newest.body());

        assertThatThrownBy(() -> InProcessOrdo.start(data).close())
            .hasStackTraceContaining("snapshot at seq " + (newest.seq() + 10) + " is ahead of the journal, which ends " +
                "at seq " + newest.seq() + ": the journal lost acknowledged commands");
    }

    @Test
    void aSnapshotOfAnotherJournalRefusesTheStart() throws Exception {
        Path data = stoppedServer();
        Snapshot newest = SnapshotStore.open(data).latestValid().orElseThrow();
        SnapshotStore.open(data).write(newest.seq(), newest.timeMillis(), newest.stateHash(),
            newest.journalChain() ^ 1, newest.body());

        assertThatThrownBy(() -> InProcessOrdo.start(data).close())
            .hasStackTraceContaining("snapshot at seq " + newest.seq() + " records journal chain")
            .hasStackTraceContaining("the snapshot belongs to another journal; refusing to start");
    }

    @Test
    void aNewestSnapshotThisBuildCannotReadStillStartsWithTheSameState() throws Exception {
        Path data = stoppedServer();
        String hash;
        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            ordo.stockedSku("B", "wh-1", 3);
            hash = ordo.api.stateHashJson(AUDITOR);
        }
        SnapshotStore store = SnapshotStore.open(data);
        Snapshot newest = store.latestValid().orElseThrow();
        // A sound file (its CRC holds) whose body is no engine snapshot this build reads.
        store.write(newest.seq(), newest.timeMillis(), newest.stateHash(), newest.journalChain(), new byte[64]);

        try (InProcessOrdo ordo = InProcessOrdo.start(data)) {
            assertThat(ordo.api.stateHashJson(AUDITOR)).isEqualTo(hash);
        }
    }

    private Path stoppedServer() {
        Path data = tmp.resolve("data");
        InProcessOrdo.stockedAndStopped(data);
        return data;
    }
}
