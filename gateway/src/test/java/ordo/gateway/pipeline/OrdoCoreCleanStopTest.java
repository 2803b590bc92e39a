package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.gateway.config.SnapshotMode;
import ordo.gateway.config.StagesKind;
import ordo.journal.Durability;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A stop whose shutdown snapshot fails is not a clean one, and says so (the upgrade steps rely on that snapshot): a
 * failed one on a full disk logged an error among the shutdown's lines, and the process ended as a clean stop does
 * (found in QA).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class OrdoCoreCleanStopTest
{
    @TempDir
    Path dataDir;

    private OrdoCore start()
    {
        return OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking", StagesKind.PARALLEL, 1024,
            1_000_000, 300, 3, SnapshotMode.INLINE, 0, SystemEpochClock.INSTANCE));
    }

    @Test
    void aStopThatWritesItsSnapshotIsClean()
    {
        final OrdoCore core = start();
        assertThat(core.stoppedClean()).as("not stopped yet").isFalse();
        core.close();
        assertThat(core.stoppedClean()).isTrue();

        // A start from that snapshot that takes no command writes none of its own: still clean.
        final OrdoCore again = start();
        again.close();
        assertThat(again.stoppedClean()).isTrue();
    }

    @Test
    void aStopWhoseSnapshotCannotBeWrittenIsNotClean() throws Exception
    {
        final OrdoCore core = start();
        final CoreClient.Answer defined = new CoreClient(core).call(ordo.engine.CommandType.DEFINE_LOCATION, "wh-1",
            (id, w) -> ordo.engine.CommandCodec.defineLocation(w, 0, 0, id, ordo.engine.Codes.LocationType.WAREHOUSE,
                "", 0, 0, "", ordo.engine.Codes.CAP_SHIP, 0, 0, "", true), 5_000, () -> true);
        assertThat(defined.isOk()).as("a command the stop's snapshot would cover").isTrue();
        // The snapshots' directory replaced by a file: every write fails, as on a full disk.
        final Path snapshots = dataDir.resolve("snapshots");
        try (var files = Files.list(snapshots))
        {
            for (final Path file : files.toList())
            {
                Files.delete(file);
            }
        }
        Files.delete(snapshots);
        Files.write(snapshots, new byte[] {1});

        core.close();

        assertThat(core.stoppedClean()).isFalse();
    }
}
