package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

class OrderTimelineTest
{
    private final Catalog catalog = new Catalog();
    private final OrderTimeline timeline = new OrderTimeline(catalog);
    private final Location north = catalog.newLocation(slice("wh-north"));
    private final Location south = catalog.newLocation(slice("wh-south"));

    @Test
    void anOrdersEventsReadBackInOrderWithEveryField()
    {
        final Order o = new Order(timeline);
        o.status = Codes.OrderStatus.CREATED;
        o.addEvent(7, 1_000, Codes.OrderEventType.CREATED, -1, null, 0, null);
        o.status = Codes.OrderStatus.ALLOCATED;
        o.addEvent(7, 1_000, Codes.OrderEventType.ALLOCATED, 2, north, 5, null);
        o.status = Codes.OrderStatus.CANCELLED;
        o.addEvent(9, 2_500, Codes.OrderEventType.UNITS_CANCELLED, -1, south, 3, ascii("changed my mind"));

        assertThat(o.eventCount).isEqualTo(3);
        assertThat(o.updatedAt).isEqualTo(2_500);
        final long first = o.firstEvent;
        assertThat(new long[]{OrderTimeline.seq(first), OrderTimeline.timeMillis(first), OrderTimeline.type(first),
            OrderTimeline.status(first), OrderTimeline.line(first), OrderTimeline.locationIndex(first),
            OrderTimeline.units(first), OrderTimeline.noteLength(first)}).containsExactly(7, 1_000,
            Codes.OrderEventType.CREATED.code(), Codes.OrderStatus.CREATED.code(), -1, -1, 0, 0);
        assertThat(timeline.location(first)).isNull();
        final long second = OrderTimeline.next(first);
        assertThat(OrderTimeline.type(second)).isEqualTo((byte)Codes.OrderEventType.ALLOCATED.code());
        assertThat(OrderTimeline.status(second)).isEqualTo((byte)Codes.OrderStatus.ALLOCATED.code());
        assertThat(OrderTimeline.line(second)).isEqualTo((short)2);
        assertThat(timeline.location(second)).isSameAs(north);
        assertThat(OrderTimeline.units(second)).isEqualTo(5);
        final long third = OrderTimeline.next(second);
        assertThat(OrderTimeline.seq(third)).isEqualTo(9);
        assertThat(timeline.location(third)).isSameAs(south);
        assertThat(note(third)).isEqualTo("changed my mind");
        assertThat(OrderTimeline.next(third)).isEqualTo(OrderTimeline.NONE);
    }

    /** Past a gate, the units status is the last one the timeline shows, not the first (a forward scan keeps the last). */
    @Test
    void theLastUnitsStatusIsTheLatestOnTheTimeline()
    {
        final Order o = new Order(timeline);
        o.status = Codes.OrderStatus.CREATED;
        assertThat(o.lastUnitsStatus()).isEqualTo(Codes.OrderStatus.CREATED);
        o.addEvent(1, 1, Codes.OrderEventType.CREATED, -1, null, 0, null);
        moveTo(o, Codes.OrderStatus.BACKORDERED, 1);
        moveTo(o, Codes.OrderStatus.FRAUD_REVIEW, 1);
        assertThat(o.lastUnitsStatus()).isEqualTo(Codes.OrderStatus.BACKORDERED);
        moveTo(o, Codes.OrderStatus.PARTIALLY_ALLOCATED, 2);
        moveTo(o, Codes.OrderStatus.PAYMENT_PENDING, 2);
        moveTo(o, Codes.OrderStatus.BACKORDERED, 3);
        moveTo(o, Codes.OrderStatus.READY_TO_RELEASE, 3);

        assertThat(o.lastUnitsStatus()).isEqualTo(Codes.OrderStatus.BACKORDERED);
        moveTo(o, Codes.OrderStatus.PARTIALLY_ALLOCATED, 4);
        moveTo(o, Codes.OrderStatus.PAYMENT_PENDING, 4);
        assertThat(o.lastUnitsStatus()).isEqualTo(Codes.OrderStatus.PARTIALLY_ALLOCATED);
    }

    /** A status change as the engine records one: the status, then its event. */
    private static void moveTo(final Order o, final Codes.OrderStatus status, final long seq)
    {
        o.status = status;
        o.addEvent(seq, seq, Codes.OrderEventType.STATUS_CHANGED, -1, null, 0, null);
    }

    /**
     * No order is placed without lines, but neither the order nor the arena refuses one: its zero-length line record
     * may be the first record of a timeline, on an arena with no page yet (it was looked for in page −1).
     */
    @Test
    void anOrderOfNoLinesMayBeTheFirstOnATimeline()
    {
        final Order o = new Order(timeline);
        o.status = Codes.OrderStatus.CREATED;

        o.lines(0);

        assertThat(o.lineCount).isZero();
        assertThatThrownBy(() -> o.qty(0)).isInstanceOf(IndexOutOfBoundsException.class);
        o.addEvent(1, 10, Codes.OrderEventType.CREATED, -1, null, 0, null);
        assertThat(OrderTimeline.seq(o.firstEvent)).isEqualTo(1);
    }

