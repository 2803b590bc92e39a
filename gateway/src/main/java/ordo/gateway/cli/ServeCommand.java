package ordo.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.netty.util.ResourceLeakDetector;
import ordo.gateway.DemoNetwork;
import ordo.gateway.OrdoServer;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.config.ConfigException;
import ordo.gateway.config.OrdoConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ordo serve}: runs the server until SIGTERM/SIGINT, then shuts down cleanly (drain, final snapshot).
 */
@Command(name = "serve", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
    description = "Run the Ordo server.")
public final class ServeCommand implements Callable<Integer>
{
    @Option(names = "--config", description = "YAML configuration file (see docs/ordo.example.yaml).")
    Path config;

    @Option(names = "--port", description = "HTTP port (overrides http.port).")
    Integer port;

    @Option(names = "--data", description = "Data directory for the journal and snapshots (overrides data).")
    String data;

    @Option(names = "--bind", description = "Address to listen on (overrides http.bind; with --demo, a loopback one).")
    String bind;

    @Option(names = "--demo", description = "Bind to 127.0.0.1, load the demo network, add the demo keys.")
    boolean demo;

    /** How the server is started: {@link OrdoServer#start(OrdoConfig)}; a test's, to fail the start from inside. */
    Function<OrdoConfig, OrdoServer> starter = OrdoServer::start;

