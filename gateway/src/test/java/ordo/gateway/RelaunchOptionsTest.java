package ordo.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * What a bare {@code java -jar ordo.jar} passes on to the server it relaunches: the heap and properties asked for, not
 * what the environment gives both JVMs anyway, nor a second holder of an agent, a port or a file.
 */
class RelaunchOptionsTest
{
    @Test
    void heapCollectorAndPropertiesArePassedOnPortsFilesAgentsAndTheEnvironmentsOptionsAreNot()
    {
        final List<String> input = List.of("-Xmx8g", "-XX:+UseG1GC", "-Dio.netty.leakDetection.level=simple",
            "-agentlib:jdwp=transport=dt_socket,server=y,address=5005", "-javaagent:/opt/otel.jar",
            "-Dcom.sun.management.jmxremote.port=9010", "-XX:StartFlightRecording=filename=x.jfr",
            "-Xlog:gc:file=gc.log", "-Xlog:gc", "-Xss2m", "-Dfrom.env=1");

        assertThat(Main.optionsToPassOn(input, " -Dfrom.env=1 ", null))
            .containsExactly("-Xmx8g", "-XX:+UseG1GC", "-Dio.netty.leakDetection.level=simple", "-Xlog:gc", "-Xss2m");
        assertThat(Main.optionsToPassOn(List.of("-Xmx1g", "-Xss1m"), null, "-Xss1m")).containsExactly("-Xmx1g");
        assertThat(Main.optionsToPassOn(List.of("-Xlog:gc:gc.log", "-Xlog:gc:stdout", "-Xlog:gc*:stderr:time",
            "-Xlog:gc:file=x.log:time", "-Xlog:disable"), null, null))
            .containsExactly("-Xlog:gc:stdout", "-Xlog:gc*:stderr:time", "-Xlog:disable");
    }
}
