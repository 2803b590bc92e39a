package ordo.engine;

import java.util.ArrayDeque;
import java.util.Arrays;

/**
 * Reservations by id. Ids are a dense counter, so instead of hashing they index pages of {@value #PAGE} slots; a
 * page is dropped when its last reservation leaves, and the page table slides forward as old ids go. A lookup is
 * two array loads, a removal clears one slot. Memory: the live and retained reservations' pages, the spare ones
 * ({@link #preallocate}'s, then up to 8 emptied ones), and one table entry per {@value #PAGE} ids between the oldest
 * and the newest. Owned by the engine thread.
 */
final class ReservationTable
{
    private static final int SHIFT = 10;
    static final int PAGE = 1 << SHIFT;
    private static final int MASK = PAGE - 1;

    private Reservation[][] pages = new Reservation[16][];
    private int[] counts = new int[16];
    /** Page number of {@code pages[0]}. */
    private long firstPage;
    /** Pages in the table window, {@code [0, pageCount)}; null where a page is empty. */
    private int pageCount;
    private int size;
    private final ArrayDeque<Reservation[]> spare = new ArrayDeque<>();

    int size()
    {
        return size;
    }

    Reservation get(final long id)
    {
        final long page = (id >> SHIFT) - firstPage;
        if (page < 0 || page >= pageCount)
        {
            return null;
        }
        final Reservation[] slots = pages[(int)page];
        return slots == null ? null : slots[(int)id & MASK];
    }

    /** Adds a reservation whose id is not in the table. */
    void put(final Reservation reservation)
    {
        final long id = reservation.id;
        final long offset = (id >> SHIFT) - firstPage;
        if (offset >= 0 && offset < pageCount)
        {
            // The usual case: the page of the newest ids is there.
            final int page = (int)offset;
            final Reservation[] slots = pages[page];
            if (slots != null)
            {
                slots[(int)id & MASK] = reservation;
                counts[page]++;
                size++;
                return;
            }
        }
        putInNewPage(reservation);
    }

    private void putInNewPage(final Reservation reservation)
    {
        final long id = reservation.id;
        final long pageNumber = id >> SHIFT;
        if (pageCount == 0)
        {
            firstPage = pageNumber;
        }
        else if (pageNumber < firstPage)
        {
            growFront((int)(firstPage - pageNumber));
        }
        final int page = (int)(pageNumber - firstPage);
        if (page >= pageCount)
        {
            ensurePages(page + 1);
            pageCount = page + 1;
        }
        Reservation[] slots = pages[page];
        if (slots == null)
        {
            slots = spare.isEmpty() ? new Reservation[PAGE] : spare.pollFirst();
            pages[page] = slots;
        }
        slots[(int)id & MASK] = reservation;
        counts[page]++;
        size++;
    }

    /**
     * Makes now the pages for up to {@code reservations} reservations in the table at once (see
     * {@link ReservationBook#preallocate}): taken as ids reach them, so that filling the table allocates nothing and
     * the collector does not copy each new page through the young generation. Pages emptied later are kept as spares
     * only up to a few, as before.
     */
    void preallocate(final int reservations)
    {
        if (reservations <= size)
        {
            return;
        }
        // The ids to come follow the newest: the pages in use, however few reservations they hold, have no room for
        // them but the newest one's rest. They span this many pages (one more: they need not start at a page boundary).
        final int ahead = (int)((reservations - (long)size + PAGE - 1) / PAGE) + 1;
        ensurePages(pageCount + ahead);
        for (int missing = ahead - spare.size(); missing > 0; missing--)
        {
            spare.addLast(new Reservation[PAGE]);
        }
    }

    /** Pages made and not in the table (tests of {@link #preallocate}). */
    int sparePages()
    {
        return spare.size();
    }

    /** Removes and returns the reservation with this id, or null. */
    Reservation remove(final long id)
    {
        final long pageOffset = (id >> SHIFT) - firstPage;
        if (pageOffset < 0 || pageOffset >= pageCount)
        {
            return null;
        }
        final int page = (int)pageOffset;
        final Reservation[] slots = pages[page];
        final int slot = (int)id & MASK;
        final Reservation removed = slots == null ? null : slots[slot];
        if (removed == null)
        {
            return null;
        }
        slots[slot] = null;
        size--;
        if (--counts[page] == 0)
        {
            pages[page] = null;
            // A few spare pages cover a window's turn; more would only keep garbage alive.
            if (spare.size() < 8)
            {
                spare.addLast(slots);
            }
            if (page == 0 || page == pageCount - 1)
            {
                trim();
            }
        }
        return removed;
    }

    /** Visits every reservation in id order. */
    void forEachInIdOrder(final java.util.function.Consumer<Reservation> visitor)
    {
        for (int page = 0; page < pageCount; page++)
        {
            final Reservation[] slots = pages[page];
            if (slots == null)
            {
                continue;
            }
            for (int slot = 0; slot < PAGE; slot++)
            {
                if (slots[slot] != null)
                {
                    visitor.accept(slots[slot]);
                }
            }
        }
    }

    /** Drops empty pages at both ends of the window. */
    private void trim()
    {
        int end = pageCount;
        while (end > 0 && pages[end - 1] == null)
        {
            end--;
        }
        int start = 0;
        while (start < end && pages[start] == null)
        {
            start++;
        }
        if (start > 0)
        {
            System.arraycopy(pages, start, pages, 0, end - start);
            System.arraycopy(counts, start, counts, 0, end - start);
            firstPage += start;
        }
        final int newCount = end - start;
        Arrays.fill(pages, newCount, pageCount, null);
        Arrays.fill(counts, newCount, pageCount, 0);
        pageCount = newCount;
    }

    private void growFront(final int by)
    {
        ensurePages(pageCount + by);
        System.arraycopy(pages, 0, pages, by, pageCount);
        System.arraycopy(counts, 0, counts, by, pageCount);
        Arrays.fill(pages, 0, by, null);
        Arrays.fill(counts, 0, by, 0);
        pageCount += by;
        firstPage -= by;
    }

    private void ensurePages(final int required)
    {
        if (required > pages.length)
        {
            final int capacity = Math.max(required, pages.length * 2);
            pages = Arrays.copyOf(pages, capacity);
            counts = Arrays.copyOf(counts, capacity);
        }
    }
}
