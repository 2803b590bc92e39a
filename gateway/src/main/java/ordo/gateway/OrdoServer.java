package ordo.gateway;

import java.nio.file.Path;

import ordo.gateway.api.ApiRoutes;
import ordo.gateway.auth.Authenticator;
import ordo.engine.EventSink;
import ordo.gateway.config.ConfigException;
import ordo.gateway.config.OrdoConfig;
import ordo.gateway.http.HttpDispatcher;
import ordo.gateway.http.HttpServer;
import ordo.gateway.http.Metrics;
import ordo.gateway.http.Router;
import ordo.gateway.payments.PaymentAdapter;
import ordo.gateway.payments.PaymentProviders;
import ordo.gateway.pipeline.CoreClient;
import ordo.gateway.pipeline.OrdoCore;
import org.agrona.concurrent.EpochClock;
import org.agrona.concurrent.SystemEpochClock;

/**
 * A running Ordo: the payment providers, the core (journal, engine, ring), the HTTP gateway in front of it and the
 * payment adapter beside it. The adapter hears of new payment actions from the engine (its event sink) and starts
 * once recovery is done, so its first scan finds what a crash left outstanding. Closing stops HTTP from taking
 * connections, stops the adapter (its calls in flight stay outstanding), then drains the ring and writes the
 * shutdown snapshot.
 */
public final class OrdoServer implements AutoCloseable
{
    private final PaymentProviders providers;
    private final PaymentAdapter payments;
    private final OrdoCore core;
    private final HttpServer http;
    private final int port;

    private OrdoServer(final OrdoConfig config, final EpochClock clock)
    {
        // Before the core: a transport that cannot run here is a configuration error, to be told before the journal
        // is locked and replayed (minutes on a long one) and a shutdown snapshot is written for nothing.
        try
        {
            HttpServer.checkTransport(config.http());
        }
        catch (final IllegalStateException e)
        {
            throw new ConfigException(e.getMessage(), e);
        }
        this.providers = PaymentProviders.fromConfig(config.payments());
        this.payments = config.payments().adapter().enabled() ?
            new PaymentAdapter(providers, config.payments().adapter()) : null;
        try
        {
            this.core = OrdoCore.start(coreSettings(config, clock), payments == null ? EventSink.NONE : payments);
        }
        catch (final RuntimeException e)
        {
            providers.close();
            throw e;
        }
        try
        {
            final Metrics metrics = new Metrics();
            metrics.registerGauge("ordo_ring_depth", "Commands waiting in the ring", core::ringDepth);
            metrics.registerGauge("ordo_ring_size", "Slots in the ring", core::ringSize);
            metrics.registerGauge("ordo_journal_lag", "Slots claimed in the ring (commands, queries and ticks) not yet past the journal stage"
                + " (with stages: fused, not yet answered)",
                () -> core.health().journalLag());
            metrics.registerGauge("ordo_journal_sequence", "Last journaled sequence", () -> core.health().journaledSeq());
            metrics.registerGauge("ordo_engine_sequence", "Last applied sequence", () -> core.health().appliedSeq());
            metrics.registerGauge("ordo_snapshot_sequence", "Sequence of the newest snapshot: the last this process"
                + " wrote, or the one its start restored (-1: none)", core::newestSnapshotSeq);
            metrics.registerGauge("ordo_clock_behind_millis", "How far the clock is behind engine time (0: not):"
                + " engine time never goes back, so holds do not expire until the clock catches up", core::clockBehindMillis);
            metrics.registerGauge("ordo_snapshot_too_large_sequence", "Sequence at which the last snapshot was refused as"
                + " larger than memory has room for (-1: never): a restart replays the journal from the last one"
                + " written",
                () -> core.health().snapshotTooLargeAtSeq());
            metrics.registerGauge("ordo_reservations_live", "Reservations currently held",
                () -> core.engine().liveReservations());
            metrics.registerGauge("ordo_engine_offheap_bytes",
                "Direct memory the engine holds for the records its orders keep off the heap: sourcing decisions, timelines,"
                    + " lines, allocations (the shadow snapshotter's engine holds as much again)",
                () -> core.engine().offHeapBytes());
            metrics.registerGauge("ordo_ready", "1 when the journal is open and replay is done",
                () -> core.health().isReady() ? 1 : 0);
            final java.nio.file.Path dataDir = config.dataDir();
            metrics.registerGauge("ordo_data_dir_usable_bytes", "Bytes the data directory's filesystem has for Ordo"
                + " (-1: cannot tell): the journal refuses a batch it has no room for (docs/OPERATIONS.md, A full"
                + " disk); alert well above a snapshot's size", () -> usableBytes(dataDir));
            if (payments != null)
            {
                metrics.registerGauge("ordo_payment_actions_in_flight", "Payment actions queued or at a provider",
                    payments::inFlight);
            }
            final Router router = ApiRoutes.register(new Router(), core, metrics, providers,
                config.http().soldOutAtGateway());
            // An event loop reads many requests per turn: it wakes the pipeline's parked stage once, at the turn's end.
            this.http = new HttpServer(config.http(),
                new HttpDispatcher(router, new Authenticator(config.apiKeys()), metrics),
                loop -> core.deferWakesOnThisThread(loop::executeAfterEventLoopIteration));
            this.port = http.start();
        }
        catch (final RuntimeException e)
        {
            core.close();
            providers.close();
            throw e;
        }
        if (payments != null)
        {
            payments.start(new CoreClient(core));
        }
    }

    /** The usable space of {@code dir}'s filesystem (a statvfs per scrape), or -1 when it cannot be read. */
    static long usableBytes(final java.nio.file.Path dir)
    {
        try
        {
            return java.nio.file.Files.getFileStore(dir).getUsableSpace();
        }
        catch (final java.io.IOException | RuntimeException e)
        {
            return -1;
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
            config.waitStrategy().configName(), config.stages(),
            config.ringSize(), config.snapshot().everyCommands(),
            config.snapshot().everySeconds(), config.snapshot().keep(), config.snapshot().mode(),
            config.preallocateHolds(), config.preallocateOrders(), clock);
    }

    public int port()
    {
        return port;
    }

    public OrdoCore core()
    {
        return core;
    }

    /** The payment providers in use: offline always, Stripe when configured. */
    public PaymentProviders paymentProviders()
    {
        return providers;
    }

    @Override
    public void close()
    {
        // Stop taking connections, let the core drain the ring (its replies still reach open connections), then
        // close the connections and event loops.
        try
        {
            http.stopAccepting();
            if (payments != null)
            {
                payments.close();
            }
            core.close();
        }
        finally
        {
            http.close();
            providers.close();
        }
    }
}
