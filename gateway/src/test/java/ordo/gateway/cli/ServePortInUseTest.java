package ordo.gateway.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.gateway.Main;
import ordo.gateway.testing.CapturedRun;
import ordo.gateway.testing.LeakLevelRestored;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A port in use is refused before the start touches the data directory: the server binds only after recovery, so
 * such a start replayed a large journal and wrote a snapshot (and into a fresh directory, a journal) before it said
 * so (found in QA).
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
@ExtendWith(LeakLevelRestored.class)
class ServePortInUseTest
{
    @TempDir
    Path tmp;

    @Test
    void aPortInUseIsRefusedBeforeTheDataDirectoryIsTouched() throws Exception
    {
        final Path data = tmp.resolve("data");
        try (ServerSocket taken = new ServerSocket(0, 50, InetAddress.getLoopbackAddress()))
        {
            final CapturedRun run = CapturedRun.of(Main::commandLine, "serve", "--data", data.toString(), "--bind",
                "127.0.0.1", "--port", Integer.toString(taken.getLocalPort()));

            assertThat(run.exitCode()).as(run.err()).isEqualTo(1);
            assertThat(run.err().trim()).startsWith("ordo: cannot listen on 127.0.0.1:" + taken.getLocalPort() +
                " (http.bind, http.port; --bind, --port): ").endsWith("; nothing was started")
                .doesNotContain("\tat ");
            assertThat(Files.exists(data)).as("nothing made in the data directory").isFalse();
        }
    }
}
