package ordo.bench.load;

import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

import ordo.gateway.OrdoServer;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;
import ordo.gateway.config.OrdoConfig;

/**
 * The fixture of the quick-mode correctness tests: a whole Ordo in this JVM on a loopback port (an admin key and a
 * storefront key of channel {@code web}), and the harness's own HTTP driver bound to it. Closing stops both.
 */
public final class LocalOrdo implements AutoCloseable
{
    private static final String ADMIN = "bench-admin-key";
    private static final String WEB = "bench-web-key";

    private final OrdoServer server;
    private final OrdoHttpDriver driver;

    private LocalOrdo(final OrdoServer server, final OrdoHttpDriver driver)
    {
        this.server = server;
        this.driver = driver;
    }

    /** Starts Ordo with its data under {@code dir} and a driver reporting as {@code name}. */
    public static LocalOrdo start(final Path dir, final String name)
    {
        final OrdoServer server = OrdoServer.start(OrdoConfig.defaults()
            .withPort(0)
            .withBind("127.0.0.1")
            .withData(dir.resolve("data").toString())
            .withApiKeys(List.of(ApiKey.of("admin", ADMIN, Role.ADMIN),
                new ApiKey("web", WEB, Role.STOREFRONT, Set.of("web"), Set.of(), null))));
        try
        {
            return new LocalOrdo(server, new OrdoHttpDriver(name, URI.create("http://127.0.0.1:" + server.port()),
                ADMIN, WEB, OrdoHttpDriver.DEFAULT_SKU_PREFIX));
        }
        catch (final RuntimeException e)
        {
            server.close();
            throw e;
        }
    }

    public OrdoHttpDriver driver()
    {
        return driver;
    }

    @Override
    public void close()
    {
        try
        {
            driver.close();
        }
        finally
        {
            server.close();
        }
    }
}
