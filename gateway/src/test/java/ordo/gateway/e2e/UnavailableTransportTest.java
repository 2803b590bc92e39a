package ordo.gateway.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ordo serve} with an {@code http.transport} the machine cannot run: a configuration error, told before the
 * server touches its data (no journal locked and replayed, no shutdown snapshot written for a server that never
 * served). A child JVM with native transports disabled stands for a kernel or container that forbids io_uring.
 */
@Timeout(90)
class UnavailableTransportTest {

    @Test
    void aTransportThatCannotRunHereStopsStartUpBeforeTheJournalIsTouched(@TempDir Path work) throws Exception {
        Path config = work.resolve("ordo.yaml");
        Files.writeString(config, "http: {port: 0, bind: 127.0.0.1, transport: io_uring}\n");
        Path data = work.resolve("data");
        Path out = work.resolve("serve.out");
        Path err = work.resolve("serve.err");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process child = new ProcessBuilder(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "@" + OrdoProcess.jvmOptions(),
                "-Dio.netty.transport.noNative=true",
                "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-cp", classPath,
                "ordo.gateway.Main", "serve", "--config", config.toString(), "--data", data.toString()))
                .directory(work.toFile())
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        try {
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).as("serve ended").isTrue();
            String stderr = Files.readString(err, StandardCharsets.UTF_8);

            assertThat(child.exitValue()).as(stderr).isNotZero();
            assertThat(stderr).contains("http.transport io_uring is not available on this machine");
            assertThat(data.resolve("journal")).as("the journal was never opened").doesNotExist();
            assertThat(data.resolve("snapshots")).as("no snapshot was written").doesNotExist();
        } finally {
            child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
