package ordo.engine;

import java.util.Objects;

import org.agrona.UnsafeApi;

/**
 * The timelines of every order (GET /v1/orders/{id}/events), kept off the heap: each event is a record in a
 * {@link RecordArena}, linked to the order's next event, and an {@link Order} holds its first and last event's
 * addresses and its count. Events are written once (only the link to the next one is set later), in the order they
 * happen, so an order's timeline reads forward from its first event. Layout of an event (native byte order):
 *
 * <pre>
 *   0                   8                   16                  24        28        32        36        40
 *   +-------------------+-------------------+-------------------+---------+---------+---------+---------+------+
 *   | next (0 = last)   | seq               | timeMillis        | code    | location| units   | note len| note |
 *   +-------------------+-------------------+-------------------+---------+---------+---------+---------+------+
 * </pre>
 *
 * {@code code} packs the event type, the order's status after it and its line ({@link #code}); {@code location} is a
 * location index or −1. The same pages hold each order's lines, allocations and capacity holds
 * ({@link #allocate}; their layouts are {@link Order}'s). Owned by the engine's thread — the engine thread, or for
 * the shadow snapshotter's engine the snapshotter thread, which also writes its snapshots — and so is
 * {@link #note}'s buffer.
 */
final class OrderTimeline
{
    static final long NONE = RecordArena.NONE;
    private static final int NEXT = 0;
    private static final int SEQ = 8;
    private static final int TIME = 16;
    private static final int CODE = 24;
    private static final int LOCATION = 28;
    private static final int UNITS = 32;
    private static final int NOTE_LENGTH = 36;
    private static final int HEADER = 40;
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);

    private final Catalog catalog;
    private final RecordArena arena = new RecordArena();
    /** The engine thread's copy of the last note read ({@link #note}). */
    private byte[] note = new byte[64];

    OrderTimeline(final Catalog catalog)
    {
        this.catalog = catalog;
    }

    /**
     * Writes an event after {@code previous} (the order's last event, or {@link #NONE} for its first) and answers
     * its address. {@code note}: null or its bytes (at most 65 535).
     */
    long append(final long previous, final long seq, final long timeMillis, final int code, final Location location,
        final int units, final byte[] note)
    {
        return append(previous, seq, timeMillis, code, location, units, note, note == null ? 0 : note.length);
    }

    /** {@link #append} with the first {@code noteLength} bytes of {@code note} as the event's note. */
    long append(final long previous, final long seq, final long timeMillis, final int code, final Location location,
        final int units, final byte[] note, final int noteLength)
    {
        if (noteLength > 0)
        {
            Objects.checkFromIndexSize(0, noteLength, note.length);
        }
        final long event = arena.allocate(HEADER + noteLength);
        UnsafeApi.putLong(event + NEXT, NONE);
        UnsafeApi.putLong(event + SEQ, seq);
        UnsafeApi.putLong(event + TIME, timeMillis);
        UnsafeApi.putInt(event + CODE, code);
        UnsafeApi.putInt(event + LOCATION, location == null ? -1 : location.index);
        UnsafeApi.putInt(event + UNITS, units);
        UnsafeApi.putInt(event + NOTE_LENGTH, noteLength);
        if (noteLength > 0)
        {
            UnsafeApi.copyMemory(note, BYTE_ARRAY_BASE, null, event + HEADER, noteLength);
        }
        if (previous != NONE)
        {
            UnsafeApi.putLong(previous + NEXT, event);
        }
        return event;
    }

    /**
     * Room for another record of an order ({@code bytes}, zeroed: see {@link RecordArena#allocate}) in the same pages
     * as the events — its lines, its allocations and its capacity holds, laid out and read by {@link Order}.
     * Answers its address.
     */
    long allocate(final int bytes)
    {
        return arena.allocate(bytes);
    }

    /** Packs an event's type, the status after it and its line (−1: the whole order). */
    static int code(final Codes.OrderEventType type, final Codes.OrderStatus status, final int line)
    {
        return (type.code() & 0xFF) | (status.code() & 0xFF) << 8 | line << 16;
    }

    /** The order's event after this one, or {@link #NONE}. */
    static long next(final long event)
    {
        return UnsafeApi.getLong(event + NEXT);
    }

    static long seq(final long event)
    {
        return UnsafeApi.getLong(event + SEQ);
    }

    static long timeMillis(final long event)
    {
        return UnsafeApi.getLong(event + TIME);
    }

    /** The type code of the event (as {@link Codes.OrderEventType#code}). */
    static byte type(final long event)
    {
        return (byte)UnsafeApi.getInt(event + CODE);
    }

    /** The status code the order had after the event. */
    static byte status(final long event)
    {
        return (byte)(UnsafeApi.getInt(event + CODE) >> 8);
    }

    /** The line of the event, or -1 when it concerns the whole order. */
    static short line(final long event)
    {
        return (short)(UnsafeApi.getInt(event + CODE) >> 16);
    }

    /** The location index of the event, or -1. */
    static int locationIndex(final long event)
    {
        return UnsafeApi.getInt(event + LOCATION);
    }

    Location location(final long event)
    {
        return location(locationIndex(event));
    }

    /** The SKU of an index. */
    Sku sku(final int index)
    {
        return catalog.sku(index);
    }

    /** The location of an index, or null for −1. */
    Location location(final int index)
    {
        return index < 0 ? null : catalog.location(index);
    }

    static int units(final long event)
    {
        return UnsafeApi.getInt(event + UNITS);
    }

    static int noteLength(final long event)
    {
        return UnsafeApi.getInt(event + NOTE_LENGTH);
    }

    /** The event's note in the engine thread's buffer: its first {@link #noteLength} bytes, until the next call. */
    byte[] note(final long event)
    {
        final int length = noteLength(event);
        if (note.length < length)
        {
            note = new byte[Math.max(length, note.length * 2)];
        }
        UnsafeApi.copyMemory(null, event + HEADER, note, BYTE_ARRAY_BASE, length);
        return note;
    }

    /** Where new pages come from once the preallocated ones are used up (see {@link RecordArena#pageSupply}). */
    void pageSupply(final PageSupply supply)
    {
        arena.pageSupply(supply);
    }

    /** Takes direct memory now for about {@code bytes} of events (see {@link RecordArena#preallocate}). */
    void preallocate(final long bytes)
    {
        arena.preallocate(bytes);
    }

    /** Bytes of direct memory held for events. Any thread. */
    long pageBytes()
    {
        return arena.pageBytes();
    }
}
