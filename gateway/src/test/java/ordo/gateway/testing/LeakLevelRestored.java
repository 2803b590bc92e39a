package ordo.gateway.testing;

import io.netty.util.ResourceLeakDetector;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Puts Netty's leak detection level back after each test: {@code ordo serve} may turn the detector off for the JVM
 * (ServeLeakDetectionTest), and the tests after it rely on it. Use with {@code @ExtendWith}.
 */
public final class LeakLevelRestored implements BeforeEachCallback, AfterEachCallback
{
    private static final ExtensionContext.Namespace NAMESPACE =
        ExtensionContext.Namespace.create(LeakLevelRestored.class);

    @Override
    public void beforeEach(final ExtensionContext context)
    {
        context.getStore(NAMESPACE).put("level", ResourceLeakDetector.getLevel());
    }

    @Override
    public void afterEach(final ExtensionContext context)
    {
        ResourceLeakDetector.setLevel(context.getStore(NAMESPACE).get("level", ResourceLeakDetector.Level.class));
    }
}
