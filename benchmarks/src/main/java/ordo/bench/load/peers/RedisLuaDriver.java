package ordo.bench.load.peers;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import ordo.bench.load.ClientTransport;
import ordo.bench.load.Driver;
import ordo.bench.load.WriteBatch;

/**
 * Redis as a stock counter, with a Lua script doing what Ordo's reserve does: check the SKU's available units, refuse
 * if fewer than asked, else take them and record the hold — all inside one {@code EVALSHA}, which Redis runs
 * atomically (no other command interleaves). Persistence is the server's: {@code redis-lua-aof-off} (no AOF, no RDB)
 * or {@code redis-lua-aof-everysec} (AOF, fsync once a second: an acknowledged hold can be lost on power loss, like
 * Ordo's {@code process} durability). {@code benchmarks/scripts/peers/redis.sh} starts the server accordingly; this
 * class only names the run.
 *
 * <p>Keys: {@code stock:N} available units of SKU N, {@code holds:N} holds recorded for it, {@code reservation:ID} a
 * hash {customer, sku, qty, expiresAt} with ID from {@code INCR reservation:seq}. Nothing expires the holds: none of
 * the benchmark's holds reaches its TTL, and Redis would need a sweeper to give expired stock back.
 *
 * <p>Threading: one Netty event loop for all connections (the client's share of 2 cores, as for Ordo's HTTP client);
 * harness connection {@code conn} uses its own Redis connection, so the server sees the same number of connections.
 */
public final class RedisLuaDriver implements Driver
{
    /** Reserve: KEYS = stock, holds counter, id sequence; ARGV = qty, customer, sku, expiresAt (epoch ms). */
    static final String RESERVE_LUA = String.join("\n",
            "local available = tonumber(redis.call('GET', KEYS[1]) or '0')",
            "local qty = tonumber(ARGV[1])",
            "if available < qty then return 0 end",
            "redis.call('DECRBY', KEYS[1], qty)",
            "local id = redis.call('INCR', KEYS[3])",
            "redis.call('HSET', 'reservation:' .. id, 'customer', ARGV[2], 'sku', ARGV[3], 'qty', qty,"
                    + " 'expiresAt', ARGV[4])",
            "redis.call('INCR', KEYS[2])",
            "return id");

    /** The hold's time to live, as the harness asks of Ordo ({@code ttlSeconds: 3600}); shared by the peers. */
    static final long HOLD_TTL_MILLIS = TimeUnit.HOURS.toMillis(1);
    private static final int SET_UP_BATCH = 1_000;

    private final String name;
    private final String host;
    private final int port;
    private EventLoopGroup group;
    /** Owned by the single event loop of {@link #group}. */
    private final WriteBatch batch = new WriteBatch();
    private RespConnection admin;
    private RespConnection[] connections = new RespConnection[0];
    private String reserveSha;

    /** @param aof {@code off} or {@code everysec}: how the server at {@code host:port} was started */
    public RedisLuaDriver(String aof, String host, int port)
    {
        if (!aof.equals("off") && !aof.equals("everysec"))
        {
            throw new IllegalArgumentException("aof must be off or everysec, not " + aof);
        }
        this.name = "redis-lua-aof-" + aof;
        this.host = host;
        this.port = port;
    }

    @Override
    public String name()
    {
        return name;
    }

    @Override
    public void setUp(int connections, int skus, long unitsEach) throws Exception
    {
        closeConnections();
        if (group == null)
        {
            group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("redis-client"),
                    ClientTransport.get().ioHandlers());
        }
        admin = RespConnection.open(group, batch, host, port);
        admin.call("FLUSHDB");
        String units = Long.toString(unitsEach);
        for (int from = 0; from < skus; from += SET_UP_BATCH)
        {
            int to = Math.min(skus, from + SET_UP_BATCH);
            List<String> words = new ArrayList<>(1 + 2 * (to - from));
            words.add("MSET");
            for (int sku = from; sku < to; sku++)
            {
                words.add(stockKey(sku));
                words.add(units);
            }
            admin.call(words.toArray(String[]::new));
        }
        reserveSha = (String) admin.call("SCRIPT", "LOAD", RESERVE_LUA);
        this.connections = new RespConnection[connections];
        for (int i = 0; i < connections; i++)
        {
            this.connections[i] = RespConnection.open(group, batch, host, port);
        }
    }

    @Override
    public CompletableFuture<Outcome> reserve(int conn, int sku, String customerId, int qty)
    {
        String expiresAt = Long.toString(System.currentTimeMillis() + HOLD_TTL_MILLIS);
        return connections[conn]
                .send("EVALSHA", reserveSha, "3", stockKey(sku), holdsKey(sku), "reservation:seq",
                        Integer.toString(qty), customerId, Integer.toString(sku), expiresAt)
                .handle((reply, failure) ->
                {
                    if (failure != null || !(reply instanceof Long id))
                    {
                        return Outcome.ERROR;
                    }
                    return id > 0 ? Outcome.RESERVED : Outcome.SOLD_OUT;
                });
    }

    /** Writes the batch's commands in one task on the event loop, each connection flushed once. */
    @Override
    public void batch(Runnable sends)
    {
        group.next().execute(() -> batch.run(sends));
    }

    @Override
    public long available(int sku) throws Exception
    {
        return parseCount(admin.call("GET", stockKey(sku)));
    }

    @Override
    public long holds(int sku) throws Exception
    {
        return parseCount(admin.call("GET", holdsKey(sku)));
    }

    private static long parseCount(Object reply)
    {
        return reply == null ? 0 : Long.parseLong((String) reply);
    }

    private static String stockKey(int sku)
    {
        return "stock:" + sku;
    }

    private static String holdsKey(int sku)
    {
        return "holds:" + sku;
    }

    private void closeConnections()
    {
        for (RespConnection connection : connections)
        {
            connection.close();
        }
        connections = new RespConnection[0];
        if (admin != null)
        {
            admin.close();
            admin = null;
        }
    }

    @Override
    public void close()
    {
        closeConnections();
        if (group != null)
        {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
            group = null;
        }
    }
}
