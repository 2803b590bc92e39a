package ordo.engine;

import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Objects;

import org.agrona.BufferUtil;
import org.agrona.UnsafeApi;

/**
 * Append-only records kept off the Java heap: what the engine writes once per order and keeps for the order's life
 * (the sourcing decisions), so the collector neither counts, scans nor copies it. Records are bytes in pages of
 * direct memory; a record never spans pages, and once written it is never moved (its address stays valid for the
 * arena's life). Pages start small (an engine that takes a handful of orders, as most tests do, holds 64 KiB) and
 * double up to {@link #PAGE_BYTES}; a record larger than half a page gets a page of its own.
 *
 * <p>A record's address is where it is in memory (read and written with {@code UnsafeApi}, in native byte order, by
 * the record's own codec; nothing checks the bounds of each access, so a codec writes exactly the length it asked
 * for and checks that it did); {@link #NONE} is no record. Addresses are never journaled, snapshotted or hashed. The
 * memory is freed with the arena (direct buffers are released when the collector finds them unreachable; the arena
 * keeps every one reachable for its life), so an engine needs no close.
 * {@link #preallocate} takes pages ahead of time, so the first store into them is not a page fault on the command
 * path, and a {@link PageSupply} may make them ahead on another thread once those are used up. Owned by the engine's
 * thread (for the shadow snapshotter's engine, the snapshotter thread); only {@link #pageBytes} is read from other
 * threads (metrics).
 */
final class RecordArena
{
    static final long NONE = 0;
    static final int FIRST_PAGE_BYTES = 64 * 1024;
    static final int PAGE_BYTES = 1024 * 1024;
    static final int ALIGNMENT = 64;
    private static final int RECORD_ALIGNMENT = 8;

    private ByteBuffer[] pages = new ByteBuffer[8];
    /** Pages handed out (records in them); pages at and after this index are preallocated spares. */
    private int pageCount;
    private int spareCount;
    /** The page new small records go to, and where the next one starts. */
    private int current = -1;
    private int position;
    private int limit;
    private long usedBytes;
    /** Written by the engine thread when it takes a page (rarely); read by metrics from any thread. */
    private volatile long pageBytes;
    /** Where full-size pages come from once the spares are used up. */
    private PageSupply supply = PageSupply.NONE;

    /**
     * Room for a record of {@code length} bytes: its memory address, valid for the arena's life. The bytes are zero:
     * every page is zeroed when it is taken and no byte is handed out twice.
     */
    long allocate(final int length)
    {
        if (length < 0)
        {
            throw new IllegalArgumentException("record of " + length + " bytes");
        }
        usedBytes += length;
        if (length > PAGE_BYTES / 2)
        {
            // Its own page: the current one keeps filling with small records.
            return address(takePage(length, false), 0);
        }
        // Every record starts at a multiple of 8 (pages start at 64), so the longs of a fixed layout are aligned.
        int start = (position + RECORD_ALIGNMENT - 1) & -RECORD_ALIGNMENT;
        if (current < 0 || length > limit - start)
        {
            // current < 0: no page yet, where even a record of no bytes has nowhere to be.
            final int size = current < 0 ? FIRST_PAGE_BYTES : Math.min(PAGE_BYTES, pages[current].capacity() * 2);
            current = takePage(Math.max(size, length), true);
            start = 0;
            limit = pages[current].capacity();
        }
        final long address = address(current, start);
        position = start + length;
        return address;
    }

    /**
     * Forgets every record, keeping its pages as spares, zeroed again: for a scratch arena whose records are read once
     * ({@link WaitingLines}), so query after query takes no new memory. Every address it gave is invalid after.
     */
    void rewind()
    {
        for (int p = 0; p < pageCount; p++)
        {
            UnsafeApi.setMemory(BufferUtil.address(pages[p]), pages[p].capacity(), (byte)0);
        }
        spareCount += pageCount;
        pageCount = 0;
        current = -1;
        position = 0;
        limit = 0;
        usedBytes = 0;
    }

    /** Takes pages of {@link #PAGE_BYTES} now, for about {@code bytes} of records, and touches every memory page. */
    void preallocate(final long bytes)
    {
        for (long taken = 0; taken < bytes; taken += PAGE_BYTES)
        {
            ensurePageSlots(pageCount + spareCount + 1);
            // allocateDirect zeroes the memory: that store is the page fault taken here rather than later.
            pages[pageCount + spareCount] = PageSupply.newPage();
            pageBytes += PAGE_BYTES;
            spareCount++;
        }
    }

    /**
     * Where pages that small records fill come from once the preallocated ones are used up (a record larger than half
     * a page gets a page of its own size, made here).
     */
    void pageSupply(final PageSupply supply)
    {
        this.supply = Objects.requireNonNull(supply, "supply");
    }

    /** Bytes of records written. */
    long usedBytes()
    {
        return usedBytes;
    }

    /** Bytes of direct memory held (pages in use and preallocated ones). Any thread. */
    long pageBytes()
    {
        return pageBytes;
    }

    private long address(final int page, final int offset)
    {
        return BufferUtil.address(pages[page]) + offset;
    }

    /**
     * Index of a page of at least {@code size} bytes: the next spare when one is big enough, else a new one — from
     * the supply when {@code shared} (a page small records fill; a record of its own gets exactly its size).
     */
    private int takePage(final int size, final boolean shared)
    {
        if (spareCount > 0 && pages[pageCount].capacity() >= size)
        {
            spareCount--;
            return pageCount++;
        }
        ensurePageSlots(pageCount + spareCount + 1);
        if (spareCount > 0)
        {
            // A record larger than a spare page: the spares move up one slot, the new page takes this index.
            System.arraycopy(pages, pageCount, pages, pageCount + 1, spareCount);
        }
        final ByteBuffer supplied = shared ? supply.poll() : null;
        pages[pageCount] = supplied != null ? checked(supplied) :
            BufferUtil.allocateDirectAligned(alignUp(size), ALIGNMENT);
        pageBytes += pages[pageCount].capacity();
        return pageCount++;
    }

    /** A supplied page, if it is what {@link PageSupply#poll} promises (its zeroes cannot be checked for free). */
    private static ByteBuffer checked(final ByteBuffer page)
    {
        if (!page.isDirect() || page.capacity() != PAGE_BYTES || (BufferUtil.address(page) & (ALIGNMENT - 1)) != 0)
        {
            throw new IllegalStateException("a supplied page must be a direct buffer of " + PAGE_BYTES +
                " bytes aligned to " + ALIGNMENT + ", got " + page);
        }
        return page;
    }

    private void ensurePageSlots(final int slots)
    {
        if (slots > pages.length)
        {
            pages = Arrays.copyOf(pages, Math.max(slots, pages.length * 2));
        }
    }

    private static int alignUp(final int size)
    {
        return (size + ALIGNMENT - 1) & -ALIGNMENT;
    }
}
