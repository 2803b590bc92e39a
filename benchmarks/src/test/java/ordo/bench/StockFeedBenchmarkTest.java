package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: the view and a whole page of the feed answer, and asking about a channel
 * adds its figures (per node in the view, per SKU in the feed).
 */
class StockFeedBenchmarkTest
{
    @Test
    void aChannelAddsItsFiguresToTheViewAndToAFullPage()
    {
        final int[] view = new int[3];
        final int[] feed = new int[3];
        final int[] changes = new int[3];
        final String[] channels = {"none", "web", "pooled"};
        for (int c = 0; c < channels.length; c++)
        {
            final StockFeedBenchmark benchmark = new StockFeedBenchmark();
            benchmark.channel = channels[c];
            benchmark.setUp();
            view[c] = benchmark.inventoryView();
            feed[c] = benchmark.stockFeedPage();
            changes[c] = benchmark.changesPage();
        }
        assertThat(view[1]).as("50 nodes' figures and the network's").isGreaterThan(view[0] + 50 * 3 * Long.BYTES);
        assertThat(view[2]).isEqualTo(view[1] + "pooled".length() - "web".length());
        assertThat(feed[0]).as("a full page of 200").isGreaterThan(StockFeedBenchmark.PAGE * 6 * Long.BYTES);
        assertThat(feed[1] - feed[0]).as("each SKU's channel figures and the channel id")
            .isEqualTo(StockFeedBenchmark.PAGE * (2 + 2 * Long.BYTES) + "web".length());
        for (int c = 0; c < channels.length; c++)
        {
            // The same 200 SKUs as the feed's page; where the next poll goes on from (seq, SKU id, more) in place of
            // the feed's cursor (the SKU id).
            assertThat(changes[c]).as(channels[c]).isEqualTo(feed[c] + Long.BYTES + 1);
        }
    }
}
