package ordo.gateway.http;

import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.netty.buffer.ByteBuf;

/**
 * Prometheus metrics in the text exposition format 0.0.4: per-route request counters by status and a
 * latency histogram per route, plus gauges other components register (ring depth, journal lag, live
 * reservations).
 *
 * <p>Threading: {@link #recordRequest} is called by every event-loop thread; it takes no lock (a map
 * read, then striped {@link LongAdder} and atomic increments). {@link #render} may run concurrently with
 * recording; a scrape may then see a request in {@code _count} a moment before it shows in
 * {@code requests_total}, which Prometheus tolerates.
 */
public final class Metrics {

    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    /** Histogram upper bounds in nanoseconds, and the same bounds as {@code le} labels in seconds. */
    static final long[] BUCKET_NANOS = {
            100_000L, 250_000L, 500_000L, 1_000_000L, 2_500_000L, 5_000_000L, 10_000_000L, 25_000_000L,
            50_000_000L, 100_000_000L, 250_000_000L, 500_000_000L, 1_000_000_000L, 2_500_000_000L,
            5_000_000_000L, 10_000_000_000L};
    static final String[] BUCKET_LABELS = {
            "0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025",
            "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"};

    private static final Logger LOG = LoggerFactory.getLogger(Metrics.class);
    private static final Pattern METRIC_NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final String REQUESTS = "ordo_http_requests_total";
    private static final String DURATION = "ordo_http_request_duration_seconds";
    private static final String ABANDONED = "ordo_http_answers_abandoned_total";

    private final ConcurrentHashMap<String, RouteSeries> routes = new ConcurrentHashMap<>();
    private final List<Gauge> gauges = new CopyOnWriteArrayList<>();

    /**
     * Counts one answered request.
     *
     * @param route          the route name (label value)
     * @param status         the HTTP status sent
     * @param durationNanos  from the complete request to the response being written
     */
    public void recordRequest(String route, int status, long durationNanos) {
        RouteSeries series = routes.get(route);
        if (series == null) {
            series = routes.computeIfAbsent(route, r -> new RouteSeries());
        }
        series.record(status, durationNanos);
    }

    /**
     * Counts a request no answer could be made for (no memory for the response: its connection was closed instead).
     * Not in {@code requests_total}: nothing was sent.
     */
    public void recordAbandoned(String route) {
        RouteSeries series = routes.get(route);
        if (series == null) {
            series = routes.computeIfAbsent(route, r -> new RouteSeries());
        }
        series.abandoned.increment();
    }

    /** Makes a route's histogram appear (all zero) before its first request, so dashboards see it. */
    public void registerRoute(String route) {
        routes.computeIfAbsent(route, r -> new RouteSeries());
    }

    /**
     * Adds a gauge sampled at every scrape. {@code value} runs on the scraping thread (an event loop): it
     * must be quick and must not block, e.g. a volatile read or a ring's remaining capacity.
     *
     * @throws IllegalArgumentException for an invalid or already used name
     */
    public synchronized void registerGauge(String name, String help, LongSupplier value) {
        register(name, help, value, "gauge");
    }

    /**
     * Adds a counter (a value that only grows while the process lives) sampled at every scrape, as
     * {@link #registerGauge} does.
     *
     * @throws IllegalArgumentException for an invalid or already used name
     */
    public synchronized void registerCounter(String name, String help, LongSupplier value) {
        register(name, help, value, "counter");
    }

    private void register(String name, String help, LongSupplier value, String type) {
        if (name == null || !METRIC_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("not a Prometheus metric name: " + name);
        }
        if (name.startsWith(REQUESTS) || name.startsWith(DURATION) || name.equals(ABANDONED)) {
            throw new IllegalArgumentException(name + " is reserved for the HTTP metrics");
        }
        for (Gauge gauge : gauges) {
            if (gauge.name.equals(name)) {
                throw new IllegalArgumentException(name + " is already registered");
            }
        }
        if (value == null) {
            throw new IllegalArgumentException(type + " " + name + " needs a value supplier");
        }
        gauges.add(new Gauge(name, help == null ? "" : help, value, type));
    }

    /** The full exposition text. */
    public String render() {
        StringBuilder out = new StringBuilder(4096);
        Map<String, RouteSeries> sorted = new TreeMap<>(routes);
        renderCounters(out, sorted);
        renderHistograms(out, sorted);
        renderAbandoned(out, sorted);
        renderGauges(out);
        return out.toString();
    }

    /** Writes {@link #render()} into {@code out} as UTF-8. */
    public void renderTo(ByteBuf out) {
        out.writeCharSequence(render(), StandardCharsets.UTF_8);
    }

