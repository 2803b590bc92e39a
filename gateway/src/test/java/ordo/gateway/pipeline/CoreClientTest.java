package ordo.gateway.pipeline;

import ordo.gateway.config.StagesKind;
import ordo.gateway.config.SnapshotMode;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.ResultCode;
import ordo.journal.Durability;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The internal client background threads use: it waits for room in a full ring instead of failing (a payment result
 * must not be dropped), gives up when told to, and hands back a copy of the reply that outlives the ring slot.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoreClientTest
{
    private static final int RING = 4;

    @TempDir
    Path dataDir;

    private OrdoCore core;
    private CoreClient client;
    private final CountDownLatch replyThreadReleased = new CountDownLatch(1);
    private final ExecutorService caller = Executors.newSingleThreadExecutor();

    @BeforeEach
    void start()
    {
        core = OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking", StagesKind.PARALLEL,
            RING, 1_000_000, 300, 3, SnapshotMode.SHADOW, 0,
            SystemEpochClock.INSTANCE));
        client = new CoreClient(core);
    }

    @AfterEach
    void stop() throws InterruptedException
    {
        replyThreadReleased.countDown();
        caller.shutdownNow();
        assertThat(caller.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        core.close();
    }

    @Test
    void anAnswerIsACopyThatOutlivesItsSlot() throws Exception
    {
        final CoreClient.Answer first = client.call(CommandType.QUERY_STATE_HASH, null, (r, w) -> { }, 5_000,
            () -> true);
        for (int i = 0; i < RING * 3; i++)
        {
            // Reuse every slot a few times: the first answer must not change.
            client.call(CommandType.QUERY_SKU, "nope", (id, w) -> CommandCodec.queryById(w, id), 5_000, () -> true);
        }
        assertThat(first.isOk()).isTrue();
        assertThat(first.a()).isZero();
        assertThat(Engine.formatHash(first.b())).matches("[0-9a-f]{16}");
        final CoreClient.Answer missing = client.call(CommandType.QUERY_SKU, "nope",
            (id, w) -> CommandCodec.queryById(w, id), 5_000, () -> true);
        assertThat(missing.code()).isEqualTo(ResultCode.SKU_NOT_FOUND);
        assertThat(missing.isOk()).isFalse();
    }

    @Test
    void aCallWaitsForRoomInAFullRingInsteadOfFailing() throws Exception
    {
        fillTheRing();
        assertThat(client.trySubmit(CommandType.QUERY_STATE_HASH, null, (r, w) -> { })).as("the ring is full")
            .isNull();

        final AtomicReference<Thread> callerThread = new AtomicReference<>();
        final Future<CoreClient.Answer> answer = caller.submit(() ->
        {
            callerThread.set(Thread.currentThread());
            return client.call(CommandType.QUERY_STATE_HASH, null, (r, w) -> { }, 5_000, () -> true);
        });
        awaitBackingOff(callerThread);
        assertThat(answer.isDone()).isFalse();

        replyThreadReleased.countDown();
        assertThat(answer.get(10, TimeUnit.SECONDS).isOk()).isTrue();
    }

    @Test
    void aCallGivesUpWhenToldToStopTrying() throws Exception
    {
        fillTheRing();
        assertThat(client.call(CommandType.QUERY_STATE_HASH, null, (r, w) -> { }, 5_000, () -> false)).isNull();
    }

    /** The first command's reply target holds the reply thread, so no slot is freed until the test lets it go. */
    private void fillTheRing()
    {
        final CountDownLatch replyThreadHeld = new CountDownLatch(1);
        assertThat(core.tryPublish(CommandType.QUERY_STATE_HASH, null, (r, w) -> { }, slot ->
        {
            replyThreadHeld.countDown();
            awaitQuietly(replyThreadReleased);
        }, null)).isTrue();
        awaitQuietly(replyThreadHeld);
        for (int i = 1; i < RING; i++)
        {
            assertThat(core.tryPublish(CommandType.QUERY_STATE_HASH, null, (r, w) -> { }, null, null)).isTrue();
        }
    }

    /** Until the caller is parked between two attempts to find room. */
    private static void awaitBackingOff(final AtomicReference<Thread> caller)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (caller.get() == null || caller.get().getState() != Thread.State.TIMED_WAITING)
        {
            assertThat(System.nanoTime()).as("the caller backs off").isLessThan(deadline);
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
        }
    }

    private static void awaitQuietly(final CountDownLatch latch)
    {
        try
        {
            latch.await(20, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }
}
