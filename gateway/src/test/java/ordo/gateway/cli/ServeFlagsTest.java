package ordo.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import ordo.gateway.auth.ApiKey;
import ordo.gateway.config.OrdoConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code ordo serve}'s flags override the configuration, as docs/ordo.example.yaml says they do. */
class ServeFlagsTest
{
    private static OrdoConfig parsed(final String... args)
    {
        final ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs(args);
        return command.effectiveConfig();
    }

    @Test
    void portBindAndDataOverrideTheDefaults()
    {
        final OrdoConfig config = parsed("--port", "9123", "--bind", "10.1.2.3", "--data", "/srv/ordo");

        assertThat(config.http().port()).isEqualTo(9123);
        assertThat(config.http().bind()).isEqualTo("10.1.2.3");
        assertThat(config.dataDir()).isEqualTo(Path.of("/srv/ordo"));
    }

    /**
     * A configured key with a demo key's name or secret replaces that demo key, as intended, and now says so: a WARN
     * naming the demo key and why, and a banner that lists only the demo keys in force (it listed demo-web, which a
     * configured key had replaced, with nothing logged: found in QA).
     */
    @Test
    void aConfiguredKeyThatReplacesADemoKeyIsLoggedAndTheBannerListsOnlyTheKeysInForce(@TempDir final Path tmp)
        throws IOException
    {
        final Path file = Files.writeString(tmp.resolve("ordo.yaml"), """
            apiKeys:
              - name: demo-web
                key: "own-web-secret-5d1c"
                role: storefront
                channels: [web]
              - name: ops
                key: demo-auditor
                role: admin
            """);
        final ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--demo", "--config", file.toString());
        final ByteArrayOutputStream err = new ByteArrayOutputStream();
        final PrintStream originalErr = System.err;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        final OrdoConfig config;
        try
        {
            config = command.effectiveConfig();
        }
        finally
        {
            System.setErr(originalErr);
        }
        final String log = err.toString(StandardCharsets.UTF_8);

        assertThat(config.apiKeys()).extracting(ApiKey::name).as("the override is kept")
            .containsExactly("demo-web", "ops", "demo-admin", "demo-store");
        assertThat(log.lines().filter(l -> l.contains("[WARN] ServeCommand - "))
            .map(l -> l.substring(l.indexOf(" - ") + 3))).as(log).containsExactly(
            "--demo: demo key demo-web: the configuration has a key of that name (storefront), so that key is in " +
                "force instead and the demo key is not added",
            "--demo: demo key demo-auditor: the configuration's key 'ops' (admin) has its secret, so that key is in " +
                "force instead and the demo key is not added");

        final String banner = ServeCommand.demoBanner(8080, true, "offline", command.demoKeys);
        assertThat(banner).contains(
            "Keys: demo-admin (admin), demo-store (store st-sg-orchard, channel pos)" + System.lineSeparator(),
            "Replaced by the configuration (see its apiKeys): demo-web: the configuration has a key of that name " +
                "(storefront); demo-auditor: the configuration's key 'ops' (admin) has its secret");
        assertThat(banner).as("no example with a key that is not the demo's")
            .doesNotContain("Bearer demo-web", "Bearer demo-auditor", "Try:").doesNotContain("own-web-secret");
    }

    @Test
    void withoutAConfigurationTheBannerListsEveryDemoKey()
    {
        final ServeCommand command = new ServeCommand();
        new CommandLine(command).parseArgs("--demo");
        assertThat(command.effectiveConfig().apiKeys()).extracting(ApiKey::name)
            .containsExactly("demo-admin", "demo-web", "demo-store", "demo-auditor");

        final String banner = ServeCommand.demoBanner(8080, false, "offline", command.demoKeys);
        assertThat(banner).contains("Keys: demo-admin (admin), demo-web (storefront, channels web, app, shopee, " +
            "lazada), demo-store (store st-sg-orchard, channel pos), demo-auditor (auditor)", "Bearer demo-web",
            "Bearer demo-auditor").doesNotContain("Replaced");
    }

    @Test
    void theDemoBindsToLoopbackAndOnlyToLoopback()
    {
        assertThat(parsed("--demo").http().bind()).isEqualTo("127.0.0.1");
        assertThat(parsed("--demo", "--bind", "::1").http().bind()).isEqualTo("::1");
        assertThat(parsed().http().bind()).as("the default").isEqualTo(OrdoConfig.defaults().http().bind());
        for (final String open : new String[] {"0.0.0.0", "192.168.0.10"})
        {
            assertThatThrownBy(() -> parsed("--demo", "--bind", open)).as(open)
                .isInstanceOf(CommandLine.ParameterException.class)
                .hasMessageContaining("loopback");
        }
    }
}
