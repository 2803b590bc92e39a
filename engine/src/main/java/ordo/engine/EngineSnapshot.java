package ordo.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Engine state to bytes and back, with a format version. Written on the engine thread at an exact sequence (the
 * pipeline serialises into memory, then a background thread makes it durable). Derived state — per-customer held
 * quantities, the expiry queue, the order of ended reservations — is rebuilt on read rather than stored, so it
 * cannot disagree with what it is derived from.
 */
public final class EngineSnapshot
{
    /**
     * 2: names as int-length UTF-8 instead of writeUTF (see {@link #writeText}). 3: daily capacity counters,
     * channel definitions, the sourcing policy and orders. 4: payments (orders' payment and fraud state, the payment
     * outbox, applied webhook events) and fraud rules with their velocity windows. 5: an idempotency record's first
     * view bytes (int length, -1 for a record without a view, then the bytes), so a replay answers the first response.
     * 6: after each order's sourcing decision, its backorder fills (int count, then per fill: short line, byte
     * trigger, the decision in the same layout; when count &gt; 0, int and long: the fills and units only counted).
     * 7: a decision's candidates in variable-length integers (location, distance, cost, capacity, units; each ATP as
     * the difference from the candidate before's for the same line), ~1 KB instead of ~2.7 KB over 50 nodes and 3
     * lines: a snapshot was then one byte array, at most 2 GiB, and format 6 filled it at ~600 000 such orders.
     * 8: each order's failed refunds, the refunds withheld since and what was settled (three longs after its refunds
     * reported; rules version 9).
     * 9: each decision as its record in the {@link DecisionStore} — the bytes of {@link SourcingDecision}'s layout,
     * little-endian, the header's location column address replaced by a marker: 0, 3 or 2 (the record's own column
     * follows its other columns, a location index in 4, 2 or 1 bytes each, the fewest they fit) or 1 (the record
     * shares the column of the last record written with one of its own, which has as many candidates; no column
     * follows): a restore copies each record back, widening its column to ints, instead of parsing ~450
     * variable-length integers a decision and recording them anew (~60 % of a restore's time was that). Each record is
     * checked before it is kept: counts, widths, flags, its length, the allocated units' candidates, every reason and
     * location index, and its line count against its order's (none or the order's for a placement, one for a fill).
     * 10: the sourcing policy's and each order's shipment limit (rules version 14).
     * 11: after each location's capacity counters, the countries it ships to (unsigned byte count, then each country
     * as two bytes, first letter first; rules version 15).
     * 12: after each order's payment amount, its charges (unsigned byte count, then per charge: byte kind, long
     * amount, the name as a length-prefixed field; rules version 16).
     * 13: after each SKU, the command its stock figures last changed in ({@link StockChanges}).
     * 14: after each channel's pools, the locations it takes stock from (int count, -1 for every location, then each
     * location's index; rules version 17).
     * Formats 6 to 13 are still read (no refund failed before 8; decisions in integers before 9; no shipment limits
     * before 10; every location ships anywhere before 11; no order has charges before 12; every SKU changed at the
     * snapshot before 13; every channel takes stock anywhere before 14).
     */
    public static final int FORMAT_VERSION = 15;
    /**
     * The first format with when each location's capacity day begins, and a day as its end (before: a UTC day's
     * number, read as its end: {@link Location#endOfUtcDay}).
     */
    static final int CAPACITY_DAY_FORMAT = 15;
    /** The first format with the countries a location ships to. */
    static final int SHIPS_TO_FORMAT = 11;
    /** The first format with the command each SKU's stock figures last changed in ({@link StockChanges}). */
    static final int STOCK_CHANGES_FORMAT = 13;
    /** The oldest format this build reads (a snapshot the previous build left in the data dir). */
    public static final int OLDEST_READ_FORMAT = 6;
    /**
     * The oldest format whose state hash this build can give ({@link #stateHashIn}): format 5 hashed the same state
     * as 6 to 9 less the backorder fills (an order without fills hashes alike in all; 8 and 9 hash failed refunds,
     * which none of the others had), so {@code journal verify} still
     * checks a snapshot an older build left in the data dir instead of passing it unchecked.
     */
    public static final int OLDEST_HASHED_FORMAT = 5;
    /** The first format with backorder fills (and their part of the state hash). */
    private static final int FILLS_FORMAT = 6;
    private static final int MAGIC = 0x4F52444F; // "ORDO"
    /** The bytes of a body {@link #formatOf} reads: its magic and its format. */
    public static final int HEAD_BYTES = 2 * Integer.BYTES;

