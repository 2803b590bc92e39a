package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The in-one-JVM comparison of builds, run on this build twice: each side places its batches and is rated. */
class PlacementABTest
{
    @Test
    void eachBuildIsLoadedOnItsOwnAndRatedAgainstTheFirst() throws Exception
    {
        final String build = System.getProperty("java.class.path");

        final PlacementAB.Result[] results = PlacementAB.compare(3, 2, build, build);

        assertThat(results).hasSize(2);
        assertThat(results[0].ratio()).as("the first against itself").isEqualTo(1.0);
        assertThat(results[0].lowerQuartile()).isEqualTo(1.0);
        for (final PlacementAB.Result r : results)
        {
            assertThat(r.build()).isEqualTo(build);
            assertThat(r.nodes()).as("NODES when a build names none").isEqualTo(2);
            assertThat(r.medianRate()).isPositive().isFinite();
            assertThat(r.ratio()).isPositive().isFinite();
            assertThat(r.lowerQuartile()).isLessThanOrEqualTo(r.ratio());
            assertThat(r.upperQuartile()).isGreaterThanOrEqualTo(r.ratio());
        }
    }

    @Test
    void aBuildMayPlaceOverNodesOfItsOwn() throws Exception
    {
        final String build = System.getProperty("java.class.path");

        final PlacementAB.Result[] results = PlacementAB.compare(2, 3, build + "#1", build + "#40");

        // What each side's engine holds, asked of it: the nodes after '#' reach the network (how much more 40 nodes
        // cost is a benchmark's figure, BENCHMARKS.md, not a test's: on a busy 2-core host one round can say anything).
        assertThat(results[0].build()).endsWith("#1");
        assertThat(results[0].nodes()).isEqualTo(1);
        assertThat(results[1].build()).endsWith("#40");
        assertThat(results[1].nodes()).isEqualTo(40);
        assertThat(results[1].medianRate()).isPositive().isFinite();
    }

    @Test
    void aBuildWithoutTheBenchmarkIsRefusedByName()
    {
        assertThatThrownBy(() -> PlacementAB.compare(1, 1, "/nonexistent/ordo.jar"))
            .isInstanceOf(ClassNotFoundException.class).hasMessageContaining("OrderPlacementBenchmark");
    }
}
