package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import ordo.engine.PageSupply;
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

    @Test
    void aCoreRunsOnePrefetcherForItsEngineAndStopsItWhenClosed()
    {
        final List<Thread> before = pageThreads();
        final OrdoCore core = OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking",
            StagesKind.FUSED, 1024, 1_000_000, 300, 3, SnapshotMode.INLINE, 0, SystemEpochClock.INSTANCE));
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
}