    @Override
    public Integer call()
    {
        final OrdoConfig cfg = effectiveConfig();
        checkCanListen(cfg.http().bind(), cfg.http().port());
        configureLeakDetection(System.getProperties());
        final OrdoServer server = starter.apply(cfg);
        final CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() ->
        {
            // The first line of a stop (QA: nothing said one had begun until the payment adapter stopped).
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class).info("stopping (a signal, or the JVM's exit): "
                + "draining the ring, then the shutdown snapshot unless the journal failed");
            server.close();
            stopped.countDown();
        }, "ordo-shutdown"));
        if (demo)
        {
            final boolean loaded = DemoNetwork.loadIfAbsent(server.core());
            printDemoBanner(server.port(), loaded, String.join(", ", server.paymentProviders().names()));
        }
        System.out.printf("ordo listening on %s:%d, data %s, durability %s%n", cfg.http().bind(), server.port(),
            cfg.dataDir().toAbsolutePath(), cfg.durability().configName());
        try
        {
            stopped.await();
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        return 0;
    }

    /**
     * The configuration file (or the defaults) with the command line's flags applied over it.
     *
     * @throws ConfigException when the file or a flag's value is refused (every IllegalArgumentException of loading
     *                         the file and applying the flags: all of it is checking what the user gave)
     */
    OrdoConfig effectiveConfig()
    {
        try
        {
            return configWithFlags();
        }
        catch (final IllegalArgumentException e)
        {
            throw new ConfigException(e.getMessage(), e);
        }
    }

    private OrdoConfig configWithFlags()
    {
        OrdoConfig cfg = OrdoConfig.load(config);
        if (port != null)
        {
            cfg = cfg.withPort(port);
        }
        if (data != null)
        {
            cfg = cfg.withData(data);
        }
        if (demo)
        {
            final List<ApiKey> keys = new ArrayList<>(cfg.apiKeys());
            for (final ApiKey key : DemoNetwork.KEYS)
            {
                if (keys.stream().noneMatch(k -> k.key().equals(key.key()) || k.name().equals(key.name())))
                {
                    keys.add(key);
                }
            }
            cfg = cfg.withBind("127.0.0.1").withApiKeys(keys);
        }
        // ordo.example.yaml promised this flag, which did not exist (found in QA).
        if (bind != null)
        {
            // The demo's keys are published in the README: never on an address others can reach (found in review).
            if (demo && !isLoopback(bind))
            {
                throw new CommandLine.ParameterException(new CommandLine(this), "--demo serves keys everyone knows: "
                    + "--bind must be a loopback address with it, not " + bind);
            }
            cfg = cfg.withBind(bind);
        }
        return cfg;
    }

    /**
     * Refuses a port in use or an address this host does not have before anything else: the server binds only once
     * its journal is recovered, so such a start replayed a large journal, wrote a snapshot and appended to a fresh
     * data directory before it said so, 17 s later (found in QA). A probe socket, closed at once (port 0: any).
     */
    static void checkCanListen(final String bind, final int port)
    {
        if (port == 0)
        {
            return;
        }
        final java.net.InetAddress address;
        try
        {
            address = java.net.InetAddress.getByName(bind);
        }
        catch (final java.net.UnknownHostException e)
        {
            throw new ConfigException("http.bind (or --bind) " + bind + " is no address of this host: " +
                e.getMessage(), e);
        }
        try (java.net.ServerSocket probe = new java.net.ServerSocket())
        {
            probe.setReuseAddress(true);
            probe.bind(new java.net.InetSocketAddress(address, port));
        }
        catch (final java.io.IOException e)
        {
            throw new ConfigException("cannot listen on " + bind + ":" + port + " (http.bind, http.port; --bind, " +
                "--port): " + e.getMessage() + "; nothing was started", e);
        }
    }

    private static boolean isLoopback(final String address)
    {
        try
        {
            return java.net.InetAddress.getByName(address).isLoopbackAddress();
        }
        catch (final java.net.UnknownHostException e)
        {
            return false;
        }
    }

    /**
     * A server runs without Netty's leak detector unless the JVM is given a level ({@code
     * -Dio.netty.leakDetection.level=simple}, or {@code paranoid} to hunt a leak). The detector's default samples
     * buffers and wraps them to record where they were touched: ~5 % of the flash sale's and the spread's answers/s
     * here (docs/BENCHMARKS.md, seventeenth round). The test suite keeps Netty's default, which is where a leak is
     * meant to be found: an {@code OrdoServer} started by anything but this command is left alone, and the tests that
     * run {@code ordo serve} as a child process name the level ({@code OrdoProcess}).
     */
    static void configureLeakDetection(final Properties jvmProperties)
    {
        if (jvmProperties.getProperty("io.netty.leakDetection.level") == null &&
            jvmProperties.getProperty("io.netty.leakDetectionLevel") == null)
        {
            ResourceLeakDetector.setLevel(ResourceLeakDetector.Level.DISABLED);
        }
    }

    private static void printDemoBanner(final int port, final boolean loaded, final String paymentProviders)
    {
        final String base = "http://127.0.0.1:" + port;
        System.out.println();
        System.out.println(loaded ? "Demo network loaded (5 channels, 7 locations, 21 SKUs)." :
            "Demo network already present.");
        System.out.println("Keys: demo-admin (admin), demo-web (storefront, channels web, app, shopee, lazada), " +
            "demo-store (store st-sg-orchard, channel pos), demo-auditor (auditor)");
        System.out.println("Payment providers: " + paymentProviders + " (Stripe when payments.stripe has a key)");
        System.out.println();
        System.out.println("Try:");
        System.out.println("  curl -s -H 'Authorization: Bearer demo-web' " + base + "/v1/inventory/" +
            DemoNetwork.FLASH_SKU);
        System.out.println("  curl -s -X POST -H 'Authorization: Bearer demo-web' -H 'Content-Type: application/json' \\");
        System.out.println("       -H 'Idempotency-Key: cart-42' " + base + "/v1/reservations \\");
        System.out.println("       -d '{\"channel\":\"web\",\"customerId\":\"c-42\",\"ttlSeconds\":600,\"lines\":[{\"sku\":\"" +
            DemoNetwork.FLASH_SKU + "\",\"qty\":1}]}'");
        System.out.println("  curl -s -X POST -H 'Authorization: Bearer demo-web' -H 'Content-Type: application/json' \\");
        System.out.println("       -H 'Idempotency-Key: checkout-42' " + base + "/v1/orders \\");
        System.out.println("       -d '" + DemoNetwork.DEMO_ORDER + "'");
        System.out.println("  curl -s -H 'Authorization: Bearer demo-auditor' " + base + "/v1/journal/state-hash");
        System.out.println();
    }
}
