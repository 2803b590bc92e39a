package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: its SKUs are stocked at the two warehouses, a node switched off takes its
 * SKUs' stock out of the network and back when on again, and its snapshot restores the state it was taken of.
 */
class NetworkAdminBenchmarkTest
{
    @Test
    void itsCommandsChangeWhatTheySayAndItsSnapshotRestores()
    {
        final NetworkAdminBenchmark benchmark = new NetworkAdminBenchmark();
        benchmark.skus = 200;
        benchmark.locations = 300;
        benchmark.network();
        final long seq = benchmark.lastSeq();
        assertThat(benchmark.restore()).isEqualTo(seq);
        assertThat(benchmark.networkAtp("SKU-0")).as("at wh-b").isEqualTo(10);
        assertThat(benchmark.networkAtp("SKU-1")).as("at wh-a").isEqualTo(10);

        benchmark.editLocation();
        benchmark.defineChannel();
        benchmark.switchNodeOffAndOn();

        assertThat(benchmark.lastSeq()).isEqualTo(seq + 4);
        assertThat(benchmark.networkAtp("SKU-0")).as("wh-b on again").isEqualTo(10);
        assertThat(benchmark.networkAtp("SKU-1")).isEqualTo(10);
    }
}
