package ordo.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;

import ordo.gateway.config.OrdoConfig;
import org.junit.jupiter.api.Test;
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
