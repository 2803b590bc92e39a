package ordo.bench.load;

import java.util.concurrent.CompletableFuture;

/**
 * One system under test, seen by the load generator: Ordo over HTTP, Redis + Lua, PostgreSQL. Every driver does the
 * same work for a reservation — check availability, take the stock and record the hold atomically — so one harness
 * (connections, durations, histograms, correctness checks) measures them all alike.
 *
 * <p>Threading: {@link #reserve} is called from the harness's connection threads; connection {@code conn} is only
 * ever used by one caller at a time (closed loop) or by the open-loop scheduler for that connection.
 */
public interface Driver extends AutoCloseable
{
    enum Outcome
    {
        /** The hold was granted. */
        RESERVED,
        /** A clean business refusal: not enough stock. */
        SOLD_OUT,
        /** Anything else: transport failure, unexpected status. Counted and reported; fails a correctness check. */
        ERROR
    }

    /** Short name for tables and plots, e.g. {@code ordo-process}, {@code redis-lua-aof-everysec}. */
    String name();

    /** Opens {@code connections} connections and loads the catalogue: {@code skus} SKUs with {@code unitsEach}. */
    void setUp(int connections, int skus, long unitsEach) throws Exception;

    /** Starts one reservation attempt of {@code qty} units of SKU number {@code sku} on connection {@code conn}. */
    CompletableFuture<Outcome> reserve(int conn, int sku, String customerId, int qty);

    /**
     * Runs {@code sends} — several calls of {@link #reserve} (or of a driver-specific request) due at the same time —
     * so that the driver can write them together: a driver with an event loop runs them there in one task and flushes
     * each connection once. May run them later on another thread, but runs every batch once and in the order given.
     * By default, at once on the caller's thread.
     */
    default void batch(final Runnable sends)
    {
        sends.run();
    }

    /**
     * Why this driver cannot keep more than one request in flight on a connection, or null when it can (the default).
     * A pipelined scenario reports such a system as not applicable instead of measuring requests queued client-side.
     */
    default String noPipelining()
    {
        return null;
    }

    /** Units of SKU number {@code sku} still available, read from the system itself (for the oversell check). */
    long available(int sku) throws Exception;

    /** Holds recorded by the system for SKU number {@code sku} (for the exactly-N check). */
    long holds(int sku) throws Exception;

    @Override
    void close() throws Exception;
}