    private EngineSnapshot()
    {
    }

    /** The state's snapshot body in one array (tests, benchmarks): {@link #serialise} for a state of any size. */
    public static byte[] toBytes(final Engine engine)
    {
        return serialise(engine).toByteArray();
    }

    /** The state's snapshot body, in blocks of its own ({@link SnapshotBuffer}); as large as the state. */
    public static SnapshotBytes serialise(final Engine engine)
    {
        final SnapshotBuffer bytes = new SnapshotBuffer(1 << 16);
        try
        {
            write(engine, bytes);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException(e);
        }
        return bytes.bytes();
    }

    public static Engine fromBytes(final byte[] bytes, final EventSink events)
    {
        return fromBytes(SnapshotBytes.of(bytes), events);
    }

    public static Engine fromBytes(final SnapshotBytes bytes, final EventSink events)
    {
        try
        {
            return read(new SnapshotReader(bytes), events);
        }
        catch (final IOException e)
        {
            // An EOFException has no message: "not readable: null" said nothing (found in QA).
            throw new IllegalArgumentException("snapshot body is not readable: " +
                (e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName() + " (it ends early)"), e);
        }
    }

    /**
     * The format a snapshot body was written in ({@link #FORMAT_VERSION} of the build that wrote it), or -1 when it
     * is not an engine snapshot. A state hash recorded in another format may cover other state: compare it with
     * {@link #stateHashIn} that format.
     */
    public static int formatOf(final byte[] body)
    {
        return formatOf(SnapshotBytes.of(body));
    }

    /** As {@link #formatOf(byte[])}, of a body in blocks. */
    public static int formatOf(final SnapshotBytes body)
    {
        final SnapshotReader head = new SnapshotReader(body);
        try
        {
            return head.readInt() == MAGIC ? head.readInt() : -1;
        }
        catch (final IOException e)
        {
            return -1; // shorter than a head
        }
    }

    /**
     * The state hash a build writing {@code format} would give the engine's state: {@link Engine#stateHash()} for
     * this format, the hash without backorder fills for format 5.
     *
     * @throws IllegalArgumentException for a format outside {@link #OLDEST_HASHED_FORMAT}..{@link #FORMAT_VERSION}
     */
    public static long stateHashIn(final Engine engine, final int format)
    {
        if (format < OLDEST_HASHED_FORMAT || format > FORMAT_VERSION)
        {
            throw new IllegalArgumentException("no state hash of snapshot format " + format + " (this build gives " +
                OLDEST_HASHED_FORMAT + ".." + FORMAT_VERSION + ")");
        }
        return engine.stateHash(format >= FILLS_FORMAT);
    }

