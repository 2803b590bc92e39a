package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import ordo.engine.CommandCodec;
import ordo.engine.PayloadWriter;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.pipeline.CommandSlot;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * The commands that carry a storefront's channels fit a command slot at their largest, with a key bound to the most
 * channels a key may have: a cancel of every line with the longest SKU ids and the longest reason in four-byte
 * characters, and an order query. Past the slot the core refuses a command with a 500.
 */
class CommandSizeTest
{
    @Test
    void theLargestCancelAndOrderReadOfAKeyWithTheMostChannelsFitACommandSlot()
    {
        final Set<String> channels = new LinkedHashSet<>();
        for (int i = 0; i < ApiKey.MAX_CHANNELS; i++)
        {
            channels.add(String.format("%02d", i) + "c".repeat(62));
        }
        final List<Requests.Line> lines = new ArrayList<>();
        for (int i = 0; i < CommandCodec.MAX_LINES; i++)
        {
            lines.add(new Requests.Line(String.format("%02d", i) + "s".repeat(62), OrderFormReader.MAX_QTY));
        }
        // Four bytes each in UTF-8: the longest reason a cancel takes.
        final String reason = "\uD83D\uDE00".repeat(OrderFormReader.MAX_TEXT_CHARS);

        final int cancel = encoded(w -> Requests.CancelOrder.encode(
            new Requests.CancelOrder(Long.MAX_VALUE, Long.MAX_VALUE, Long.MAX_VALUE, channels, null, reason, lines), w));
        // A store's key sends its stores too (rules version 16): with both lists at their largest, half the lines
        // fit; the route refuses a larger cancellation with a 400 naming lines (StoreCancelSizeTest).
        final int storeCancel = encoded(w -> Requests.CancelOrder.encode(new Requests.CancelOrder(Long.MAX_VALUE,
            Long.MAX_VALUE, Long.MAX_VALUE, channels, channels, reason, lines.subList(0, CommandCodec.MAX_LINES / 2)),
            w));
        assertThat(storeCancel).as("a store's cancel of 32 lines").isLessThanOrEqualTo(CommandSlot.REQUEST_CAPACITY);
        // A store's read: its channels, and the stores it hands pickups over at.
        final int read = encoded(w -> Requests.OrderRef.encode(new Requests.OrderRef(Long.MAX_VALUE, channels,
            channels), w));

        assertThat(cancel).as("the largest cancel").isLessThanOrEqualTo(CommandSlot.REQUEST_CAPACITY)
            .isGreaterThan(CommandSlot.REQUEST_CAPACITY / 2);
        assertThat(read).isLessThanOrEqualTo(CommandSlot.REQUEST_CAPACITY);
    }

    private static int encoded(final java.util.function.Consumer<PayloadWriter> encode)
    {
        final PayloadWriter w = new PayloadWriter().wrap(new ExpandableArrayBuffer(64), 0);
        encode.accept(w);
        return w.length();
    }
}
