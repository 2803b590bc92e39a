package ordo.gateway.pipeline;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongSupplier;

import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.engine.Reply;
import ordo.engine.SnapshotBuffer;
import ordo.engine.SnapshotBytes;
import ordo.engine.SnapshotTooLargeException;
import ordo.journal.Journal;
import ordo.journal.JournalFollower;
import ordo.journal.RecordHandler;
import ordo.journal.ScanResult;
import ordo.journal.SnapshotStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes the periodic snapshots without pausing the engine ({@code snapshot.mode: shadow}). A second engine, on this
 * thread, replays the journal as far as it has been written, with the replay step of start-up
 * ({@link Recovery#apply}), and is serialised here. The engine is deterministic, so the shadow's state at seq S is
 * the live engine's state at seq S, and the snapshot is exactly the one the engine thread would have taken there;
 * but serialising a million holds takes about a second, which on the engine thread is a second without answers.
 *
 * <p>Costs: a second copy of the state in memory, and the replay's CPU on another core (a small part of the live
 * pipeline's: no HTTP, no journal write, no reply). The shadow is built at start-up from the snapshot start-up seeds
 * from, restored beside the live engine at the same time ({@link Recovery.Result#twin}; rebuilt from the newest
 * snapshot, {@link Recovery#seed}, at a request after a failure), follows the journal after it, and is brought up to
 * date at each request. It emits no events.
 *
 * <p>Never ahead of the durable journal: only records the journal stage has committed (its group commit done, for
 * {@code sync} that includes the fsync) are snapshotted, and nothing once the journal has failed. If the replay itself
 * fails (a record the journal scan rejects, a bug that throws), the shadow is dropped and rebuilt at the next
 * request; the live engine is untouched and the journal still holds every command.
 */
final class ShadowSnapshotter implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(ShadowSnapshotter.class);
    /** How long to wait, between checks, for the journal stage to commit what the shadow already read. */
    private static final long COMMIT_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** Records read between two checks for close. */
    private static final long POLL_STEP = 16_384;
    /** How often the shadow takes a step of the journal between requests (see followBetweenRequests). */
    private static final long FOLLOW_PERIOD_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    /** After a failure, requests are refused this long: a rebuild rereads the whole journal. */
    private static final long RETRY_AFTER_FAILURE_NANOS = TimeUnit.SECONDS.toNanos(30);
    /**
     * After a state too large to snapshot (memory had no room for it): it grows with every order kept, and shrinks
     * only as ended holds age out, so the next attempt (gigabytes serialised, seconds of half a core) waits this long.
     */
    static final long TOO_LARGE_RETRY_NANOS = TimeUnit.MINUTES.toNanos(10);

    private final Journal journal;
    private final SnapshotStore snapshots;
    private final SnapshotWriter writer;
    private final CoreHealth health;
    /** The live engine's preallocation: the shadow holds as many holds, and is copied by the collector as little. */
    private final int preallocateHolds;
    private final int preallocateOrders;
    private final Thread thread;
    private final Reply reply = new Reply();
    /**
     * The snapshot body, serialised here and written from here: blocks of direct memory, kept between snapshots. A
     * growing array per snapshot (doubling up to the state's size, ~100 MB per million holds, then copied once more)
     * was garbage the collector copied while it was live, in pauses every thread shares; arrays kept between
     * snapshots were still copied by the young collections of the snapshot that made them (~1.5 GB at a million
     * orders: pauses of 100–180 ms). Made at start-up with room for the preallocated holds
     * ({@link Body#capacityFor}); a larger state adds blocks, and the collector copies none of them.
     */
    private final Body body;
    private final RecordHandler apply = this::apply;
    private final LongSupplier index = this::currentIndex;
    private volatile boolean running = true;
    /** Set by {@link #request}, cleared by this thread once the snapshot is handed to the writer (or given up). */
    private volatile boolean requested;
    /** {@link System#nanoTime} before which requests are refused, after a failure. */
    private volatile long refuseUntilNanos = System.nanoTime();
    /** Whether a shadow engine is built (any thread; tests). */
    private volatile boolean built;
    /** Whether the engine built at start-up was the twin start-up restored (tests). */
    private volatile boolean seededFromTwin;

    // Owned by this thread.
    private Engine engine;
    private JournalFollower follower;
    private long seedChain;
    private long seedSeq;
    private boolean chainChecked;
    private long lastTakenSeq = -1;

    ShadowSnapshotter(final Journal journal, final SnapshotStore snapshots, final SnapshotWriter writer,
        final CoreHealth health, final int preallocateHolds, final int preallocateOrders)
    {
        this(journal, snapshots, writer, health, preallocateHolds, preallocateOrders, null);
    }

    /**
     * Seeded from {@code seeded} when it is not null: the engine start-up restored beside the live one
     * ({@link Recovery.Result#twin}), or an empty one when start-up had no snapshot to restore, so that snapshots are
     * not read and restored (or tried and passed over) a second time here.
     */
    ShadowSnapshotter(final Journal journal, final SnapshotStore snapshots, final SnapshotWriter writer,
        final CoreHealth health, final int preallocateHolds, final int preallocateOrders, final Recovery.Seed seeded)
    {
        this(journal, snapshots, writer, health, preallocateHolds, preallocateOrders,
            Body.capacityFor(preallocateHolds), SnapshotBuffer.MAX_BYTES, seeded);
    }

    /** With a body of {@code bodyCapacity} bytes to start with (tests: one that fits a test's heap). */
    ShadowSnapshotter(final Journal journal, final SnapshotStore snapshots, final SnapshotWriter writer,
        final CoreHealth health, final int preallocateHolds, final int preallocateOrders, final int bodyCapacity)
    {
        this(journal, snapshots, writer, health, preallocateHolds, preallocateOrders, bodyCapacity,
            SnapshotBuffer.MAX_BYTES, null);
    }

    /** With snapshots of at most {@code bodyLimit} bytes (tests of a state too large to snapshot). */
    ShadowSnapshotter(final Journal journal, final SnapshotStore snapshots, final SnapshotWriter writer,
        final CoreHealth health, final int preallocateHolds, final int preallocateOrders, final int bodyCapacity,
        final long bodyLimit)
    {
        this(journal, snapshots, writer, health, preallocateHolds, preallocateOrders, bodyCapacity, bodyLimit, null);
    }

    private ShadowSnapshotter(final Journal journal, final SnapshotStore snapshots, final SnapshotWriter writer,
        final CoreHealth health, final int preallocateHolds, final int preallocateOrders, final int bodyCapacity,
        final long bodyLimit, final Recovery.Seed seeded)
    {
        // First, with the preallocation: a heap that cannot hold it fails the start (the caller frees the journal).
        this.body = new Body(bodyCapacity, bodyLimit);
        this.journal = journal;
        this.preallocateHolds = preallocateHolds;
        this.preallocateOrders = preallocateOrders;
        this.snapshots = snapshots;
        this.writer = writer;
        this.health = health;
        try
        {
            // At start-up, with the live engine's own allocations, rather than at the first request.
            if (seeded != null)
            {
                seed(seeded);
                seededFromTwin = true;
            }
            else
            {
                seed(journal.lastSeq());
            }
        }
        catch (final RuntimeException e)
        {
            LOG.error("shadow engine not built at start-up; it is built at the first snapshot request", e);
            drop();
        }
        catch (final OutOfMemoryError e)
        {
            // Not retried: each rebuild would preallocate again and exhaust the heap the live engine shares. The
            // start fails, and the operator lowers preallocateHolds or preallocateOrders (its Order objects, ledger
            // entries and velocity windows are on the heap), raises the heap or chooses snapshot.mode inline.
            drop();
            throw e;
        }
        this.thread = new Thread(this::run, "ordo-snapshotter");
        this.thread.setDaemon(true);
        this.thread.start();
    }

    /**
     * Asks for a snapshot of what the journal holds now (any thread).
     *
     * @return false while the previous request is still being served, or for a while after one failed: ask again
     *         later
     */
    boolean request()
    {
        if (requested || System.nanoTime() - refuseUntilNanos < 0)
        {
            return false;
        }
        requested = true;
        LockSupport.unpark(thread);
        return true;
    }

    private void run()
    {
        try
        {
            while (running)
            {
                if (!requested)
                {
                    // request() and close() unpark; a permit left from either returns at once.
                    LockSupport.parkNanos(this, FOLLOW_PERIOD_NANOS);
                    followBetweenRequests();
                    continue;
                }
                try
                {
                    take();
                }
                catch (final RuntimeException | Error e)
                {
                    // Any Error too (a mapped journal page that faults is an InternalError): one escaping ended this
                    // thread, and with it every later snapshot, while request() went on answering false (review).
                    failed("shadow snapshot", e);
                }
                finally
                {
                    requested = false;
                }
            }
        }
        finally
        {
            drop();
        }
    }

    private void take()
    {
        final long target = health.journaledSeq();
        if (health.journalFailed())
        {
            return;
        }
        if (engine == null)
        {
            seed(target);
        }
        final ScanResult read = follow(target, Integer.MAX_VALUE);
        if (!running)
        {
            return;
        }
        // Defensive only: the poll stops at target, a committed seq, and a committed seq always ends a document.
        while (running && !health.journalFailed() && health.journaledSeq() < engine.lastSeq())
        {
            LockSupport.parkNanos(this, COMMIT_WAIT_NANOS);
        }
        if (!running || health.journalFailed() || engine.lastSeq() <= lastTakenSeq || engine.lastSeq() < target)
        {
            return;
        }
        final long seq = engine.lastSeq();
        body.begin(); // keeps its blocks: the state's size, made once
        try
        {
            EngineSnapshot.write(engine, body);
        }
        catch (final java.io.IOException e)
        {
            throw new java.io.UncheckedIOException(e); // an in-memory stream does not throw
        }
        catch (final SnapshotTooLargeException e)
        {
            // Serialising changed nothing: the shadow is kept. Dropping it, as for other failures, rebuilt it from the
            // last snapshot by replaying the journal since — on two cores, a core for as long as that takes — for a
            // state that was as large again at the next request, every RETRY_AFTER_FAILURE_NANOS. Its blocks, though,
            // hold all the memory there was: kept, the live engine's next off-heap page would find none.
            body.release();
            health.snapshotTooLarge(seq);
            refuseUntilNanos = System.nanoTime() + TOO_LARGE_RETRY_NANOS;
            LOG.error("no snapshot at seq {}: {}. The journal still holds every command (a restart replays it from " +
                "the last snapshot written); the next attempt in {} minutes", seq, e.getMessage(),
                TimeUnit.NANOSECONDS.toMinutes(TOO_LARGE_RETRY_NANOS));
            return;
        }
        if (!running)
        {
            return; // closing: the shutdown snapshot, taken after this one, covers more
        }
        if (writer.writeNow(seq, engine.nowMillis(), engine.stateHash(), read.lastChain(), body.bytes()))
        {
            lastTakenSeq = seq;
        }
    }

    /**
     * Between requests, a step of the journal every {@link #FOLLOW_PERIOD_NANOS}: the replay's CPU spread over the
     * period instead of a million commands at the request, which on two cores took a whole core from the pipeline
     * and the event loop for a few hundred milliseconds. A failure here is handled as one in {@link #take} is.
     */
    private void followBetweenRequests()
    {
        if (!running || requested || engine == null || health.journalFailed())
        {
            return;
        }
        try
        {
            follow(health.journaledSeq(), 1);
        }
        catch (final RuntimeException | Error e)
        {
            failed("following the journal", e);
        }
    }

    /**
     * The shadow may be half-applied: drop it, to be rebuilt from a snapshot at a request after
     * {@link #RETRY_AFTER_FAILURE_NANOS}. The live engine is untouched.
     */
    private void failed(final String what, final Throwable e)
    {
        LOG.error("{} failed at seq {}; the shadow engine is rebuilt at the next request and the journal still " +
            "holds every command", what, engine == null ? -1 : engine.lastSeq(), e);
        drop();
        refuseUntilNanos = System.nanoTime() + RETRY_AFTER_FAILURE_NANOS;
    }

    /**
     * Applies committed records up to {@code target}, at most {@code maxSteps} steps of {@link #POLL_STEP} records,
     * checking for close between steps: a rebuild rereads the whole journal, and close() must neither wait for that
     * nor give up waiting and close the journal under the follower. Once past the seed, checks that the seed
     * snapshot belongs to this journal.
     */
    private ScanResult follow(final long target, final int maxSteps)
    {
        ScanResult read;
        long before;
        int steps = 0;
        do
        {
            before = follower.lastSeq();
            read = follower.poll(Math.min(target, before + POLL_STEP), apply);
        }
        while (++steps < maxSteps && running && follower.lastSeq() < target && follower.lastSeq() > before);
        if (!chainChecked && follower.lastSeq() >= seedSeq)
        {
            Recovery.checkChain(seedSeq, seedChain, read.startChain());
            chainChecked = true;
        }
        return read;
    }

    /** The snapshot start-up would seed from (or an empty engine), preallocated, and a follower of the journal after it. */
    private void seed(final long journaledSeq)
    {
        seed(Recovery.seed(snapshots, journaledSeq, EventSink.NONE));
    }

    /** From a seed made already: its engine (not yet preallocated) and the journal chain its snapshot recorded. */
    private void seed(final Recovery.Seed seed)
    {
        engine = seed.engine();
        engine.preallocate(preallocateHolds);
        engine.preallocateOrders(preallocateOrders);
        seedChain = seed.journalChain();
        seedSeq = engine.lastSeq();
        built = true;
        chainChecked = false;
        // Its tailer is made by the first poll, on this class's thread.
        follower = journal.follower(engine.lastSeq());
        // The seed is on disk already (or, at seq 0, holds nothing): only a seq past it is worth a snapshot.
        lastTakenSeq = Math.max(lastTakenSeq, engine.lastSeq());
    }

    private void apply(final long seq, final long time, final int type, final org.agrona.DirectBuffer payload,
        final int offset, final int length)
    {
        // Start-up replayed the tail after the newest snapshot under these rules; a shadow seeded further back (that
        // snapshot unreadable) must not snapshot a state this build's rules would not have reached.
        final String mismatch = Recovery.rulesMismatch(follower.rulesInEffect(), seq);
        if (mismatch != null)
        {
            throw new IllegalStateException(mismatch);
        }
        Recovery.apply(engine, index, seq, time, type, payload, offset, length, reply);
    }

    private long currentIndex()
    {
        return follower.currentIndex();
    }

    private void drop()
    {
        if (follower != null)
        {
            follower.close();
            follower = null;
        }
        engine = null;
        built = false;
    }

    boolean built()
    {
        return built;
    }

    boolean seededFromTwin()
    {
        return seededFromTwin;
    }

    /**
     * A byte stream whose array is read in place, and kept by {@link #begin}; it paces its writer to half a core:
     * serialising a million holds takes most of a second of CPU, and on two cores a whole one taken for that long
     * halves what the pipeline and the event loop can answer, so requests queue. Half a core makes the snapshot take
     * twice as long and leaves the server most of its capacity.
     */
    static final class Body extends SnapshotBuffer
    {
        /** Work before a pause as long as the work. */
        private static final long SLICE_NANOS = TimeUnit.MILLISECONDS.toNanos(2);
        /**
         * Snapshot bytes per hold, with a margin: a state of holds of the load harness's kind (one line, short ids)
         * serialised to ~64–67 bytes per hold (63.6 MB at 1.0 M commands, 126.7 MB at 2.0 M, ~1.9 M holds).
         */
        static final int BYTES_PER_HOLD = 72;
        /** The blocks made at start-up hold at most this; a larger state adds blocks as it needs them. */
        static final int MAX_INITIAL_CAPACITY = 1 << 30;

        private long sliceStart;

        Body(final int initialCapacity, final long maxBytes)
        {
            super(initialCapacity, maxBytes, SnapshotBytes.MAX_BLOCK_BYTES, true);
        }

        /**
         * The room to start with for a server that preallocates {@code holds} holds: a snapshot of that many (a
         * 4 M-hold server: 289 MB), made with the other preallocations rather than at the first snapshot. (When
         * the room was an array on the heap, made during traffic it was copied by a young collection after the
         * snapshot that made it: 128 MB of the 263 MB one such 472 ms pause copied, docs/BENCHMARKS.md, tenth
         * round.)
         */
        static int capacityFor(final int holds)
        {
            return (int)Math.min(MAX_INITIAL_CAPACITY, (1 << 20) + (long)holds * BYTES_PER_HOLD);
        }

        void begin()
        {
            reset();
            sliceStart = System.nanoTime();
        }

        /** Every {@link #CHUNK_BYTES} bytes: a pause as long as the work since the last one, once that is 2 ms. */
        @Override
        protected void chunkWritten()
        {
            final long worked = System.nanoTime() - sliceStart;
            if (worked >= SLICE_NANOS)
            {
                LockSupport.parkNanos(worked);
                sliceStart = System.nanoTime();
            }
        }
    }

    /** Stops; waits for a snapshot being serialised, and drops it. Call before the journal closes. */
    @Override
    public void close()
    {
        running = false;
        LockSupport.unpark(thread);
        try
        {
            thread.join(60_000);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
