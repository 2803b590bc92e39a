package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/** Reservations by id: a paged table that must answer like a sorted map while its window slides both ways. */
class ReservationTableTest
{
    @Provide
    Arbitrary<List<Integer>> ops()
    {
        return Arbitraries.integers().between(0, 99).list().ofMinSize(0).ofMaxSize(3_000);
    }

    @Property(tries = 200)
    void answersLikeASortedMap(@ForAll("ops") final List<Integer> ops)
    {
        answersLikeASortedMap(ops, -1);
    }

    /** The same with pages made ahead ({@link ReservationTable#preallocate}) at some point of the run. */
    @Property(tries = 100)
    void answersLikeASortedMapWithPagesMadeAhead(@ForAll("ops") final List<Integer> ops,
        @ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 3_000) final int preallocateAt)
    {
        answersLikeASortedMap(ops, preallocateAt);
    }

    @org.junit.jupiter.api.Test
    void pagesMadeAheadAreTakenBeforeAnyNewOne()
    {
        final ReservationTable table = new ReservationTable();
        final int reservations = 10 * ReservationTable.PAGE;
        table.preallocate(reservations);
        assertThat(table.sparePages()).isEqualTo(11);
        // Ids from the middle of a page: they span 11 pages.
        for (long id = ReservationTable.PAGE / 2; id < ReservationTable.PAGE / 2 + reservations; id++)
        {
            final Reservation r = new Reservation();
            r.id = id;
            table.put(r);
        }
        assertThat(table.sparePages()).isZero();
        assertThat(table.size()).isEqualTo(reservations);
        // Asking again for as many makes none: they are in the table.
        table.preallocate(reservations);
        assertThat(table.sparePages()).isZero();
    }

    @org.junit.jupiter.api.Test
    void askingTwiceOrForNoneMakesNoMorePages()
    {
        final ReservationTable table = new ReservationTable();
        table.preallocate(0);
        assertThat(table.sparePages()).isZero();
        table.preallocate(10 * ReservationTable.PAGE);
        table.preallocate(10 * ReservationTable.PAGE);
        assertThat(table.sparePages()).isEqualTo(11);
    }

    /**
     * Pages in use that hold few reservations (the others ended and left) have no room for new ids, which come after
     * the newest: the pages made ahead are counted from the reservations still to come, not from the pages in use.
     */
    @org.junit.jupiter.api.Test
    void pagesInUseHoldingFewReservationsLeaveRoomForNoNewId()
    {
        final ReservationTable table = new ReservationTable();
        // One reservation on each of 10 pages.
        for (int page = 0; page < 10; page++)
        {
            final Reservation r = new Reservation();
            r.id = (long)page * ReservationTable.PAGE + 7;
            table.put(r);
        }
        final int reservations = 10 * ReservationTable.PAGE;
        table.preallocate(reservations);
        // The rest, consecutive after the newest, reach this many pages past the ones in use.
        final long first = 9L * ReservationTable.PAGE + 8;
        final long last = first + reservations - table.size() - 1;
        final long newPages = last / ReservationTable.PAGE - 9;
        assertThat(table.sparePages()).isGreaterThanOrEqualTo((int)newPages);
        for (long id = first; id <= last; id++)
        {
            final Reservation r = new Reservation();
            r.id = id;
            table.put(r);
        }
        assertThat(table.size()).isEqualTo(reservations);
    }

    private static void answersLikeASortedMap(final List<Integer> ops, final int preallocateAt)
    {
        final ReservationTable table = new ReservationTable();
        final TreeMap<Long, Reservation> reference = new TreeMap<>();
        long nextId = 1_000_000;
        long lowId = nextId;
        for (int i = 0; i < ops.size(); i++)
        {
            final int op = ops.get(i);
            if (i == preallocateAt)
            {
                table.preallocate(table.size() + op * ReservationTable.PAGE);
            }
            if (op < 45)
            {
                // Mostly new ids, in counter order and in jumps of pages.
                nextId += op < 40 ? 1 : (long)ReservationTable.PAGE * (op - 39);
                put(table, reference, nextId);
            }
            else if (op < 50)
            {
                // Below the window (a restore out of order).
                lowId -= 1 + op * 97L;
                put(table, reference, lowId);
            }
            else if (op < 90 && !reference.isEmpty())
            {
                final List<Long> ids = new ArrayList<>(reference.keySet());
                final long id = ids.get(op * 31 % ids.size());
                assertThat(table.remove(id)).isSameAs(reference.remove(id));
            }
            else
            {
                assertThat(table.remove(nextId + 5)).isNull();
                assertThat(table.get(-1)).isNull();
            }
            assertThat(table.size()).isEqualTo(reference.size());
        }
        for (final long id : reference.keySet())
        {
            assertThat(table.get(id)).isSameAs(reference.get(id));
        }
        final List<Reservation> visited = new ArrayList<>();
        table.forEachInIdOrder(visited::add);
        assertThat(visited).containsExactlyElementsOf(reference.values());
    }

    private static void put(final ReservationTable table, final TreeMap<Long, Reservation> reference, final long id)
    {
        if (reference.containsKey(id))
        {
            return;
        }
        final Reservation r = new Reservation();
        r.id = id;
        table.put(r);
        reference.put(id, r);
    }
}