    public static void write(final Engine engine, final DataOutput out) throws IOException
    {
        out.writeInt(MAGIC);
        out.writeInt(FORMAT_VERSION);
        out.writeLong(engine.lastSeq());
        out.writeLong(engine.nowMillis());

        final Catalog catalog = engine.catalog();
        out.writeInt(catalog.locationCount());
        for (int i = 0; i < catalog.locationCount(); i++)
        {
            final Location l = catalog.location(i);
            writeBytes(out, l.id);
            out.writeByte(l.type.code());
            writeText(out, l.name);
            out.writeInt(l.latMicro);
            out.writeInt(l.lonMicro);
            out.writeUTF(l.countryCode);
            out.writeByte(l.capabilities);
            out.writeInt(l.dailyOrderCapacity);
            out.writeLong(l.handlingCostMinor);
            out.writeUTF(l.currency);
            out.writeBoolean(l.active);
            out.writeLong(l.capacityDay);
            out.writeInt(l.capacityUsed);
            out.writeByte(l.shipsTo.length);
            for (final short country : l.shipsTo)
            {
                out.writeShort(country);
            }
            out.writeShort(l.dayStartsAtMinute);
            out.writeShort(l.dayStartsAtOffsetMinutes);
        }
        out.writeInt(catalog.skuCount());
        for (int i = 0; i < catalog.skuCount(); i++)
        {
            final Sku s = catalog.sku(i);
            writeBytes(out, s.id);
            writeText(out, s.name);
            out.writeInt(s.weightGrams);
            out.writeInt(s.perCustomerLimit);
            out.writeLong(s.saleStartsAt);
            out.writeLong(s.saleEndsAt);
            out.writeBoolean(s.allowBackorder);
            out.writeLong(s.networkReserved);
            out.writeInt(s.cellCount());
            for (int c = 0; c < s.cellCount(); c++)
            {
                final StockCell cell = s.cell(c);
                out.writeInt(cell.location.index);
                out.writeLong(cell.onHand);
                out.writeLong(cell.reserved);
                out.writeLong(cell.allocated);
                out.writeLong(cell.safetyStock);
            }
            out.writeLong(catalog.changes().changedSeq(i));
        }
        final java.util.List<byte[]> channels = new java.util.ArrayList<>(catalog.channels().values());
        channels.sort(java.util.Arrays::compare);
        out.writeInt(channels.size());
        for (final byte[] channel : channels)
        {
            writeBytes(out, channel);
        }
        OrderSnapshotWriter.writeChannels(engine, out);
        OrderSnapshotWriter.writeOrders(engine, out);
        OrderSnapshotWriter.writePayments(engine, out);

        final ReservationBook book = engine.reservations();
        out.writeLong(book.lastId());
        out.writeInt(book.size());
        final IOException[] failure = {null};
        book.forEachInIdOrder(r ->
        {
            try
            {
                out.writeLong(r.id);
                out.writeByte(r.statusCode());
                out.writeLong(r.channelHash);
                out.writeByte(r.customerLength);
                r.writeCustomer(out);
                out.writeInt(r.locationIndex());
                out.writeLong(r.createdAt);
                out.writeLong(r.expiresAt);
                out.writeLong(r.endedAt);
                out.writeShort(r.lineCount);
                for (int i = 0; i < r.lineCount; i++)
                {
                    out.writeInt(r.skuIndex(i));
                    out.writeInt(r.qty(i));
                }
            }
            catch (final IOException e)
            {
                failure[0] = e;
            }
        });
        if (failure[0] != null)
        {
            throw failure[0];
        }

        final IdempotencyTable idempotency = engine.idempotency();
        out.writeInt(idempotency.size());
        idempotency.forEach((key, fingerprint, createdAt, type, code, entity, a, b, c, d, view) ->
        {
            try
            {
                out.writeLong(key);
                out.writeLong(fingerprint);
                out.writeLong(createdAt);
                out.writeInt(type);
                out.writeInt(code);
                out.writeLong(entity);
                out.writeLong(a);
                out.writeLong(b);
                out.writeLong(c);
                out.writeLong(d);
                if (view == null)
                {
                    out.writeInt(-1);
                }
                else
                {
                    out.writeInt(view.length);
                    out.write(view);
                }
            }
            catch (final IOException e)
            {
                failure[0] = e;
            }
        });
        if (failure[0] != null)
        {
            throw failure[0];
        }
        out.writeInt(MAGIC);
    }

    /**
     * A location's countries as {@link #write} wrote them, checked as DEFINE_LOCATION checks them (two capital letters
     * each, none twice; kept ascending): a snapshot that breaks them is refused, not restored into a network whose
     * shipments {@link Location#shipsTo} could not answer.
     */
    private static short[] readShipsTo(final DataInput in, final Location l) throws IOException
    {
        final int count = in.readUnsignedByte();
        if (count == 0)
        {
            return Location.ANYWHERE;
        }
        final short[] countries = new short[count];
        for (int i = 0; i < count; i++)
        {
            final short key = in.readShort();
            if (Location.countryKey((byte)(key >> 8), (byte)key) != key || (i > 0 && key <= countries[i - 1]))
            {
                throw new IOException("location " + new String(l.id, java.nio.charset.StandardCharsets.US_ASCII) +
                    " ships to a country no command could have set (" + key + " after " +
                    (i == 0 ? "none" : Short.toString(countries[i - 1])) + ")");
            }
            countries[i] = key;
        }
        return countries;
    }

    /** When a location's capacity day begins, checked as DEFINE_LOCATION checks it. */
    private static void readDayStart(final DataInput in, final Location l) throws IOException
    {
        final int minute = in.readShort();
        final int offset = in.readShort();
        if (!Codes.isDayStart(minute, offset))
        {
            throw new IOException("location " + new String(l.id, java.nio.charset.StandardCharsets.US_ASCII) +
                "'s capacity day begins at a time no command could have set (minute " + minute + ", offset " +
                offset + ")");
        }
        l.dayStartsAt(minute, offset);
    }

