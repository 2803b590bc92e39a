package ordo.gateway.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.Test;

/**
 * The check every gateway test class gets is on, and finds a leak: a buffer that nobody releases is reported with
 * where it was last touched, and one that is released is not.
 */
class NoBufferLeaksTest
{
    @Test
    void theTestRunTracksEveryBufferWithTheRecorder()
    {
        assertThat(LeakRecorder.installed()).as("io.netty.customResourceLeakDetector in gateway/pom.xml").isTrue();
        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.PARANOID);
    }

    @Test
    void aBufferNobodyReleasesIsReportedWithWhereItWent() throws InterruptedException
    {
        assertThat(NoBufferLeaks.collectLeaks()).as("nothing leaked before this test").isEmpty();

        leakOneBuffer();
        final List<String> leaks = NoBufferLeaks.collectLeaks();

        assertThat(leaks).hasSize(1);
        assertThat(leaks.get(0)).contains("ByteBuf").contains("leakOneBuffer");
    }

    @Test
    void aReleasedBufferIsNotALeak() throws InterruptedException
    {
        final ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeLong(42);
        buffer.release();

        assertThat(NoBufferLeaks.collectLeaks()).isEmpty();
    }

    /** Out of line, so that nothing in the caller's frame keeps the buffer reachable. */
    private static void leakOneBuffer()
    {
        final ByteBuf buffer = ByteBufAllocator.DEFAULT.directBuffer(64);
        buffer.writeLong(42);
        buffer.touch("written by leakOneBuffer");
    }
}
