package ordo.gateway.testing;

import java.util.ArrayList;
import java.util.List;

import io.netty.buffer.AbstractByteBuf;
import io.netty.util.ResourceLeakDetector;

/**
 * Netty's leak detector for the gateway's tests: every leak it finds is kept here as well as logged, so that
 * {@link NoBufferLeaks} can fail the test class during which it was found. Netty makes it the detector of every
 * buffer when the test JVM names it in {@code io.netty.customResourceLeakDetector} (gateway/pom.xml, with
 * {@code io.netty.leakDetection.level=paranoid}: every buffer tracked). A leak is found when the garbage collector
 * has freed a buffer nobody released, at the next buffer tracked after that.
 *
 * <p>Any thread may report (whichever allocates); the list is guarded by the class.
 */
public final class LeakRecorder<T> extends ResourceLeakDetector<T>
{
    private static final List<String> FOUND = new ArrayList<>();
    private static volatile boolean installed;

    /** The constructor Netty's factory looks up. */
    public LeakRecorder(final Class<?> resourceType, final int samplingInterval)
    {
        super(resourceType, samplingInterval);
        installed = true;
    }

    /** The constructor older factories look up. */
    public LeakRecorder(final Class<?> resourceType, final int samplingInterval, final long maxActive)
    {
        this(resourceType, samplingInterval);
    }

    /**
     * Whether Netty made this the detector of its buffers. It does when the buffer classes initialize, so they are
     * initialized first: asked before this JVM had made any buffer (a test class run alone, whose first test makes
     * none), the answer was false, though every buffer made afterwards is tracked by this detector.
     */
    public static boolean installed()
    {
        initializeBufferClasses();
        return installed;
    }

    /** AbstractByteBuf's static initializer asks Netty's factory for the buffers' detector: runs it, once. */
    private static void initializeBufferClasses()
    {
        try
        {
            Class.forName(AbstractByteBuf.class.getName(), true, AbstractByteBuf.class.getClassLoader());
        }
        catch (final ClassNotFoundException e)
        {
            throw new LinkageError("Netty's buffer classes are on the class path", e);
        }
    }

    /** The leaks found since the last call, each with the records of where the buffer went; the list is emptied. */
    public static List<String> drain()
    {
        synchronized (LeakRecorder.class)
        {
            final List<String> leaks = new ArrayList<>(FOUND);
            FOUND.clear();
            return leaks;
        }
    }

    /** Always look: the default only looks when Netty's logger logs errors. */
    @Override
    protected boolean needReport()
    {
        return true;
    }

    @Override
    protected void reportTracedLeak(final String resourceType, final String records)
    {
        found(resourceType + " released by nobody:" + records);
        super.reportTracedLeak(resourceType, records);
    }

    @Override
    protected void reportUntracedLeak(final String resourceType)
    {
        found(resourceType + " released by nobody (no records)");
        super.reportUntracedLeak(resourceType);
    }

    private static void found(final String leak)
    {
        synchronized (LeakRecorder.class)
        {
            FOUND.add(leak);
        }
    }
}
