package ordo.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Properties;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code ordo serve} turns Netty's leak detector off unless the JVM names a level, which it then leaves as Netty read
 * it. The level is global: each test puts it back. Off, a buffer comes back from the allocator as it is (no
 * leak-recording wrapper), even when every buffer would otherwise be tracked.
 */
class ServeLeakDetectionTest
{
    private ResourceLeakDetector.Level before;

    @BeforeEach
    void remember()
    {
        before = ResourceLeakDetector.getLevel();
        ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.PARANOID);
    }

    @AfterEach
    void restore()
    {
        ResourceLeakDetector.setLevel(before);
    }

    @Test
    void withoutALevelTheServerRunsWithoutTheDetector()
    {
        assertThat(wrapperOfANewBuffer()).as("paranoid: every buffer is tracked").isNotEqualTo("none");

        ServeCommand.configureLeakDetection(new Properties());

        assertThat(ResourceLeakDetector.getLevel()).isEqualTo(ResourceLeakDetector.Level.DISABLED);
        assertThat(wrapperOfANewBuffer()).isEqualTo("none");
    }

    @Test
    void aLevelTheJvmWasGivenIsLeftAsItIs()
    {
        for (final String property : new String[] {"io.netty.leakDetection.level", "io.netty.leakDetectionLevel"})
        {
            final Properties given = new Properties();
            given.setProperty(property, "paranoid");

            ServeCommand.configureLeakDetection(given);

            assertThat(ResourceLeakDetector.getLevel()).as(property).isEqualTo(ResourceLeakDetector.Level.PARANOID);
        }
    }

    /** The class of the leak-recording wrapper a new buffer comes in, or "none". */
    private static String wrapperOfANewBuffer()
    {
        final ByteBufAllocator allocator = new UnpooledByteBufAllocator(true);
        final ByteBuf buffer = allocator.directBuffer(64);
        try
        {
            final String name = buffer.getClass().getSimpleName();
            return name.contains("LeakAware") ? name : "none";
        }
        finally
        {
            buffer.release();
        }
    }
}
