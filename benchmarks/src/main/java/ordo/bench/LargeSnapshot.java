package ordo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.engine.SnapshotBytes;
import ordo.journal.Snapshot;
import ordo.journal.SnapshotStore;

/**
 * A snapshot larger than an array can hold, end to end: an engine holding {@code orders} orders of
 * {@link OrderPlacementBenchmark}'s kind (3 lines, sourced over 50 nodes; ~1.5 KB each in a snapshot, 1 539 B
 * measured) is serialised in blocks, written to a snapshot store (temp file, fsync, rename, read-back check), read
 * back as the start-up does and restored; the restored engine must have the same state hash and serialise to the same bytes' length. It
 * prints the size and each step's time, and exits 1 when the state does not come back. 2.5 M orders make a snapshot
 * of ~3.8 GB: give it a heap for two copies of the state and the snapshot twice.
 *
 * <pre>java @etc/jvm.options -Xms14g -Xmx14g -XX:+UseParallelGC -cp benchmarks/target/ordo-benchmarks.jar \
 *     ordo.bench.LargeSnapshot [orders] [directory]</pre>
 */
public final class LargeSnapshot
{
    private LargeSnapshot()
    {
    }

    public static void main(final String[] args) throws IOException
    {
        final int orders = args.length > 0 ? Integer.parseInt(args[0]) : 2_500_000;
        final Path dir = args.length > 1 ? Files.createDirectories(Path.of(args[1]))
            : Files.createTempDirectory("ordo-large-snapshot");
        try
        {
            System.exit(run(orders, dir) ? 0 : 1);
        }
        finally
        {
            TempDirs.delete(dir.resolve("snapshots"));
        }
    }

    private static boolean run(final int orders, final Path dir) throws IOException
    {
        long start = System.nanoTime();
        Engine engine = OrderPlacementBenchmark.engineWithOrders(orders);
        final long seq = engine.lastSeq();
        final long stateHash = engine.stateHash();
        start = step(String.format(Locale.ROOT, "%,d orders placed", orders), start);

        SnapshotBytes body = EngineSnapshot.serialise(engine);
        final long length = body.length();
        start = step(String.format(Locale.ROOT, "serialised: %,d bytes (%,d per order, %.2f × the largest array) "
            + "in %d blocks", length, length / orders, length / (double)Integer.MAX_VALUE, body.blocks()), start);

        final SnapshotStore store = SnapshotStore.open(dir);
        store.write(seq, engine.nowMillis(), stateHash, 0, body);
        body = null; // only the file's copy from here on
        engine = null;
        start = step("written and verified: " + store.list().get(0).path(), start);

        final Snapshot read = store.latestValid().orElseThrow();
        start = step(String.format(Locale.ROOT, "read back: %,d bytes in %d blocks", read.body().length(),
            read.body().blocks()), start);

        final Engine restored = EngineSnapshot.fromBytes(read.body(), EventSink.NONE);
        step("restored", start);
        final boolean same = restored.stateHash() == stateHash && restored.lastSeq() == seq &&
            read.stateHash() == stateHash && read.body().length() == length;
        System.out.printf(Locale.ROOT, "%s: state hash %s at seq %,d, restored %s%n", same ? "PASS" : "FAIL",
            Engine.formatHash(stateHash), seq, Engine.formatHash(restored.stateHash()));
        return same;
    }

    private static long step(final String what, final long since)
    {
        final long now = System.nanoTime();
        System.out.printf(Locale.ROOT, "%6.1f s  %s%n", (now - since) / 1e9, what);
        return now;
    }
}
