package ordo.gateway.pipeline;

import ordo.gateway.config.StagesKind;
import ordo.gateway.config.SnapshotMode;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Consumer;

import com.lmax.disruptor.EventHandlerIdentity;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.Sequence;
import com.lmax.disruptor.WaitStrategy;
import com.lmax.disruptor.dsl.Disruptor;
import com.lmax.disruptor.dsl.ProducerType;
import io.netty.util.concurrent.FastThreadLocalThread;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.EventSink;
import ordo.engine.PayloadWriter;
import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.SnapshotStore;
import org.agrona.concurrent.EpochClock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one class that wires the pipeline, so the whole flow reads in one screen:
 *
 * <pre>
 *  producers (gateway event loops, housekeeper)
 *        │  tryPublish: claim slot, stamp time, encode payload
 *        ▼
 *  ┌──────────── multi-producer ring ────────────┐
 *  │ JournalHandler  ∥  EngineHandler            │   journal append + group commit ∥ apply to state
 *  │            └──────┬──────┘                   │
 *  │              ReplyHandler                    │   only after both: reply, hand snapshots to the writer
 *  └──────────────────────────────────────────────┘
 * </pre>
 *
 * Start-up recovers first (newest valid snapshot + journal tail, see {@link Recovery}), then starts the ring.
 */
