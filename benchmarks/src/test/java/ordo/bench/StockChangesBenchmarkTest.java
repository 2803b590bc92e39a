package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark measures what it says: a poll after the changes lists their SKUs, a poll after none lists none. */
class StockChangesBenchmarkTest
{
    @Test
    void aPollListsTheChangedSkusAndAPollAfterThemNone()
    {
        final StockChangesBenchmark benchmark = new StockChangesBenchmark();
        benchmark.skus = 1_000;
        benchmark.setUp();
        // channel (empty), count, nextSeq, nextSku (empty), more.
        final int empty = 1 + 2 + Long.BYTES + 1 + 1;
        assertThat(benchmark.pollNothingChanged()).isEqualTo(empty);
        // 200 changes of random SKUs: at least 150 of them distinct, each its id (11 bytes) and six figures.
        assertThat(benchmark.pollTwoHundredChanged()).isGreaterThan(empty + 150 * (11 + 6 * Long.BYTES));
        // A backlog of every SKU: a full page of 200, and more.
        final int page = empty + 200 * (1 + 10 + 6 * Long.BYTES) + 10;
        assertThat(benchmark.pollBacklog()).isEqualTo(page);
        final StockChangesBenchmark reverse = new StockChangesBenchmark();
        reverse.skus = 1_000;
        reverse.backlog = "reverse";
        reverse.setUp();
        assertThat(reverse.pollBacklog()).isEqualTo(page);
    }
}
