package ordo.gateway.e2e;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code java -jar ordo.jar serve} without etc/jvm.options: the jar relaunches itself with the flags Chronicle Queue
 * needs. The server it starts keeps the JVM options it was started with, and ends when its launcher is killed
 * outright (found in review: the options were dropped, and a server whose launcher was killed kept the port and the
 * journal's lock).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BareJarRelaunchIT {

    @TempDir
    Path tmp;

    @BeforeEach
    void needsTheJar() {
        OrdoProcess.assumeJarMatchesClassesUnderTest();
    }

    @Test
    void theRelaunchedServerKeepsTheJvmOptionsAndEndsWithItsLauncher() throws Exception {
        try (OrdoProcess launcher = OrdoProcess.startBare(tmp,
                List.of("-Xmx200m", "-XX:TieredStopAtLevel=1", "-Dordo.it.mark=relaunched-with-me"),
                "serve", "--demo", "--port", "0", "--data", tmp.resolve("data").toString())) {
            Optional<ProcessHandle> server = Optional.empty();
            try {
                launcher.awaitListening(Duration.ofSeconds(60));
                server = launcher.process().descendants()
                        .filter(p -> p.info().arguments().map(a -> List.of(a).contains("-Dordo.relaunched=true"))
                                .orElse(false))
                        .findFirst();
                assertThat(server).as("the relaunched server among the launcher's children").isPresent();
                assertThat(server.get().info().arguments().orElseThrow())
                        .contains("-Xmx200m", "-Dordo.it.mark=relaunched-with-me");

                launcher.process().destroyForcibly();
                assertThat(launcher.process().waitFor(30, TimeUnit.SECONDS)).isTrue();
                assertThat(server.get().onExit().get(30, TimeUnit.SECONDS).isAlive())
                        .as("the server ended with its launcher").isFalse();
            } finally {
                // Once the launcher is gone its descendants are no longer found: a server that outlived it is ended
                // here, not left holding the port.
                server.ifPresent(ProcessHandle::destroyForcibly);
                System.out.println(launcher.describe());
            }
        }
    }
}