    public static Engine read(final DataInput in, final EventSink events) throws IOException
    {
        if (in.readInt() != MAGIC)
        {
            throw new IOException("not an engine snapshot");
        }
        final int version = in.readInt();
        if (version < OLDEST_READ_FORMAT || version > FORMAT_VERSION)
        {
            throw new IOException("snapshot format " + version + " is not supported (this build reads " +
                OLDEST_READ_FORMAT + ".." + FORMAT_VERSION + ")");
        }
        final Engine engine = new Engine(events);
        final long lastSeq = in.readLong();
        final long nowMillis = in.readLong();
        final Catalog catalog = engine.catalog();
        final ByteSlice slice = new ByteSlice();
        final int locations = in.readInt();
        for (int i = 0; i < locations; i++)
        {
            final Location l = catalog.newLocationUnranked(slice(slice, readBytes(in)));
            l.type = Codes.LocationType.fromCode(in.readByte());
            l.name = readText(in);
            l.coordinates(in.readInt(), in.readInt());
            l.countryCode = in.readUTF();
            l.capabilities = in.readByte();
            l.dailyOrderCapacity = in.readInt();
            l.handlingCostMinor = in.readLong();
            catalog.costCurrency(l, in.readUTF());
            l.active = in.readBoolean();
            final long day = in.readLong();
            l.capacityUsed = in.readInt();
            // An older format's day 0 with no order counted is a node that never counted one (its first value).
            l.capacityDay = version >= CAPACITY_DAY_FORMAT ? day :
                day == 0 && l.capacityUsed == 0 ? Long.MIN_VALUE : Location.endOfUtcDay(day);
            if (version >= SHIPS_TO_FORMAT)
            {
                l.shipsTo = readShipsTo(in, l);
            }
            if (version >= CAPACITY_DAY_FORMAT)
            {
                readDayStart(in, l);
            }
        }
        catalog.rankLocations();
        final int skus = in.readInt();
        // Set once the rest is read: restoring stock, holds and backorders touches the SKUs (StockChanges).
        long[] changedSeqs = new long[presize(in, skus, 48)];
        for (int i = 0; i < skus; i++)
        {
            final Sku s = catalog.newSku(slice(slice, readBytes(in)));
            s.name = readText(in);
            s.weightGrams = in.readInt();
            s.perCustomerLimit = in.readInt();
            s.saleStartsAt = in.readLong();
            s.saleEndsAt = in.readLong();
            s.allowBackorder = in.readBoolean();
            s.networkReserved = in.readLong();
            final int cells = in.readInt();
            for (int c = 0; c < cells; c++)
            {
                final StockCell cell = s.cellFor(catalog.location(in.readInt()));
                final long onHand = in.readLong();
                final long reserved = in.readLong();
                final long allocated = in.readLong();
                cell.restore(onHand, reserved, allocated, in.readLong());
            }
            // An older format's SKUs read as changed at the snapshot: a poller from before it syncs them all again.
            if (i == changedSeqs.length)
            {
                changedSeqs = java.util.Arrays.copyOf(changedSeqs, Math.max(16, 2 * i));
            }
            changedSeqs[i] = version >= STOCK_CHANGES_FORMAT ? readChangedSeq(in, lastSeq) : lastSeq;
        }
        final int channels = in.readInt();
        for (int i = 0; i < channels; i++)
        {
            catalog.putChannel(readBytes(in));
        }
        OrderSnapshotReader.readChannels(engine, in, version);
        OrderSnapshotReader.readOrders(engine, in, version);
        OrderSnapshotReader.readPayments(engine, in);

        final ReservationBook book = engine.reservations();
        book.lastId(in.readLong());
        final int reservations = in.readInt();
        for (int i = 0; i < reservations; i++)
        {
            final Reservation r = new Reservation(catalog);
            r.id = in.readLong();
            final int statusCode = in.readByte();
            final Codes.ReservationStatus status = Codes.ReservationStatus.fromCode(statusCode);
            if (status == null)
            {
                throw new IOException("reservation " + r.id + " has status code " + statusCode);
            }
            r.status(status);
            r.channelHash = in.readLong();
            final byte[] customer = new byte[in.readByte() & 0xFF];
            in.readFully(customer);
            r.customer(customer, customer.length);
            r.customerKey = ByteSlice.tableHash(customer, customer.length);
            final int location = in.readInt();
            r.location(location < 0 ? null : catalog.location(location));
            r.createdAt = in.readLong();
            r.expiresAt = in.readLong();
            r.endedAt = in.readLong();
            r.lineCount = in.readShort();
            r.ensureLines(r.lineCount);
            for (int l = 0; l < r.lineCount; l++)
            {
                final Sku sku = catalog.sku(in.readInt());
                r.line(l, sku, in.readInt());
            }
            book.restore(r);
        }
        book.restoreEndedOrder();
        book.relinkConversions(engine.orders());

        final IdempotencyTable idempotency = engine.idempotency();
        final int records = in.readInt();
        // A record is at least its ten numbers and its view's length.
        idempotency.roomFor(presize(in, records, 8 * Long.BYTES + 3 * Integer.BYTES));
        for (int i = 0; i < records; i++)
        {
            final int slot = idempotency.put(in.readLong(), in.readLong(), in.readLong(), in.readInt(), in.readInt(),
                in.readLong(), in.readLong(), in.readLong(), in.readLong(), in.readLong());
            final int viewLength = in.readInt();
            if (viewLength < -1)
            {
                throw new IOException("idempotency view of " + viewLength + " bytes");
            }
            if (viewLength >= 0)
            {
                final byte[] view = new byte[viewLength];
                in.readFully(view);
                idempotency.view(slot, view);
            }
        }
        if (in.readInt() != MAGIC)
        {
            throw new IOException("snapshot trailer missing: truncated or corrupt");
        }
        for (int i = 0; i < skus; i++)
        {
            catalog.changes().changedSeq(i, changedSeqs[i]);
        }
        catalog.changes().restore(lastSeq);
        engine.restoreClock(lastSeq, nowMillis);
        return engine;
    }

