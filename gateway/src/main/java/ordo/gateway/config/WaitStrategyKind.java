package ordo.gateway.config;

import java.util.Locale;

/**
 * How the pipeline's consumer threads wait for work (the configuration key {@code waitStrategy}); maps to
 * the Disruptor wait strategy of the same name. On a small machine only {@link #BLOCKING} leaves the cores
 * to the event loops when idle; the spinning ones trade a whole core each for lower latency.
 */
public enum WaitStrategyKind {
    /** Park on a lock until signalled: no CPU when idle (default). */
    BLOCKING,
    /** Spin, then yield, then park for short intervals. */
    SLEEPING,
    /** Spin, then {@code Thread.yield()}: a core busy while idle. */
    YIELDING,
    /** Spin without pause: a core fully busy while idle; only with dedicated cores. */
    BUSY_SPIN;

    /** The configuration name, e.g. {@code busy-spin}. */
    public String configName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static WaitStrategyKind fromConfigName(String name) {
        return Check.oneOf("waitStrategy", values(), WaitStrategyKind::configName, name);
    }
}