public final class OrdoCore implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(OrdoCore.class);
    /** How often close looks whether the ring has drained. */
    private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

    /**
     * How the core runs; see docs and the configuration file for what each means. {@code stages}:
     * {@link StagesKind#PARALLEL} (journaller ∥ engine → replier, a thread each) or {@link StagesKind#FUSED} (one
     * thread, {@link FusedHandler}).
     */
    public record Settings(Path dataDir, Durability durability, String waitStrategy, StagesKind stages,
        int ringSize, long snapshotEveryCommands, long snapshotEverySeconds, int snapshotKeep,
        SnapshotMode snapshotMode, int preallocateHolds, int preallocateOrders, EpochClock clock)
    {
        public Settings
        {
            java.util.Objects.requireNonNull(stages, "stages");
            java.util.Objects.requireNonNull(snapshotMode, "snapshotMode");
        }

        /** Without preallocated orders. */
        public Settings(final Path dataDir, final Durability durability, final String waitStrategy,
            final StagesKind stages, final int ringSize, final long snapshotEveryCommands,
            final long snapshotEverySeconds, final int snapshotKeep, final SnapshotMode snapshotMode,
            final int preallocateHolds, final EpochClock clock)
        {
            this(dataDir, durability, waitStrategy, stages, ringSize, snapshotEveryCommands, snapshotEverySeconds,
                snapshotKeep, snapshotMode, preallocateHolds, 0, clock);
        }
    }

    private final Settings settings;
    private final EpochClock clock;
    private final CoreHealth health = new CoreHealth();
    private final Journal journal;
    private final Engine engine;
    /** What each Idempotency-Key is remembered by (the data directory's secret); set before the ring starts. */
    private final IdempotencyKeys idempotencyKeys;
    private final SnapshotWriter snapshotWriter;
    /** Takes the periodic snapshots off the engine thread; null with {@code snapshot.mode: inline}. */
    private final ShadowSnapshotter shadow;
    private final Disruptor<CommandSlot> disruptor;
    /** The default wait strategy, which stages signal and close wakes; null when another strategy was chosen. */
    private final StageParkingWaitStrategy parking;
    private final RingBuffer<CommandSlot> ring;
    /** The stage every command passes last (its reply has left when this stage's sequence has passed it). */
    private final EventHandlerIdentity lastStage;
    private final Housekeeper housekeeper;
    /** Makes the live engine's pages of off-heap records ahead, off the engine thread. */
    private final PagePrefetcher pages;
    private volatile boolean accepting = true;
    /** How long close() lets the ring drain, then waits for each stage thread after the halt (tests shorten them). */
    private volatile long drainMillis = TimeUnit.SECONDS.toMillis(30);
    private volatile long stageStopMillis = TimeUnit.SECONDS.toMillis(10);
    private final java.util.List<Thread> stageThreads = new java.util.concurrent.CopyOnWriteArrayList<>();

    private OrdoCore(final Settings settings, final EventSink events)
    {
        this.settings = settings;
        this.clock = settings.clock();
        final SnapshotStore snapshots = SnapshotStore.open(settings.dataDir(), settings.snapshotKeep());
        // In shadow mode the shadow engine is restored from the same snapshot at the same time (Recovery.Result.twin).
        final Recovery.Result recovered;
        try
        {
            recovered = Recovery.recover(settings.dataDir(), settings.durability(), snapshots, events,
                settings.snapshotMode() == SnapshotMode.SHADOW);
        }
        catch (final OutOfMemoryError e)
        {
            // Recovery closed the journal; what it restored is garbage now, so there is room to say why.
            throw explainedOrThrown(e, error -> outOfMemoryRestoring(settings, error));
        }
        this.journal = recovered.journal();
        this.engine = recovered.engine();
        this.seededAt = recovered.seededAt();
        health.resetProgress(engine.lastSeq());
        final EventHandlerIdentity journalStage;
        SnapshotWriter startedWriter = null;
        ShadowSnapshotter startedShadow = null;
        PagePrefetcher startedPages = null;
        boolean preallocating = true;
        try
        {
            // Read, or made, before the ring runs (the engine's records are read here); a damaged file fails the start.
            this.idempotencyKeys = IdempotencyKeys.open(settings.dataDir(), engine, recovered.rulesBefore());
            if (idempotencyKeys.olderRecords() > 0)
            {
                LOG.info("{} Idempotency-Key records of an older build are found by its unkeyed hash until their day "
                    + "is over", idempotencyKeys.olderRecords());
            }
            // Inside the try: a preallocation the heap cannot hold fails the start, which must free the journal.
            engine.preallocate(settings.preallocateHolds());
            engine.preallocateOrders(settings.preallocateOrders());
            startedPages = new PagePrefetcher("engine");
            engine.pageSupply(startedPages);
            this.pages = startedPages;
            startedWriter = new SnapshotWriter(snapshots);
            this.snapshotWriter = startedWriter;
            startedShadow = settings.snapshotMode() == SnapshotMode.SHADOW ?
                new ShadowSnapshotter(journal, snapshots, snapshotWriter, health, settings.preallocateHolds(),
                    settings.preallocateOrders(), recovered.twin()) : null;
            this.shadow = startedShadow;
            preallocating = false;
            if (settings.preallocateHolds() > 0 || settings.preallocateOrders() > 0)
            {
                // Promote the preallocated objects now, in one collection before the first request, rather than in
                // the young collections of the first minutes of traffic.
                System.gc();
                LOG.info("preallocated the objects of {} holds and {} orders{}", settings.preallocateHolds(),
                    settings.preallocateOrders(), shadow != null ? " (and as many for the shadow engine)" : "");
            }
            if (settings.preallocateOrders() > 0)
            {
                LOG.info("preallocated {} MiB of direct memory for the off-heap records of {} orders{}",
                    engine.offHeapBytes() >> 20, settings.preallocateOrders(),
                    shadow != null ? " (and as much for the shadow engine)" : "");
            }

            final WaitStrategy waitStrategy = WaitStrategies.named(settings.waitStrategy());
            parking = waitStrategy instanceof StageParkingWaitStrategy chosen ? chosen : null;
            disruptor = new Disruptor<>(CommandSlot::new, settings.ringSize(), this::stageThread,
                ProducerType.MULTI, waitStrategy);
            final ReplyHandler replyHandler = new ReplyHandler(snapshotWriter, health);
            if (settings.stages() == StagesKind.FUSED)
            {
                // One thread, so nothing downstream to wake: the handlers' own sequences are not the ring's.
                final JournalHandler journalHandler = new JournalHandler(journal, health, () -> { });
                final EngineHandler engineHandler = new EngineHandler(engine, health, () -> { },
                    snapshotWriter::lastWrittenSeq);
                journalHandler.setSequenceCallback(new Sequence());
                engineHandler.setSequenceCallback(new Sequence());
                final FusedHandler fused = new FusedHandler(journalHandler, engineHandler, replyHandler,
                    new FatalExceptionHandler(health));
                disruptor.handleEventsWith(fused);
                // One sequence for all three stages: the journal-lag metric counts a command until its reply has
                // left.
                journalStage = fused;
                lastStage = fused;
            }
            else
            {
                // The default strategy parks the reply stage until an upstream stage wakes it; the others poll.
                final Runnable progressed = parking != null ? parking::stageProgressed : () -> { };
                final JournalHandler journalHandler = new JournalHandler(journal, health, progressed);
                disruptor.handleEventsWith(journalHandler, new EngineHandler(engine, health, progressed,
                    snapshotWriter::lastWrittenSeq))
                    .then(replyHandler);
                journalStage = journalHandler;
                lastStage = replyHandler;
            }
            disruptor.setDefaultExceptionHandler(new FatalExceptionHandler(health));
            if (parking != null)
            {
                parking.watch(disruptor.getRingBuffer());
            }
        }
        catch (final RuntimeException | Error e)
        {
            // Nothing has started that writes to the journal yet: stop the snapshot threads (the shadow reads the
            // journal's queue) and free the data directory, so that a corrected start in this process can open it.
            closeAfterFailedStart(startedShadow, startedWriter, startedPages, e, true);
            if (preallocating && e instanceof OutOfMemoryError outOfMemory)
            {
                throw explainedOrThrown(outOfMemory, error -> outOfMemoryAtStart(settings, error));
            }
            throw e;
        }
        // Read before the engine thread starts: afterwards only the engine thread may touch engine state.
        final long startSeq = engine.lastSeq();
        final String startHash = Engine.formatHash(engine.stateHash());
        final String currencies = engine.costCurrenciesIfMixed();
        if (currencies != null)
        {
            LOG.warn("the locations' handling costs are in several currencies ({}), which sourcing adds and compares " +
                "as one; redefine them in one (PUT /v1/locations/{id}: a location may keep its own currency until " +
                "then, and no location may be defined in another)", currencies);
        }
        Housekeeper startedHousekeeper = null;
        try
        {
            ring = disruptor.start();
            health.journalBacklog(() -> ring.getCursor() - disruptor.getSequenceValueFor(journalStage));
            startedHousekeeper = new Housekeeper(this, shadow, settings.snapshotEveryCommands(),
                TimeUnit.SECONDS.toMillis(settings.snapshotEverySeconds()));
            housekeeper = startedHousekeeper;
            housekeeper.start();
        }
        catch (final RuntimeException | Error e)
        {
            // A stage thread that could not be made (no memory for its stack), or the clock's first reading failing:
            // the stages started so far are stopped before the journal they write is closed.
            accepting = false;
            if (startedHousekeeper != null)
            {
                startedHousekeeper.close();
            }
            disruptor.halt();
            wakeParkedStages();
            closeAfterFailedStart(startedShadow, startedWriter, startedPages, e, awaitStageThreads());
            throw e;
        }
        health.ready(true);
        LOG.info("core ready at seq {} (state hash {}), durability {}, wait strategy {}, stages {}, ring {}, " +
            "snapshots {}", startSeq, startHash, settings.durability(), settings.waitStrategy(),
            settings.stages().configName(), settings.ringSize(), settings.snapshotMode().configName());
    }

    /**
     * The start's answer to running out of memory while it made the engine's preallocation and the shadow snapshotter
     * (whose engine holds a second copy of the state, with as much preallocated): the settings and the JVM's limits by
     * name, rather than a bare OutOfMemoryError from deep inside the engine. The holds' and orders' objects are heap,
     * the orders' records direct memory.
     */
    static ordo.gateway.config.ConfigException outOfMemoryAtStart(final Settings settings, final OutOfMemoryError e)
    {
        final boolean shadowMode = settings.snapshotMode() == SnapshotMode.SHADOW;
        // The counts and the JVM's size are what the user gave: ordo prints this as one line, as a setting out of range.
        return new ordo.gateway.config.ConfigException(String.format(java.util.Locale.ROOT,
            "the start ran out of memory (%s) making the engine's preallocation (preallocateHolds: %d, " +
            "preallocateOrders: %d)%s. %s Lower the counts, give the JVM more (ORDO_JAVA_OPTS for bin/ordo)%s; " +
            "README (\"Sizing the JVM for a sale\") says what an order and a hold take.",
            e.getMessage(), settings.preallocateHolds(), settings.preallocateOrders(),
            shadowMode ? " and the shadow snapshotter's engine, which holds a second copy of the state and preallocates " +
                "as much again" : "", jvmLimits(), shadowMode ? " or set snapshot.mode: inline" : ""), e);
    }

    /** The JVM's memory limits, as the start's out-of-memory lines name them. */
    private static String jvmLimits()
    {
        final long mib = 1L << 20;
        return String.format(java.util.Locale.ROOT, "This JVM's heap is up to %d MiB (-Xmx) and its direct memory " +
            "about %d MiB (-XX:MaxDirectMemorySize, by default the heap's maximum).",
            Runtime.getRuntime().maxMemory() / mib, io.netty.util.internal.PlatformDependent.maxDirectMemory() / mib);
    }

    /** {@code explain}'s one line for running out of memory, or {@code e} itself thrown when there is no room for it. */
    private static ordo.gateway.config.ConfigException explainedOrThrown(final OutOfMemoryError e,
        final java.util.function.Function<OutOfMemoryError, ordo.gateway.config.ConfigException> explain)
    {
        try
        {
            return explain.apply(e);
        }
        catch (final OutOfMemoryError noRoomForTheMessage)
        {
            throw e;
        }
    }

    /**
     * The start's answer to running out of memory while it restored the state (the newest snapshot, the journal after
     * it): a bare OutOfMemoryError once ended the start with a stack trace and no {@code ordo:} line (found in QA).
     */
    static ordo.gateway.config.ConfigException outOfMemoryRestoring(final Settings settings, final OutOfMemoryError e)
    {
        final boolean shadowMode = settings.snapshotMode() == SnapshotMode.SHADOW;
        return new ordo.gateway.config.ConfigException(String.format(java.util.Locale.ROOT,
            "the start ran out of memory (%s) restoring the state in %s (its newest snapshot, then the journal after " +
            "it)%s. %s Give the JVM more (ORDO_JAVA_OPTS for bin/ordo)%s; README (\"Sizing the JVM for a sale\") " +
            "says what an order and a hold take. The data directory is unchanged.",
            e.getMessage(), settings.dataDir(),
            shadowMode ? "; in shadow mode a snapshot is restored twice, the shadow snapshotter's engine a second copy " +
                "of the state" : "", jvmLimits(), shadowMode ? " or set snapshot.mode: inline" : ""), e);
    }

    /**
     * Stops what a failed start started; the journal is closed now when no stage thread may still write to it
     * ({@code stagesEnded}), else once they end.
     */
    private void closeAfterFailedStart(final ShadowSnapshotter startedShadow, final SnapshotWriter startedWriter,
        final PagePrefetcher startedPages, final Throwable failure, final boolean stagesEnded)
    {
        try
        {
            if (startedPages != null)
            {
                startedPages.close();
            }
            if (startedShadow != null)
            {
                startedShadow.close();
            }
            if (startedWriter != null)
            {
                startedWriter.close();
            }
        }
        catch (final RuntimeException suppressed)
        {
            failure.addSuppressed(suppressed);
        }
        finally
        {
            if (stagesEnded)
            {
                journal.close();
            }
            else
            {
                closeJournalWhenStagesEnd();
            }
        }
    }

    public static OrdoCore start(final Settings settings)
    {
        return new OrdoCore(settings, EventSink.NONE);
    }

    public static OrdoCore start(final Settings settings, final EventSink events)
    {
        return new OrdoCore(settings, events);
    }

    /**
     * For a producer thread that publishes in bursts (an HTTP event loop): its publishes wake parked stages once,
     * when {@code atBurstEnd} runs the task it is handed, not at each publish
     * ({@link StageParkingWaitStrategy#deferWakes}). Call on that thread. Nothing changes with a wait strategy other
     * than {@code blocking}, whose stages are not parked by it.
     */
    public void deferWakesOnThisThread(final Consumer<Runnable> atBurstEnd)
    {
        if (parking != null)
        {
            parking.deferWakes(atBurstEnd);
        }
    }

    /**
     * Claims a slot without blocking, stamps the time, encodes the payload and publishes.
     *
     * @return false when the ring is full or the core is shutting down: answer 503, never wait.
     */
    public <T> boolean tryPublish(final CommandType type, final T request, final PayloadEncoder<T> encoder,
        final ReplyTarget target, final Object context)
    {
        return tryPublish(type, request, encoder, null, target, context);
    }

    /**
     * As {@link #tryPublish(CommandType, Object, PayloadEncoder, ReplyTarget, Object)}, with the request's actor —
     * the name of the API key that sent it — written after a journaled command's own fields, so the journal says who
     * asked for every command (found by an auditor's QA: two admin keys' cancellations could not be told apart).
     * The engine reads only its fields and never the actor: it decides nothing by it. Null: none.
     */
    public <T> boolean tryPublish(final CommandType type, final T request, final PayloadEncoder<T> encoder,
        final String actor, final ReplyTarget target, final Object context)
    {
        if (!accepting)
        {
            return false;
        }
        final long sequence;
        try
        {
            sequence = ring.tryNext();
        }
        catch (final InsufficientCapacityException e)
        {
            return false;
        }
        final CommandSlot slot = ring.get(sequence);
        if (!accepting)
        {
            // Asked again once the slot is claimed: close() clears accepting and then drains up to the claimed
            // cursor, so a claim it did not wait for sees accepting cleared here and publishes nothing but a no-op.
            // Checked only before the claim, a command got in after the drain, its journal append racing close()
            // on another thread (found in review).
            neutralise(slot);
            ring.publish(sequence);
            return false;
        }
        try
        {
            final PayloadWriter writer = begin(slot, type, target, context);
            encoder.encode(request, writer);
            if (type.isJournaled())
            {
                CommandCodec.actor(writer, actor);
            }
            finish(slot);
        }
        catch (final Throwable e)
        {
            // Errors too (an AssertionError, a StackOverflowError): a half-written command must never be journaled.
            neutralise(slot);
            throw e;
        }
        finally
        {
            // A claimed sequence must be published, even when its command could not be written.
            ring.publish(sequence);
        }
        return true;
    }

    /**
     * Publishes {@code count} commands of one type with one claim and one publication for the lot, for a producer
     * that holds several requests at once (each is still stamped and encoded on its own, and answered on its own).
     * False, and nothing published, when the ring lacks room for all of them. If encoding one fails, it and the
     * ones after it become queries nobody waits for (those before it go ahead) and the exception propagates. It
     * writes no actor: a producer publishing requests of an API key writes it in its encoder
     * ({@link ordo.engine.CommandCodec#actor}).
     *
     * @param encoder writes the payload of the {@code i}-th command, {@code 0 <= i < count}
     */
    public <T> boolean tryPublishBatch(final CommandType type, final int count, final T source,
        final BatchPayloadEncoder<T> encoder, final ReplyTarget target)
    {
        if (!accepting)
        {
            return false;
        }
        final long last;
        try
        {
            last = ring.tryNext(count);
        }
        catch (final InsufficientCapacityException e)
        {
            return false;
        }
        final long first = last - count + 1;
        if (!accepting)
        {
            // As in tryPublish: asked again once the slots are claimed.
            for (long s = first; s <= last; s++)
            {
                neutralise(ring.get(s));
            }
            ring.publish(first, last);
            return false;
        }
        long sequence = first;
        try
        {
            for (; sequence <= last; sequence++)
            {
                final CommandSlot slot = ring.get(sequence);
                encoder.encode(source, (int)(sequence - first), begin(slot, type, target, null));
                finish(slot);
            }
        }
        catch (final Throwable e)
        {
            // Errors too: the unwritten slots of the claim still hold a reset slot's null type otherwise.
            for (; sequence <= last; sequence++)
            {
                neutralise(ring.get(sequence));
            }
            throw e;
        }
        finally
        {
            ring.publish(first, last);
        }
        return true;
    }

    /** Writes what the producer owns into a claimed slot, stamps it, and returns the writer for its payload. */
    private PayloadWriter begin(final CommandSlot slot, final CommandType type, final ReplyTarget target,
        final Object context)
    {
        slot.type = type;
        slot.target = target;
        slot.context = context;
        slot.stampedMillis = clock.time();
        return slot.writer.wrap(slot.payload, 0);
    }

    private static void finish(final CommandSlot slot)
    {
        final int length = slot.writer.length();
        if (length > CommandSlot.PAYLOAD_CAPACITY)
        {
            throw new IllegalArgumentException("command payload of " + length + " bytes exceeds the slot capacity of " +
                CommandSlot.PAYLOAD_CAPACITY);
        }
        slot.payloadLength = length;
    }

    /** Turns a claimed slot whose command could not be written into a harmless query nobody waits for. */
    private static void neutralise(final CommandSlot slot)
    {
        slot.type = CommandType.NOOP;
        slot.payloadLength = 0;
        slot.target = null;
        slot.context = null;
    }

    /** Shortens {@link #close}'s waits for the ring to drain and for each stage thread to stop (tests). */
    void stopWaits(final long drainMillis, final long stageStopMillis)
    {
        this.drainMillis = drainMillis;
        this.stageStopMillis = stageStopMillis;
    }

    /** False once {@link #close} began: the core takes no more commands. */
    public boolean accepting()
    {
        return accepting;
    }

    public CoreHealth health()
    {
        return health;
    }

    /** What each Idempotency-Key is remembered by (any thread). */
    public IdempotencyKeys idempotencyKeys()
    {
        return idempotencyKeys;
    }

    /** The engine, for gauges that are safe from any thread ({@link Engine#liveReservations()}). */
    public Engine engine()
    {
        return engine;
    }

    public long ringDepth()
    {
        return settings.ringSize() - ring.remainingCapacity();
    }

    public int ringSize()
    {
        return settings.ringSize();
    }

    public EpochClock clock()
    {
        return clock;
    }

    public Durability durability()
    {
        return settings.durability();
    }

    /** Whether the shadow snapshotter started from the twin start-up restored beside the live engine (tests). */
    boolean shadowSeededFromTwin()
    {
        return shadow != null && shadow.seededFromTwin();
    }

    /**
     * The newest snapshot on disk (any thread): the last this process made durable, or the one its start restored;
     * -1 for none. Only this process's, the metric read -1 after every restart until the next snapshot, which an idle
     * server never takes (found in QA-260).
     */
    public long newestSnapshotSeq()
    {
        final long written = snapshotWriter.lastWrittenSeq();
        return seededAt > 0 ? Math.max(written, seededAt) : written;
    }

    /**
     * How far the clock is behind engine time, in milliseconds (0 when it is not; any thread). Engine time never goes
     * back, so while the clock is behind it stands still: holds do not expire, no TICK goes out, time-based snapshots
     * wait, and every command is stamped with the same time (QA-260).
     */
    public long clockBehindMillis()
    {
        final long engineTime = engine.publishedNowMillis();
        return engineTime == Long.MIN_VALUE ? 0 : Math.max(0, engineTime - clock.time());
    }

    /** Sequence of the last snapshot made durable by this process, -1 before the first (any thread). */
    public long lastSnapshotSeq()
    {
        return snapshotWriter.lastWrittenSeq();
    }

    private Thread stageThread(final Runnable stage)
    {
        // A FastThreadLocalThread: Netty's adaptive allocator gives a thread a response-buffer magazine of its own
        // (PendingResponse) only then, and frees it when the thread ends; a plain thread shares the locked ones.
        final Thread thread = new FastThreadLocalThread(stage, "ordo-stage-" + stageThreads.size());
        thread.setDaemon(true);
        stageThreads.add(thread);
        return thread;
    }

    /**
     * Waits until every command published has passed the last stage, parked between looks: what
     * {@code Disruptor.shutdown} does, except that it spins for the whole wait — the shutdown snapshot's seconds, on
     * a core that snapshot needs (found in a profile of a stopping server). False when the time ran out.
     */
    private boolean awaitDrained(final long timeoutNanos)
    {
        final long deadline = System.nanoTime() + timeoutNanos;
        while (disruptor.getSequenceValueFor(lastStage) < ring.getCursor())
        {
            if (System.nanoTime() - deadline >= 0)
            {
                return false;
            }
            LockSupport.parkNanos(DRAIN_POLL_NANOS);
        }
        return true;
    }

    private void wakeParkedStages()
    {
        if (parking != null)
        {
            parking.stageProgressed();
        }
    }

    /**
     * halt() only asks the stages to stop: the journal must not be closed (which completes an open batch document and
     * unmaps the file) while the journal thread may still be writing into it.
     *
     * @return whether every stage thread has ended (the caller's own aside)
     */
    private boolean awaitStageThreads()
    {
        boolean allEnded = true;
        for (final Thread thread : stageThreads)
        {
            if (thread == Thread.currentThread())
            {
                continue;
            }
            try
            {
                thread.join(stageStopMillis);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return false;
            }
            if (thread.isAlive())
            {
                LOG.error("{} did not stop within {} ms of the halt ({})", thread.getName(), stageStopMillis,
                    where(thread));
                allEnded = false;
            }
        }
        return allEnded;
    }

    /**
     * Closes the journal once every stage thread has ended, on a thread of its own. Closed under a thread still in a
     * write, the journal's mapping would go while the thread writes through it (a crash of the JVM, or a half-written
     * batch completed as if whole); left open, it holds what a crash would have left, which the next start recovers,
     * and the data directory stays locked until the threads end or the process does.
     */
    private void closeJournalWhenStagesEnd()
    {
        LOG.error("the journal stays open until the stage threads that have not stopped end; if they never do, the " +
            "next start recovers its tail as after a crash");
        final Thread closer = new Thread(() ->
        {
            for (final Thread stage : stageThreads)
            {
                try
                {
                    stage.join();
                }
                catch (final InterruptedException e)
                {
                    return;
                }
            }
            journal.close();
            LOG.info("journal closed: the stage threads have ended");
        }, "ordo-journal-closer");
        closer.setDaemon(true);
        closer.start();
    }

    /** The top of a thread's stack, for the log: where a stage that will not stop is (a write to a failing disk?). */
    private static String where(final Thread thread)
    {
        final StackTraceElement[] stack = thread.getStackTrace();
        return stack.length == 0 ? "no stack" : "at " + stack[0] + (stack.length > 1 ? " from " + stack[1] : "");
    }

    /** Set by {@link #close}: whether a snapshot covers the last command (what an upgrade needs; docs/OPERATIONS.md, Upgrading). */
    private volatile boolean cleanStop;
    /** The seq of the snapshot the start restored (0: none): a stop that took no command since needs no other. */
    private final long seededAt;

    /** After {@link #close}: whether the stop left a snapshot at the last command (false before it). */
    public boolean stoppedClean()
    {
        return cleanStop;
    }

    /**
     * Stops taking commands, lets the ring drain, writes a final snapshot, and closes the journal. Replies still in
     * the ring are delivered.
     */
    @Override
    public void close()
    {
        if (!accepting)
        {
            return;
        }
        // Not ready from here on: a command arriving while the ring drains is answered "stopping", not "overloaded,
        // retry shortly" (found in QA: a burst during a clean stop got 1 333 of those).
        health.ready(false);
        housekeeper.close();
        if (shadow != null)
        {
            shadow.close();
        }
        if (!health.journalFailed() && !tryPublish(CommandType.SNAPSHOT, null, (r, w) -> { }, null, null))
        {
            LOG.warn("no shutdown snapshot: the ring is full; the next start replays more of the journal");
        }
        accepting = false;
        if (awaitDrained(TimeUnit.MILLISECONDS.toNanos(drainMillis)))
        {
            disruptor.halt();
        }
        else
        {
            LOG.error("pipeline did not drain within {} ms; halting", drainMillis);
            disruptor.halt();
        }
        // The halt woke the stages parked on the cursor; a reply stage parked on its upstream stages sees it now
        // rather than at its park cap. Then the stage threads are joined on both paths: on the drained one they
        // could outlive close() (found in review).
        wakeParkedStages();
        final boolean stagesEnded = awaitStageThreads();
        pages.close();
        snapshotWriter.close();
        if (stagesEnded)
        {
            journal.close();
        }
        else
        {
            closeJournalWhenStagesEnd();
        }
        health.ready(false);
        // Written and read back by this run, or restored by its start: never a file only listed (one kept though its
        // read-back failed, or corrupt, would have passed: review). None counts as seq 0: an empty journal needs none.
        final long newestSnapshot = Math.max(newestSnapshotSeq(), 0);
        cleanStop = !health.journalFailed() && newestSnapshot >= engine.lastSeq();
        if (!cleanStop)
        {
            // The upgrade steps rely on this stop's snapshot (docs/OPERATIONS.md, Upgrading): a failed one (a full
            // disk) logged an error among the shutdown's lines and exited as a clean stop does (found in QA). A failed
            // journal takes none.
            LOG.error("NOT a clean stop: {} (the newest snapshot is at seq {}): the next start replays the journal "
                + "after it, and a build of other rules will refuse that tail; before an upgrade, start this build "
                + "again and stop it once the snapshot can be written", health.journalFailed() ? "the journal failed, "
                + "so no shutdown snapshot was taken" : "no snapshot at the last command, seq " + engine.lastSeq(),
                newestSnapshot);
        }
        LOG.info("core closed at seq {}", engine.lastSeq());
    }
}