    /** A SKU's {@link StockChanges#changedSeq}: a command of the snapshot's, at most its last. */
    private static long readChangedSeq(final DataInput in, final long lastSeq) throws IOException
    {
        final long seq = in.readLong();
        if (seq < 0 || seq > lastSeq)
        {
            throw new IOException("a SKU's stock changed at seq " + seq + ", outside the snapshot's 0.." + lastSeq);
        }
        return seq;
    }

    static ByteSlice slice(final ByteSlice slice, final byte[] bytes)
    {
        return slice.wrap(new org.agrona.concurrent.UnsafeBuffer(bytes), 0, bytes.length);
    }

    /**
     * Free text (names). Not writeUTF: that refuses strings over 65535 bytes of modified UTF-8, and a name the codec
     * accepts (up to 65535 bytes of UTF-8) can exceed that (4-byte characters take 6, NUL takes 2), which made every
     * later snapshot fail (found by aSnapshotCarriesAnyNameTheEngineAccepted). Names come from decoding UTF-8, so
     * they hold no lone surrogates and survive the round trip unchanged.
     */
    static void writeText(final DataOutput out, final String text) throws IOException
    {
        final byte[] bytes = text.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    /**
     * How many of {@code count} entries of at least {@code bytesEach} bytes a table may be sized for before they are
     * read: no more than the bytes left can hold, so a count misread (a snapshot of another build's format, which is
     * to be passed over) sizes tables no larger than reading entries until the bytes ran out would have grown them to
     * (a hash table's slots, a power of two, can take 2–3 times the bytes its entries took in the snapshot); any input
     * but a snapshot's reader, at most a million.
     */
    static int presize(final DataInput in, final int count, final int bytesEach)
    {
        final long most = in instanceof SnapshotReader reader ? reader.remaining() / bytesEach : 1 << 20;
        return (int)Math.max(0, Math.min(count, most));
    }

    static String readText(final DataInput in) throws IOException
    {
        final int length = in.readInt();
        if (length < 0 || length > 4 * 0xFFFF)
        {
            throw new IOException("text field of " + length + " bytes");
        }
        final byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }

    static void writeBytes(final DataOutput out, final byte[] bytes) throws IOException
    {
        out.writeShort(bytes.length);
        out.write(bytes);
    }

    static byte[] readBytes(final DataInput in) throws IOException
    {
        final byte[] bytes = new byte[in.readUnsignedShort()];
        in.readFully(bytes);
        return bytes;
    }
}