    /**
     * Allocations read the same forwards and backwards (cancelling walks back from the newest), a refused line
     * leaves the list and the line figures as they were, and an emptied allocation stays in its place.
     */
    @Test
    void allocationsLinkBothWaysAndARefusedLineWritesNothing()
    {
        final Order o = new Order(timeline);
        o.status = Codes.OrderStatus.CREATED;
        o.lines(2);
        o.addAllocation(1, new StockCell(north, null), 2, 10);
        o.addEvent(1, 10, Codes.OrderEventType.ALLOCATED, 1, north, 2, "between".getBytes(StandardCharsets.US_ASCII));
        o.addAllocation(0, new StockCell(south, null), 3, 11);
        o.addAllocation(1, new StockCell(south, null), 4, 12);

        assertThatThrownBy(() -> o.addAllocation(2, new StockCell(north, null), 1, 13)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> o.addAllocation(-1, new StockCell(north, null), 1, 13)).isInstanceOf(IndexOutOfBoundsException.class);
        Order.allocationUnits(Order.nextAllocation(o.firstAllocation), 0);

        assertThat(o.allocationCount).isEqualTo(3);
        assertThat(o.allocated(0)).isEqualTo(3);
        assertThat(o.allocated(1)).isEqualTo(6);
        final StringBuilder forwards = new StringBuilder();
        for (long a = o.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
        {
            forwards.append(Order.allocationLine(a)).append('@').append(o.allocationLocation(a).index)
                .append('x').append(Order.allocationUnits(a)).append('t').append(Order.allocatedAt(a)).append(' ');
        }
        final StringBuilder backwards = new StringBuilder();
        for (long a = o.lastAllocation; a != RecordArena.NONE; a = Order.previousAllocation(a))
        {
            backwards.insert(0, Order.allocationLine(a) + "@" + o.allocationLocation(a).index + "x" +
                Order.allocationUnits(a) + "t" + Order.allocatedAt(a) + " ");
        }
        assertThat(forwards.toString()).isEqualTo("1@" + north.index + "x2t10 0@" + south.index + "x0t11 1@" +
            south.index + "x4t12 ");
        assertThat(backwards.toString()).isEqualTo(forwards.toString());
        assertThat(o.shipsFrom(north)).isTrue();
    }

    /** Orders whose events interleave, over many pages, each keep exactly their own events, in order. */
    @Test
    void interleavedTimelinesStayApartAcrossPages()
    {
        final Order[] orders = new Order[50];
        for (int k = 0; k < orders.length; k++)
        {
            orders[k] = new Order(timeline);
            orders[k].status = Codes.OrderStatus.CREATED;
        }
        final int events = 40_000;
        for (int e = 0; e < events; e++)
        {
            final Order o = orders[(e * 7) % orders.length];
            final byte[] text = new byte[e % 300];
            Arrays.fill(text, (byte)('a' + e % 26));
            o.addEvent(e, e * 10L, Codes.OrderEventType.STATUS_CHANGED, e % 64, e % 2 == 0 ? north : null, e, text);
        }

        assertThat(timeline.pageBytes()).isGreaterThan(2L * RecordArena.PAGE_BYTES);
        int seen = 0;
        for (int k = 0; k < orders.length; k++)
        {
            long previous = -1;
            int count = 0;
            for (long e = orders[k].firstEvent; e != OrderTimeline.NONE; e = OrderTimeline.next(e))
            {
                final int seq = (int)OrderTimeline.seq(e);
                assertThat((seq * 7) % orders.length).as("event %d of order %d", seq, k).isEqualTo(k);
                assertThat((long)seq).isGreaterThan(previous);
                assertThat(OrderTimeline.timeMillis(e)).isEqualTo(seq * 10L);
                assertThat(OrderTimeline.units(e)).isEqualTo(seq);
                assertThat(OrderTimeline.line(e)).isEqualTo((short)(seq % 64));
                assertThat(timeline.location(e)).isSameAs(seq % 2 == 0 ? north : null);
                assertThat(OrderTimeline.noteLength(e)).isEqualTo(seq % 300);
                final byte[] note = timeline.note(e);
                for (int b = 0; b < seq % 300; b++)
                {
                    assertThat(note[b]).isEqualTo((byte)('a' + seq % 26));
                }
                previous = seq;
                count++;
            }
            assertThat(count).isEqualTo(orders[k].eventCount);
            seen += count;
        }
        assertThat(seen).isEqualTo(events);
    }

    /**
     * A record after an event whose note is 5 bytes long still starts at a multiple of 8 (its longs aligned), and an
     * order's record comes zeroed (its line figures start at 0).
     */
    @Test
    void everyRecordStartsAtAMultipleOfEightAndComesZeroed()
    {
        long previous = OrderTimeline.NONE;
        for (int n = 0; n < 20; n++)
        {
            final byte[] note = new byte[n];
            java.util.Arrays.fill(note, (byte)0x7F); // no zeros in the events around the records
            previous = timeline.append(previous, n, n, 0, null, 0, note);
            assertThat(previous % 8).as("event after notes of up to %d bytes", n).isZero();
            final long record = timeline.allocate(n);
            assertThat(record % 8).as("record of %d bytes", n).isZero();
            for (int b = 0; b < n; b++)
            {
                assertThat(org.agrona.UnsafeApi.getByte(record + b)).as("byte %d of a record of %d", b, n).isZero();
            }
        }
    }

    private String note(final long event)
    {
        return new String(timeline.note(event), 0, OrderTimeline.noteLength(event), StandardCharsets.UTF_8);
    }

    private static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private static ByteSlice slice(final String text)
    {
        return new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(ascii(text)), 0, text.length());
    }
}
