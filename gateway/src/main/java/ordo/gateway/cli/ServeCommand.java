package ordo.gateway.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Callable;
import java.util.function.Function;

import io.netty.util.ResourceLeakDetector;
import ordo.gateway.DemoNetwork;
import ordo.gateway.KeyBindings;
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

    /** With --demo, the demo keys in force and those the configuration replaced (set by {@link #effectiveConfig}). */
    DemoKeys demoKeys = new DemoKeys(List.of(), List.of());

    /** What a demo key is for, as the banner says it (DemoNetwork's channel sets have no order). */
    private static final Map<String, String> DEMO_KEY_ROLES = Map.of(
        "demo-admin", "admin",
        "demo-web", "storefront, channels web, app, shopee, lazada",
        "demo-store", "store st-sg-orchard, channel pos",
        "demo-auditor", "auditor");

    /**
     * The demo's keys beside the configuration's. A configured key with a demo key's name or secret replaces that
     * demo key (on purpose: an operator may keep a name or rotate a secret), but the banner still listed it and
     * nothing was logged, so demo-web looked usable while another key answered to it (found in QA).
     *
     * @param inForce  the demo keys added, in {@link DemoNetwork#KEYS}' order
     * @param replaced one line per demo key left out, naming it and the configured key that took its place (by
     *                 name: never a configured secret)
     */
    record DemoKeys(List<ApiKey> inForce, List<String> replaced)
    {
        static DemoKeys beside(final List<ApiKey> configured)
        {
            final List<ApiKey> inForce = new ArrayList<>();
            final List<String> replaced = new ArrayList<>();
            for (final ApiKey demoKey : DemoNetwork.KEYS)
            {
                String why = null;
                for (final ApiKey key : configured)
                {
                    if (key.name().equals(demoKey.name()))
                    {
                        why = "the configuration has a key of that name (" + key.role().configName() + ")";
                        break;
                    }
                    if (key.key().equals(demoKey.key()))
                    {
                        why = "the configuration's key '" + key.name() + "' (" + key.role().configName() +
                            ") has its secret";
                        break;
                    }
                }
                if (why == null)
                {
                    inForce.add(demoKey);
                }
                else
                {
                    replaced.add(demoKey.name() + ": " + why);
                }
            }
            return new DemoKeys(List.copyOf(inForce), List.copyOf(replaced));
        }

        boolean has(final String name)
        {
            return inForce.stream().anyMatch(k -> k.name().equals(name));
        }
    }

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
            System.out.print(demoBanner(server.port(), loaded, String.join(", ", server.paymentProviders().names()),
                demoKeys));
        }
        for (final String unbound : KeyBindings.undefinedLocations(server.core(), cfg.apiKeys()))
        {
            org.slf4j.LoggerFactory.getLogger(ServeCommand.class).warn(unbound);
        }
        System.out.printf("ordo listening on %s:%d, data %s, durability %s%n", cfg.http().bind(), server.port(),
            cfg.dataDir().toAbsolutePath().normalize(), cfg.durability().configName());
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
            demoKeys = DemoKeys.beside(cfg.apiKeys());
            for (final String replaced : demoKeys.replaced())
            {
                org.slf4j.LoggerFactory.getLogger(ServeCommand.class).warn("--demo: demo key {}, so that key is in " +
                    "force instead and the demo key is not added", replaced);
            }
            final List<ApiKey> keys = new ArrayList<>(cfg.apiKeys());
            keys.addAll(demoKeys.inForce());
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

    /** What --demo prints once the server is up: the keys in force, those the configuration replaced, a few tries. */
    static String demoBanner(final int port, final boolean loaded, final String paymentProviders,
        final DemoKeys keys)
    {
        final String base = "http://127.0.0.1:" + port;
        final StringBuilder banner = new StringBuilder(1024).append(System.lineSeparator());
        final java.util.function.Consumer<String> line = text -> banner.append(text).append(System.lineSeparator());
        line.accept(loaded ? "Demo network loaded (5 channels, 7 locations, 21 SKUs)." :
            "Demo network already present.");
        final List<String> inForce = new ArrayList<>();
        for (final ApiKey key : keys.inForce())
        {
            inForce.add(key.name() + " (" + DEMO_KEY_ROLES.get(key.name()) + ")");
        }
        line.accept("Keys: " + (inForce.isEmpty() ? "none of the demo's" : String.join(", ", inForce)));
        if (!keys.replaced().isEmpty())
        {
            line.accept("Replaced by the configuration (see its apiKeys): " + String.join("; ", keys.replaced()));
        }
        line.accept("Payment providers: " + paymentProviders + " (Stripe when payments.stripe has a key)");
        final boolean web = keys.has("demo-web");
        final boolean auditor = keys.has("demo-auditor");
        if (web || auditor)
        {
            line.accept("");
            line.accept("Try:");
        }
        if (web)
        {
            line.accept("  curl -s -H 'Authorization: Bearer demo-web' " + base + "/v1/inventory/" +
                DemoNetwork.FLASH_SKU);
            line.accept("  curl -s -X POST -H 'Authorization: Bearer demo-web' -H 'Content-Type: application/json' \\");
            line.accept("       -H 'Idempotency-Key: cart-42' " + base + "/v1/reservations \\");
            line.accept("       -d '{\"channel\":\"web\",\"customerId\":\"c-42\",\"ttlSeconds\":600,\"lines\":[{\"sku\":\"" +
                DemoNetwork.FLASH_SKU + "\",\"qty\":1}]}'");
            line.accept("  curl -s -X POST -H 'Authorization: Bearer demo-web' -H 'Content-Type: application/json' \\");
            line.accept("       -H 'Idempotency-Key: checkout-42' " + base + "/v1/orders \\");
            line.accept("       -d '" + DemoNetwork.DEMO_ORDER + "'");
        }
        if (auditor)
        {
            line.accept("  curl -s -H 'Authorization: Bearer demo-auditor' " + base + "/v1/journal/state-hash");
        }
        line.accept("");
        return banner.toString();
    }
}
