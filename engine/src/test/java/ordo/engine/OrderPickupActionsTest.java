package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.function.Consumer;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/**
 * Rules version 16 (QA-220): a CANCEL_ORDER or a MARK_PAID lists, after the caller's channels, the stores whose
 * click-and-collect orders it may act on whatever their channel (a store's counter: a pickup not collected, one paid
 * at the counter). An order of none of the channels and picked up at none of the stores is not found, and nothing
 * changes; a replay under the same idempotency key checks the lists it is sent with now.
 */
class OrderPickupActionsTest
{
    private static final long KEY = 0x5eed;
    private static final long FINGERPRINT = 0xf1;

    private final EngineDriver driver = new EngineDriver();
    private final long pickup;
    private final long shipped;

    OrderPickupActionsTest()
    {
        SgNetwork.define(driver);
        stock(driver, "A", "store-orchard", 5);
        stock(driver, "A", "wh-sg", 5);
        pickup = driver.ordering().channel("web").pickupAt("store-orchard").line("A", 2).submit().orderId();
        shipped = driver.ordering().channel("web").customer("c-2").line("A", 1).submit().orderId();
    }

    private Result cancel(final long key, final long order, final List<String> channels, final List<String> stores,
        final int units)
    {
        return apply(CommandType.CANCEL_ORDER, w ->
        {
            CommandCodec.cancelOrderHeader(w, key, FINGERPRINT, order, channels, stores, "not collected",
                units == 0 ? 0 : 1);
            if (units > 0)
            {
                CommandCodec.cancelLine(w, "A", units);
            }
        });
    }

    private Result markPaid(final long order, final List<String> channels, final List<String> stores)
    {
        return apply(CommandType.MARK_PAID, w -> CommandCodec.markPaid(w, 0, 0, order, channels, stores, "cash"));
    }

    private Result apply(final CommandType type, final Consumer<PayloadWriter> encoder)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        encoder.accept(w);
        final byte[] payload = new byte[w.length()];
        buffer.getBytes(0, payload);
        final Result result = driver.applyPayload(type, payload);
        assertThat(driver.checkInvariants()).isNull();
        return result;
    }

    @Test
    void aStoreActsOnThePickupsAtItsStoresAndNoOtherOrderOfAnotherChannel()
    {
        final long before = driver.stateHash();
        assertThat(cancel(0, pickup, List.of("pos"), List.of("store-tampines"), 0).code())
            .isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(cancel(0, shipped, List.of("pos"), List.of("store-orchard"), 0).code())
            .as("a shipment is no store's pickup").isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(markPaid(pickup, List.of("pos"), List.of("store-tampines")).code())
            .isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(markPaid(shipped, List.of("pos"), List.of("store-orchard")).code())
            .isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.stateHash()).isEqualTo(before);

        assertThat(markPaid(pickup, List.of("pos"), List.of("store-tampines", "store-orchard")).code())
            .isEqualTo(ResultCode.OK);
        assertThat(driver.order(pickup).payment().capturedMinor()).isEqualTo(2_000);
        assertThat(cancel(0, pickup, List.of("pos"), List.of("store-orchard"), 1).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(pickup).line("A").cancelled()).isEqualTo(1);
        assertThat(driver.order(pickup).payment().refundedMinor()).isEqualTo(1_000);
        // The order's own channel still may.
        assertThat(cancel(0, pickup, List.of("web"), null, 0).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.order(pickup).status()).isEqualTo(Codes.OrderStatus.CANCELLED);
    }

    @Test
    void aReplayChecksTheStoresItIsSentWithNow()
    {
        assertThat(cancel(KEY, pickup, List.of("pos"), List.of("store-orchard"), 1).code()).isEqualTo(ResultCode.OK);
        final long after = driver.stateHash();

        final Result again = cancel(KEY, pickup, List.of("pos"), List.of("store-orchard"), 1);
        assertThat(again.code()).isEqualTo(ResultCode.OK);
        assertThat(again.replayed()).isTrue();
        final Result moved = cancel(KEY, pickup, List.of("pos"), List.of("store-tampines"), 1);
        assertThat(moved.code()).as("the key's stores changed since").isEqualTo(ResultCode.ORDER_NOT_FOUND);
        assertThat(driver.stateHash()).isEqualTo(after);
        assertThat(driver.order(pickup).line("A").cancelled()).isEqualTo(1);
    }

    @Test
    void theDumpShowsTheStoresUnderRulesSixteenAndReadsAnOlderRecordWithout()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        CommandCodec.cancelOrderHeader(w, 0, 0, pickup, List.of("pos"), List.of("store-orchard"), "no-show", 0);
        final var fields = CommandDescriber.describe(CommandType.CANCEL_ORDER, buffer, 0, w.length());
        assertThat(fields).containsEntry("channels", List.of("pos")).containsEntry("pickupLocations",
            List.of("store-orchard")).containsEntry("reason", "no-show").doesNotContainKey("unreadBytes");

        // As version 15 wrote it: no list of stores.
        final PayloadWriter old = new PayloadWriter().wrap(buffer, 0);
        old.putLong(0).putLong(0).putLong(pickup).putByte(1).putAscii("pos").putText("no-show").putShort(0);
        final var older = CommandDescriber.describe(CommandType.CANCEL_ORDER, buffer, 0, old.length(), 15);
        assertThat(older).containsEntry("reason", "no-show").doesNotContainKey("pickupLocations")
            .doesNotContainKey("malformed");
    }
}
