package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.OrderForm;
import ordo.engine.PageSupply;
import ordo.engine.PayloadWriter;
import ordo.engine.ResultCode;
import ordo.gateway.config.SnapshotMode;
import ordo.gateway.config.StagesKind;
import ordo.journal.Durability;
import org.agrona.BufferUtil;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class PagePrefetcherTest
{
    @TempDir
    Path dataDir;

    private static List<Thread> pageThreads()
    {
        return Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.isAlive() && t.getName().startsWith("ordo-pages"))
            .toList();
    }

    @Test
    void keepsItsDepthOfZeroedAlignedPagesReadyAndRefillsWhatIsTaken()
    {
        try (PagePrefetcher pages = new PagePrefetcher("test"))
        {
            Await.until(() -> pages.readyPages() == PagePrefetcher.DEPTH);
            final ByteBuffer[] taken = new ByteBuffer[PagePrefetcher.DEPTH + 3];
            for (int i = 0; i < taken.length; i++)
            {
                ByteBuffer page;
                while ((page = pages.poll()) == null)
                {
                    Thread.onSpinWait();
                }
                taken[i] = page;
            }
            for (final ByteBuffer page : taken)
            {
                assertThat(page.isDirect()).isTrue();
                assertThat(page.capacity()).isEqualTo(PageSupply.PAGE_BYTES);
                assertThat(BufferUtil.address(page) & (PageSupply.ALIGNMENT - 1)).isZero();
                for (int at = 0; at < PageSupply.PAGE_BYTES; at += Long.BYTES)
                {
                    assertThat(page.getLong(at)).isZero();
                }
            }
            assertThat(java.util.Arrays.stream(taken).map(BufferUtil::address).distinct().count())
                .as("no page handed out twice").isEqualTo(taken.length);
            // Taking wakes it: the depth is made up again.
            Await.until(() -> pages.readyPages() == PagePrefetcher.DEPTH);
        }
    }

    @Test
    void takingAPageWakesItToMakeAnotherRatherThanItsIdleTimeout()
    {
        // Idle for an hour: the depth is made up again within the test's time only if the take woke it.
        try (PagePrefetcher pages = new PagePrefetcher("woken", TimeUnit.HOURS.toNanos(1)))
        {
            Await.until(() -> pages.readyPages() == PagePrefetcher.DEPTH);
            assertThat(pages.poll()).isNotNull();
            Await.until(() -> pages.readyPages() == PagePrefetcher.DEPTH);
        }
    }

    /** Each failed attempt costs the JVM a full collection: after one, it waits long before the next. */
    @Test
    void afterDirectMemoryRanOutItWaitsBeforeTryingAgain() throws InterruptedException
    {
        final AtomicInteger attempts = new AtomicInteger();
        final PagePrefetcher pages = new PagePrefetcher("exhausted", TimeUnit.MILLISECONDS.toNanos(1), () ->
        {
            attempts.incrementAndGet();
            throw new OutOfMemoryError("Cannot reserve 1048576 bytes of direct buffer memory (test)");
        });
        try
        {
            Await.until(() -> attempts.get() > 0);
            Thread.sleep(300);
            // At the 1 ms idle pace this would be hundreds.
            assertThat(attempts.get()).isEqualTo(1);
            assertThat(pages.poll()).isNull();
        }
        finally
        {
            pages.close();
        }
    }

    /** Taking the pages still ready wakes it, but does not cut that wait short. */
    @Test
    void takingPagesWhileItWaitsAfterRunningOutDoesNotMakeItTryAgain() throws InterruptedException
    {
        final AtomicInteger attempts = new AtomicInteger();
        final PagePrefetcher pages = new PagePrefetcher("exhausted-later", TimeUnit.MILLISECONDS.toNanos(1), () ->
        {
            if (attempts.incrementAndGet() > PagePrefetcher.DEPTH)
            {
                throw new OutOfMemoryError("Cannot reserve 1048576 bytes of direct buffer memory (test)");
            }
            return PageSupply.newPage();
        });
        try
        {
            Await.until(() -> pages.readyPages() == PagePrefetcher.DEPTH);
            // The first take wakes it to make one more page: the attempt that runs out.
            assertThat(pages.poll()).isNotNull();
            Await.until(() -> attempts.get() == PagePrefetcher.DEPTH + 1);
            for (int taken = 1; taken < PagePrefetcher.DEPTH; taken++)
            {
                assertThat(pages.poll()).isNotNull();
                Thread.sleep(20);
            }
            Thread.sleep(100);
            assertThat(attempts.get()).isEqualTo(PagePrefetcher.DEPTH + 1);
        }
        finally
        {
            pages.close();
        }
    }

    @Test
    void closingStopsItsThreadAndLeavesNothingToTake()
    {
        final List<Thread> before = pageThreads();
        final PagePrefetcher pages = new PagePrefetcher("closing");
        Await.until(() -> pages.readyPages() > 0);
        pages.close();

        assertThat(pageThreads()).isEqualTo(before);
        assertThat(pages.poll()).isNull();
    }

    /** A core on the test's data directory with inline snapshots and no preallocation. */
    private OrdoCore startCore(final StagesKind stages)
    {
        return OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking", stages, 1024, 1_000_000,
            300, 3, SnapshotMode.INLINE, 0, SystemEpochClock.INSTANCE));
    }

    @Test
    void aCoreRunsOnePrefetcherForItsEngineAndStopsItWhenClosed()
    {
        final List<Thread> before = pageThreads();
        final OrdoCore core = startCore(StagesKind.FUSED);
        try
        {
            assertThat(pageThreads()).hasSize(before.size() + 1);
        }
        finally
        {
            core.close();
        }
        assertThat(pageThreads()).isEqualTo(before);
    }

    @Test
    void theCoresEngineTakesItsFirstPagesFromThePrefetcher()
    {
        final List<Thread> before = pageThreads();
        final OrdoCore core = startCore(StagesKind.PARALLEL);
        try
        {
            // Its pages made (the thread parks only once its depth is ready), so the first order finds them there.
            final List<Thread> started = new java.util.ArrayList<>(pageThreads());
            started.removeAll(before);
            assertThat(started).hasSize(1);
            Await.until(() -> started.get(0).getState() == Thread.State.TIMED_WAITING);
            final AtomicInteger answered = new AtomicInteger();
            final AtomicInteger ok = new AtomicInteger();
            final ReplyTarget target = slot ->
            {
                if (slot.reply().code() == ResultCode.OK)
                {
                    ok.incrementAndGet();
                }
                answered.incrementAndGet();
            };
            publish(core, target, CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh-1",
                Codes.LocationType.WAREHOUSE, "wh-1", 1_300_000, 103_800_000, "SG", Codes.CAP_SHIP, 0, 200, "SGD",
                true));
            publish(core, target, CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "SKU-1", "SKU-1", 500,
                0, Long.MIN_VALUE, Long.MAX_VALUE, false));
            publish(core, target, CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, "SKU-1", "wh-1",
                100, 0));
            final OrderForm form = new OrderForm();
            form.channel = "web";
            form.customerId = "customer-1";
            form.email = "customer-1@example.com";
            form.shipName = "Customer 1";
            form.line1 = "1 Orchard Road";
            form.city = "Singapore";
            form.postalCode = "238801";
            form.shipCountryCode = "SG";
            form.shipTo(1_300_000, 103_830_000);
            form.paymentProvider = "offline";
            form.paymentAmountMinor = 1_999;
            form.paymentCurrency = "SGD";
            form.line("SKU-1", 1, 1_999, "SGD");
            publish(core, target, CommandType.PLACE_ORDER, w -> CommandCodec.placeOrder(w, 0, 0, form));
            Await.until(() -> answered.get() == 4);
            assertThat(ok.get()).as("all four commands accepted").isEqualTo(4);

            // The first page of its decisions and of its timelines, each a whole supplied page (made here: 64 KiB).
            assertThat(core.engine().offHeapBytes()).isEqualTo(2L * PageSupply.PAGE_BYTES);
        }
        finally
        {
            core.close();
        }
    }

    private static void publish(final OrdoCore core, final ReplyTarget target, final CommandType type,
        final Consumer<PayloadWriter> body)
    {
        while (!core.tryPublish(type, body, (b, w) -> b.accept(w), target, null))
        {
            Thread.onSpinWait();
        }
    }
}
