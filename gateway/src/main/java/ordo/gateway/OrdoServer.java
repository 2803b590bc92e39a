package ordo.gateway;

import java.nio.file.Path;

import ordo.gateway.api.ApiRoutes;
import ordo.gateway.auth.Authenticator;
import ordo.gateway.config.OrdoConfig;
import ordo.gateway.http.HttpDispatcher;
import ordo.gateway.http.HttpServer;
import ordo.gateway.http.Metrics;
import ordo.gateway.http.Router;
import ordo.gateway.pipeline.OrdoCore;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

/**
 * A running Ordo: the core (journal, engine, ring) and the HTTP gateway in front of it. Closing stops HTTP first,
 * then drains the ring and writes the shutdown snapshot.
 */
public final class OrdoServer implements AutoCloseable
{
    private final OrdoCore core;
    private final HttpServer http;
    private final int port;

    private OrdoServer(final OrdoConfig config, final EpochClock clock)
    {
        this.core = OrdoCore.start(coreSettings(config, clock));
        try
        {
            final Metrics metrics = new Metrics();
            metrics.registerGauge("ordo_ring_depth", "Commands waiting in the ring", core::ringDepth);
            metrics.registerGauge("ordo_ring_size", "Slots in the ring", core::ringSize);
            metrics.registerGauge("ordo_journal_lag", "Commands published but not yet journaled",
                () -> core.health().journalLag());
            metrics.registerGauge("ordo_journal_sequence", "Last journaled sequence", () -> core.health().journaledSeq());
            metrics.registerGauge("ordo_engine_sequence", "Last applied sequence", () -> core.health().appliedSeq());
            metrics.registerGauge("ordo_snapshot_sequence", "Sequence of the last snapshot written (-1: none yet)",
                core::lastSnapshotSeq);
            metrics.registerGauge("ordo_reservations_live", "Reservations currently held",
                () -> core.engine().liveReservations());
            metrics.registerGauge("ordo_ready", "1 when the journal is open and replay is done",
                () -> core.health().isReady() ? 1 : 0);
            final Router router = ApiRoutes.register(new Router(), core, metrics);
            this.http = new HttpServer(config.http(),
                new HttpDispatcher(router, new Authenticator(config.apiKeys()), metrics));
            this.port = http.start();
        }
        catch (final RuntimeException e)
        {
            core.close();
            throw e;
        }
    }

    public static OrdoServer start(final OrdoConfig config)
    {
        return new OrdoServer(config, SystemEpochClock.INSTANCE);
    }

    public static OrdoServer start(final OrdoConfig config, final EpochClock clock)
    {
        return new OrdoServer(config, clock);
    }

    static OrdoCore.Settings coreSettings(final OrdoConfig config, final EpochClock clock)
    {
        return new OrdoCore.Settings(Path.of(config.data()),
            config.durability(),
            config.waitStrategy().configName(), config.ringSize(), config.snapshot().everyCommands(),
            config.snapshot().everySeconds(), config.snapshot().keep(), clock);
    }

    public int port()
    {
        return port;
    }

    public OrdoCore core()
    {
        return core;
    }

    @Override
    public void close()
    {
        // Stop taking connections, let the core drain the ring (its replies still reach open connections), then
        // close the connections and event loops.
        try
        {
            http.stopAccepting();
            core.close();
        }
        finally
        {
            http.close();
        }
    }
}
