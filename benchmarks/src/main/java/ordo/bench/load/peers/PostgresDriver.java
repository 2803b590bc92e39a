package ordo.bench.load.peers;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import ordo.bench.load.Driver;

/**
 * PostgreSQL with row locks, doing what Ordo's reserve does in one transaction: a conditional update of the stock row
 * ({@code … WHERE on_hand - reserved >= qty}: the row lock serialises buyers of one SKU, the condition refuses an
 * oversell) and, if it took the units, an insert of the reservation; then commit. {@code postgres-sync-on} waits for
 * the WAL flush at commit (survives power loss, like Ordo's {@code sync}); {@code postgres-sync-off} sets
 * {@code synchronous_commit = off} for its sessions (may lose the last ~600 ms of commits on a crash of the server,
 * never corrupts; closer to Ordo's {@code process}).
 *
 * <p>Threading: JDBC blocks, so each harness connection gets its own JDBC connection and its own thread; a
 * {@link #reserve} runs on that thread and completes the future there. One more connection (owned by the caller of
 * {@link #setUp}, {@link #available}, {@link #holds}) creates the schema and answers the checks.
 */
public final class PostgresDriver implements Driver
{
    static final String SCHEMA = String.join("\n",
            "DROP TABLE IF EXISTS reservation;",
            "DROP TABLE IF EXISTS stock;",
            "CREATE TABLE stock (sku int PRIMARY KEY, on_hand bigint NOT NULL, reserved bigint NOT NULL);",
            "CREATE TABLE reservation (id bigserial PRIMARY KEY, sku int NOT NULL, customer text NOT NULL,",
            "  qty int NOT NULL, expires_at timestamptz NOT NULL);");
    static final String TAKE_STOCK = "UPDATE stock SET reserved = reserved + ? WHERE sku = ? AND on_hand - reserved >= ?";
    static final String NO_PIPELINING = "JDBC has no pipelining of transactions";
    static final String RECORD_HOLD = "INSERT INTO reservation (sku, customer, qty, expires_at) VALUES (?, ?, ?, ?)";

    private final String name;
    private final boolean synchronousCommit;
    private final String url;
    private final String user;
    private final String password;
    private Connection admin;
    private Session[] sessions = new Session[0];
    /** Holds per SKU counted in one scan, valid until the next reserve; owned by the checking thread. */
    private Map<Integer, Long> holdsBySku;
    private volatile long reservesStarted;
    private long holdsCountedAt = -1;