    private static void renderCounters(StringBuilder out, Map<String, RouteSeries> sorted) {
        out.append("# HELP ").append(REQUESTS).append(" HTTP requests answered, by route and status.\n");
        out.append("# TYPE ").append(REQUESTS).append(" counter\n");
        for (Map.Entry<String, RouteSeries> entry : sorted.entrySet()) {
            String route = escape(entry.getKey());
            AtomicLongArray byStatus = entry.getValue().byStatus;
            for (int status = 0; status < byStatus.length(); status++) {
                long count = byStatus.get(status);
                if (count != 0) {
                    out.append(REQUESTS).append("{route=\"").append(route).append("\",status=\"").append(status)
                            .append("\"} ").append(count).append('\n');
                }
            }
        }
    }

    private static void renderAbandoned(StringBuilder out, Map<String, RouteSeries> sorted) {
        out.append("# HELP ").append(ABANDONED)
                .append(" Requests no answer could be made for (no memory for the response), by route; their"
                        + " connections were closed.\n");
        out.append("# TYPE ").append(ABANDONED).append(" counter\n");
        for (Map.Entry<String, RouteSeries> entry : sorted.entrySet()) {
            long count = entry.getValue().abandoned.sum();
            if (count != 0) {
                out.append(ABANDONED).append("{route=\"").append(escape(entry.getKey())).append("\"} ").append(count)
                        .append('\n');
            }
        }
    }

    private static void renderHistograms(StringBuilder out, Map<String, RouteSeries> sorted) {
        out.append("# HELP ").append(DURATION)
                .append(" Time from a complete request to its response being written, by route.\n");
        out.append("# TYPE ").append(DURATION).append(" histogram\n");
        for (Map.Entry<String, RouteSeries> entry : sorted.entrySet()) {
            String route = escape(entry.getKey());
            RouteSeries series = entry.getValue();
            long cumulative = 0;
            for (int i = 0; i <= BUCKET_NANOS.length; i++) {
                cumulative += series.buckets[i].sum();
                String le = i < BUCKET_LABELS.length ? BUCKET_LABELS[i] : "+Inf";
                out.append(DURATION).append("_bucket{route=\"").append(route).append("\",le=\"").append(le)
                        .append("\"} ").append(cumulative).append('\n');
            }
            out.append(DURATION).append("_sum{route=\"").append(route).append("\"} ")
                    .append(BigDecimal.valueOf(series.sumNanos.sum(), 9).stripTrailingZeros().toPlainString())
                    .append('\n');
            out.append(DURATION).append("_count{route=\"").append(route).append("\"} ").append(cumulative)
                    .append('\n');
        }
    }

    private void renderGauges(StringBuilder out) {
        for (Gauge gauge : gauges) {
            long value;
            try {
                value = gauge.value.getAsLong();
            } catch (RuntimeException e) {
                // A broken gauge must not take the whole scrape down with it.
                LOG.warn("gauge {} failed; left out of this scrape", gauge.name, e);
                continue;
            }
            out.append("# HELP ").append(gauge.name).append(' ').append(escapeHelp(gauge.help)).append('\n');
            out.append("# TYPE ").append(gauge.name).append(' ').append(gauge.type).append('\n');
            out.append(gauge.name).append(' ').append(value).append('\n');
        }
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    private static String escapeHelp(String help) {
        return help.replace("\\", "\\\\").replace("\n", "\\n");
    }

    /** One route's counters. Lock-free: increments from any thread. */
    private static final class RouteSeries {
        /** Indexed by status code; statuses are 100..599 by construction of the responses. */
        final AtomicLongArray byStatus = new AtomicLongArray(600);
        /** Non-cumulative counts per bucket, the last one for "over 10 s"; summed up when rendering. */
        final LongAdder[] buckets = new LongAdder[BUCKET_NANOS.length + 1];
        final LongAdder sumNanos = new LongAdder();
        /** Requests abandoned (no answer made), apart from the statuses: nothing was sent for them. */
        final LongAdder abandoned = new LongAdder();

        RouteSeries() {
            for (int i = 0; i < buckets.length; i++) {
                buckets[i] = new LongAdder();
            }
        }

        void record(int status, long durationNanos) {
            if (status >= 0 && status < byStatus.length()) {
                byStatus.incrementAndGet(status);
            }
            long nanos = Math.max(0, durationNanos);
            int bucket = 0;
            while (bucket < BUCKET_NANOS.length && nanos > BUCKET_NANOS[bucket]) {
                bucket++;
            }
            buckets[bucket].increment();
            sumNanos.add(nanos);
        }
    }

    private record Gauge(String name, String help, LongSupplier value, String type) {
    }
}
