package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.PayloadWriter;
import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.SnapshotStore;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The shadow snapshotter on its own, against a journal the test controls. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ShadowSnapshotterTest
{
    private static final long T0 = 1_800_000_000_000L;
    /** Enough TICKs for a replay of about a second on a shared 2-core machine. */
    private static final long RECORDS = 3_000_000;

    @TempDir
    Path dataDir;

    @Test
    void aRequestWithNothingJournaledPastTheSeedWritesNoSnapshot() throws IOException
    {
        final SnapshotStore store = SnapshotStore.open(dataDir, 10);
        final CoreHealth health = new CoreHealth();
        final SnapshotWriter writer = new SnapshotWriter(store);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            health.resetProgress(journal.lastSeq());
            final ShadowSnapshotter shadow = new ShadowSnapshotter(journal, store, writer, health, 0, 0);
            try
            {
                assertThat(shadow.request()).isTrue();
                // A second request is accepted only once the first has been served.
                Await.until(shadow::request);
            }
            finally
            {
                shadow.close();
                writer.close();
            }
        }
        // The engine at seq 0 holds nothing a restart needs: a snapshot of it only costs a write.
        assertThat(writer.lastWrittenSeq()).isEqualTo(-1);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void aShadowWhosePreallocationDoesNotFitFailsTheStartInsteadOfRefillingTheHeapAtEveryRequest() throws IOException
    {
        final SnapshotStore store = SnapshotStore.open(dataDir, 10);
        final CoreHealth health = new CoreHealth();
        final SnapshotWriter writer = new SnapshotWriter(store);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            health.resetProgress(journal.lastSeq());
            // A rebuild preallocates again: an engine that cannot be held is retried, and exhausts the heap the live
            // engine shares, at every request; the start is the one place to say the setting does not fit.
            // A body that fits the test's heap (the one sized for these holds does not): the error must be the
            // shadow engine's preallocation, thrown on from seed(), not the body's.
            assertThatThrownBy(() -> new ShadowSnapshotter(journal, store, writer, health, Integer.MAX_VALUE, 0, 1 << 16)
                .close())
                .isInstanceOf(OutOfMemoryError.class)
                .satisfies(e -> assertThat(e.getStackTrace()).as("thrown by the shadow engine's preallocation")
                    .anyMatch(frame -> frame.getMethodName().equals("preallocate")));
        }
        finally
        {
            writer.close();
        }
    }

    /**
     * A state whose snapshot is larger than a snapshot can be writes none, keeps the shadow engine (a rebuild would
     * replay the journal for a state as large again) and refuses requests for a while instead of retrying each one.
     */
    @Test
    void aStateTooLargeToSnapshotKeepsTheShadowAndBacksOff() throws IOException
    {
        final SnapshotStore store = SnapshotStore.open(dataDir, 10);
        final CoreHealth health = new CoreHealth();
        final SnapshotWriter writer = new SnapshotWriter(store);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            appendTicks(journal, 100);
            health.resetProgress(journal.lastSeq());
            // A limit below what even an empty engine's snapshot takes.
            final ShadowSnapshotter shadow = new ShadowSnapshotter(journal, store, writer, health, 0, 0, 1 << 10, 64);
            try
            {
                assertThat(shadow.request()).isTrue();
                Await.until(() -> health.snapshotTooLargeAtSeq() == 100);

                assertThat(shadow.built()).as("the shadow engine is kept").isTrue();
                assertThat(health.snapshotTooLargeAtSeq()).as("what ordo_snapshot_too_large_sequence shows")
                    .isEqualTo(100);
                assertThat(shadow.request()).as("asked again only after the back-off").isFalse();
            }
            finally
            {
                shadow.close();
                writer.close();
            }
        }
        assertThat(writer.lastWrittenSeq()).isEqualTo(-1);
        assertThat(store.list()).isEmpty();
    }

    @Test
    void closingTheShadowWhileItReplaysALongJournalDoesNotWaitForTheReplay()
    {
        final SnapshotStore store = SnapshotStore.open(dataDir, 10);
        final CoreHealth health = new CoreHealth();
        final SnapshotWriter writer = new SnapshotWriter(store);
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            appendTicks(journal, RECORDS);
            health.resetProgress(journal.lastSeq());
            final ShadowSnapshotter shadow = new ShadowSnapshotter(journal, store, writer, health, 0, 0);
            final long closedIn;
            try
            {
                assertThat(shadow.request()).isTrue();
                // Well inside the replay: the seed is the empty engine, so the follower reads every record.
                Await.until(ShadowSnapshotterTest::snapshotterIsReading);
            }
            finally
            {
                final long closing = System.nanoTime();
                shadow.close();
                closedIn = System.nanoTime() - closing;
                writer.close();
            }
            assertThat(snapshotterThreads()).isEmpty();
            // The whole replay takes about a second here; a step of it, a few ms.
            assertThat(TimeUnit.NANOSECONDS.toMillis(closedIn)).as("ms to close").isLessThan(400);
        }
    }

    /**
     * Start-up refuses a tail of other rules, so the shadow meets one only when it seeds further back than start-up
     * did (the newest snapshot unreadable to it). It must then drop, not snapshot a state this build's rules would
     * not have reached. The control: the same records all under this build's rules are snapshotted.
     */
    @Test
    void aShadowReachingRecordsOfOtherRulesDropsWithoutASnapshot() throws IOException
    {
        final int current = ordo.engine.Engine.RULES_VERSION;
        assertThat(snapshotsOfAShadowOver(dataDir.resolve("control"), current, current))
            .as("every record under this build's rules: snapshotted").containsExactly(200L);
        assertThat(snapshotsOfAShadowOver(dataDir.resolve("mixed"), current - 1, current))
            .as("records of the rules before this build's, then this build's: dropped, nothing written").isEmpty();
    }

    /**
     * The seqs of the snapshots a shadow seeded at seq 0 writes at one request, over TICKs 1..100 under rules
     * {@code first} and 101..200 under rules {@code then}. Waits until the shadow has written one or dropped.
     */
    private static java.util.List<Long> snapshotsOfAShadowOver(final Path dir, final int first, final int then)
        throws IOException
    {
        java.nio.file.Files.createDirectories(dir);
        final SnapshotStore store = SnapshotStore.open(dir, 10);
        final CoreHealth health = new CoreHealth();
        final SnapshotWriter writer = new SnapshotWriter(store);
        try (Journal journal = Journal.open(dir, Durability.PROCESS))
        {
            appendTicks(journal, 1, 100, first);
            appendTicks(journal, 101, 200, then);
            health.resetProgress(journal.lastSeq());
            final ShadowSnapshotter shadow = new ShadowSnapshotter(journal, store, writer, health, 0, 0);
            try
            {
                assertThat(shadow.built()).as("seeded at seq 0").isTrue();
                assertThat(shadow.request()).isTrue();
                Await.until(() -> writer.lastWrittenSeq() == 200 || !shadow.built());
                if (!shadow.built())
                {
                    assertThat(shadow.request()).as("refused for the back-off after a failure").isFalse();
                }
            }
            finally
            {
                shadow.close();
                writer.close();
            }
        }
        return store.list().stream().map(ordo.journal.SnapshotInfo::seq).toList();
    }

    /** TICKs at seqs 1..{@code records}, committed in batches of 1 000. */
    private static void appendTicks(final Journal journal, final long records)
    {
        appendTicks(journal, 1, records, ordo.engine.Engine.RULES_VERSION);
    }

    /** TICKs at seqs {@code from}..{@code to} under rules version {@code rules}, committed in batches of 1 000. */
    private static void appendTicks(final Journal journal, final long from, final long to, final int rules)
    {
        // As start-up records its rules before it takes commands: the shadow replays only records of this build's.
        journal.recordRules(rules);
        final UnsafeBuffer payload = new UnsafeBuffer(new byte[64]);
        final PayloadWriter tick = new PayloadWriter().wrap(payload, 0);
        CommandCodec.tick(tick);
        for (long seq = from; seq <= to; seq++)
        {
            journal.append(seq, T0 + seq, CommandType.TICK.code(), payload, 0, tick.length());
            if (seq % 1000 == 0)
            {
                journal.endOfBatch();
            }
        }
        journal.endOfBatch();
    }

    private static java.util.List<Thread> snapshotterThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().equals("ordo-snapshotter")).toList();
    }

    private static boolean snapshotterIsReading()
    {
        for (final Thread thread : snapshotterThreads())
        {
            for (final StackTraceElement frame : thread.getStackTrace())
            {
                if (frame.getClassName().equals("ordo.journal.JournalScan"))
                {
                    return true;
                }
            }
        }
        return false;
    }

}