    /** @param synchronousCommit {@code synchronous_commit} for every benchmark session */
    public PostgresDriver(boolean synchronousCommit, String host, int port, String database, String user,
            String password)
    {
        this.name = synchronousCommit ? "postgres-sync-on" : "postgres-sync-off";
        this.synchronousCommit = synchronousCommit;
        this.url = "jdbc:postgresql://" + host + ":" + port + "/" + database;
        this.user = user;
        this.password = password;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void setUp(int connections, int skus, long unitsEach) throws Exception
    {
        closeSessions();
        admin = connect();
        admin.setAutoCommit(true);
        try (Statement statement = admin.createStatement())
        {
            statement.execute(SCHEMA);
        }
        try (PreparedStatement load = admin.prepareStatement(
                "INSERT INTO stock (sku, on_hand, reserved) SELECT g, ?, 0 FROM generate_series(0, ? - 1) g"))
        {
            load.setLong(1, unitsEach);
            load.setInt(2, skus);
            load.executeUpdate();
        }
        try (Statement statement = admin.createStatement())
        {
            statement.execute("VACUUM ANALYZE stock");
            // Start every run from a clean WAL position: the previous run's checkpoint must not land inside this one.
            statement.execute("CHECKPOINT");
        }
        sessions = new Session[connections];
        for (int i = 0; i < connections; i++)
        {
            sessions[i] = new Session(i, connect());
        }
        holdsBySku = null;
    }

    private Connection connect() throws SQLException
    {
        Connection connection = DriverManager.getConnection(url, user, password);
        try (Statement statement = connection.createStatement())
        {
            statement.execute("SET synchronous_commit TO " + (synchronousCommit ? "on" : "off"));
        }
        return connection;
    }

    @Override
    public CompletableFuture<Outcome> reserve(int conn, int sku, String customerId, int qty)
    {
        reservesStarted++; // racy increments are fine: any change invalidates the holds count
        Session session = sessions[conn];
        return CompletableFuture.supplyAsync(() -> session.reserve(sku, customerId, qty), session.thread);
    }

    /** A session runs one transaction at a time: JDBC has no way to send the next before the last one's answer. */
    @Override
    public String noPipelining()
    {
        return NO_PIPELINING;
    }

    @Override
    public long available(int sku) throws Exception
    {
        try (PreparedStatement query = admin.prepareStatement("SELECT on_hand - reserved FROM stock WHERE sku = ?"))
        {
            query.setInt(1, sku);
            try (ResultSet row = query.executeQuery())
            {
                return row.next() ? row.getLong(1) : 0;
            }
        }
    }

    /** The first check after a run counts every SKU's holds in one scan (the table has no index on sku). */
    @Override
    public long holds(int sku) throws Exception
    {
        long started = reservesStarted;
        if (holdsBySku == null || holdsCountedAt != started)
        {
            Map<Integer, Long> counts = new HashMap<>();
            try (Statement statement = admin.createStatement();
                 ResultSet rows = statement.executeQuery("SELECT sku, count(*) FROM reservation GROUP BY sku"))
            {
                while (rows.next())
                {
                    counts.put(rows.getInt(1), rows.getLong(2));
                }
            }
            holdsBySku = counts;
            holdsCountedAt = started;
        }
        return holdsBySku.getOrDefault(sku, 0L);
    }

    private void closeSessions() throws SQLException
    {
        for (Session session : sessions)
        {
            session.close();
        }
        sessions = new Session[0];
        if (admin != null)
        {
            admin.close();
            admin = null;
        }
    }

    @Override
    public void close() throws SQLException
    {
        closeSessions();
    }

    /** One JDBC connection, its prepared statements and the one thread that uses them. */
    private static final class Session
    {
        final Connection connection;
        final PreparedStatement takeStock;
        final PreparedStatement recordHold;
        final ExecutorService thread;

        Session(int index, Connection connection) throws SQLException
        {
            this.connection = connection;
            connection.setAutoCommit(false);
            this.takeStock = connection.prepareStatement(TAKE_STOCK);
            this.recordHold = connection.prepareStatement(RECORD_HOLD);
            this.thread = Executors.newSingleThreadExecutor(r ->
            {
                Thread t = new Thread(r, "pg-conn-" + index);
                t.setDaemon(true);
                return t;
            });
        }

        /** On this session's thread only. */
        Outcome reserve(int sku, String customerId, int qty)
        {
            try
            {
                takeStock.setLong(1, qty);
                takeStock.setInt(2, sku);
                takeStock.setLong(3, qty);
                if (takeStock.executeUpdate() != 1)
                {
                    connection.rollback();
                    return Outcome.SOLD_OUT;
                }
                recordHold.setInt(1, sku);
                recordHold.setString(2, customerId);
                recordHold.setInt(3, qty);
                recordHold.setTimestamp(4, new Timestamp(System.currentTimeMillis() + RedisLuaDriver.HOLD_TTL_MILLIS));
                recordHold.executeUpdate();
                connection.commit();
                return Outcome.RESERVED;
            }
            catch (SQLException e)
            {
                try
                {
                    connection.rollback();
                }
                catch (SQLException ignored)
                {
                    // the connection is broken; the next reserve on it fails too and is counted as an error
                }
                return Outcome.ERROR;
            }
        }

        void close() throws SQLException
        {
            thread.shutdown();
            try
            {
                thread.awaitTermination(5, TimeUnit.SECONDS);
            }
            catch (InterruptedException e)
            {
                Thread.currentThread().interrupt();
            }
            connection.close();
        }
    }
}
