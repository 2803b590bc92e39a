package ordo.engine;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * The order part of {@link EngineSnapshot}: channel definitions, the sourcing policy and every order with its
 * allocations, timeline, capacity holds, sourcing decision and the decisions of its backorder fills. The external-id
 * index, backorder queues and ordered-units ledger are derived and rebuilt on read ({@link OrderBook#rebuildDerived}).
 */
final class OrderSnapshot
{
    private OrderSnapshot()
    {
    }

    static void writeChannels(final Engine engine, final DataOutput out) throws IOException
    {
        final Catalog catalog = engine.catalog();
        out.writeInt(catalog.definedChannelCount());
        for (int i = 0; i < catalog.definedChannelCount(); i++)
        {
            final Channel c = catalog.definedChannel(i);
            EngineSnapshot.writeBytes(out, c.id);
            out.writeByte(c.kind.code());
            EngineSnapshot.writeText(out, c.name);
            out.writeInt(c.poolCount);
            for (int p = 0; p < c.poolCount; p++)
            {
                out.writeInt(c.poolSku[p]);
                out.writeInt(c.poolShareBps[p]);
            }
        }
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(256);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        engine.channels().policy().writeTo(w);
        out.writeInt(w.length());
        final byte[] policy = new byte[w.length()];
        buffer.getBytes(0, policy);
        out.write(policy);
    }

    static void readChannels(final Engine engine, final DataInput in) throws IOException
    {
        final Catalog catalog = engine.catalog();
        final ByteSlice slice = new ByteSlice();
        final int count = in.readInt();
        for (int i = 0; i < count; i++)
        {
            final byte[] id = EngineSnapshot.readBytes(in);
            final Channel c = catalog.defineChannel(catalog.internChannel(EngineSnapshot.slice(slice, id)));
            c.kind = Codes.ChannelKind.fromCode(in.readByte());
            c.name = EngineSnapshot.readText(in);
            final int pools = in.readInt();
            final int[] skus = new int[pools];
            final int[] shares = new int[pools];
            for (int p = 0; p < pools; p++)
            {
                skus[p] = in.readInt();
                shares[p] = in.readInt();
            }
            c.pools(pools, skus, shares);
        }
        final byte[] policyBytes = new byte[in.readInt()];
        in.readFully(policyBytes);
        final PayloadReader r = new PayloadReader().wrap(new org.agrona.concurrent.UnsafeBuffer(policyBytes), 0,
            policyBytes.length);
        final SourcingPolicy policy = SourcingPolicy.readFrom(r, true);
        if (policy == null)
        {
            throw new IOException("snapshot sourcing policy is not readable");
        }
        engine.channels().policy(policy);
    }

    static void writeOrders(final Engine engine, final DataOutput out) throws IOException
    {
        final OrderBook orders = engine.orders();
        out.writeLong(orders.lastId());
        // The engine's decision view and note buffer: a snapshot is written by the thread that owns the engine (the
        // engine thread, or for the shadow snapshotter's engine the snapshotter thread, the only one touching it).
        final DecisionRecords.Writer decisions = new DecisionRecords.Writer();
        for (long id = 1; id <= orders.lastId(); id++)
        {
            writeOrder(orders.get(id), decisions, orders.timeline(), out);
        }
    }

    /** @param format the snapshot's ({@link EngineSnapshot#OLDEST_READ_FORMAT}..): how its decisions are written */
    static void readOrders(final Engine engine, final DataInput in, final int format) throws IOException
    {
        final Catalog catalog = engine.catalog();
        final OrderBook orders = engine.orders();
        final long count = in.readLong();
        final Scratch scratch = new Scratch();
        for (long i = 0; i < count; i++)
        {
            readOrder(orders.restoreNext(), catalog, orders.decisions(), in, format, scratch);
        }
        orders.rebuildDerived();
    }

    private static void writeOrder(final Order o, final DecisionRecords.Writer decisions,
        final OrderTimeline timeline, final DataOutput out) throws IOException
    {
        out.writeByte(o.status.code());
        out.writeLong(o.channelHash);
        o.writeText(Order.EXTERNAL_ID, out);
        o.writeText(Order.CUSTOMER, out);
        o.writeText(Order.EMAIL, out);
        o.writeText(Order.PHONE, out);
        out.writeByte(o.deliveryMethod.code());
        out.writeByte(o.serviceLevel.code());
        out.writeInt(o.pickupLocation == null ? -1 : o.pickupLocation.index);
        o.writeText(Order.SHIP_NAME, out);
        o.writeText(Order.LINE1, out);
        o.writeText(Order.CITY, out);
        o.writeText(Order.POSTAL_CODE, out);
        blob(out, o.shipCountry);
        out.writeBoolean(o.hasCoordinates);
        out.writeInt(o.latMicro);
        out.writeInt(o.lonMicro);
        blob(out, o.billingCountry);
        o.writeText(Order.CLIENT_IP, out);
        blob(out, o.paymentProvider);
        o.writeText(Order.PAYMENT_REFERENCE, out);
        out.writeLong(o.paymentAmountMinor);
        blob(out, o.paymentCurrency);
        blob(out, o.currency);
        o.writeText(Order.PAYMENT_FINGERPRINT, out);
        out.writeByte(o.paymentStatus.code());
        out.writeLong(o.authorizedMinor);
        out.writeLong(o.capturedByActions);
        out.writeLong(o.refundedByActions);
        out.writeLong(o.capturedReported);
        out.writeLong(o.refundedReported);
        out.writeLong(o.refundFailedMinor);
        out.writeLong(o.refundWithheldMinor);
        out.writeLong(o.refundSettledMinor);
        blob(out, o.paymentProblem);
        out.writeByte(o.fraudDecision == null ? 0 : o.fraudDecision.code());
        out.writeInt(o.fraudReasonCount);
        for (int i = 0; i < o.fraudReasonCount; i++)
        {
            out.writeByte(o.fraudReasons[i]);
            out.writeInt(o.fraudPoints[i]);
        }
        blob(out, o.fraudReviewer);
        blob(out, o.fraudNote);
        out.writeLong(o.reservationId);
        out.writeLong(o.createdAt);
        out.writeLong(o.updatedAt);
        out.writeLong(o.promisedDeliveryBy);
        out.writeInt(o.lineCount);
        for (int i = 0; i < o.lineCount; i++)
        {
            out.writeInt(o.skuIndex(i));
            out.writeInt(o.qty(i));
            out.writeLong(o.unitPriceMinor(i));
            out.writeInt(o.allocated(i));
            out.writeInt(o.backordered(i));
            out.writeInt(o.cancelled(i));
        }
        out.writeInt(o.allocationCount);
        for (long a = o.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
        {
            out.writeInt(Order.allocationLine(a));
            out.writeInt(Order.allocationLocationIndex(a));
            out.writeInt(Order.allocationUnits(a));
            out.writeLong(Order.allocatedAt(a));
        }
        out.writeInt(o.eventCount);
        for (long e = o.firstEvent; e != OrderTimeline.NONE; e = OrderTimeline.next(e))
        {
            out.writeLong(OrderTimeline.seq(e));
            out.writeLong(OrderTimeline.timeMillis(e));
            out.writeByte(OrderTimeline.type(e));
            out.writeByte(OrderTimeline.status(e));
            out.writeShort(OrderTimeline.line(e));
            out.writeInt(OrderTimeline.locationIndex(e));
            out.writeInt(OrderTimeline.units(e));
            blob(out, timeline.note(e), OrderTimeline.noteLength(e));
        }
        out.writeInt(o.capacityCount);
        for (int c = 0; c < o.capacityCount; c++)
        {
            out.writeInt(o.capacityNodeIndex(c));
            out.writeLong(o.capacityDay(c));
        }
        decisions.write(out, o.decisionAt);
        final BackorderFills fills = o.fills;
        out.writeInt(fills == null ? 0 : fills.count());
        if (fills != null)
        {
            for (int f = 0; f < fills.count(); f++)
            {
                out.writeShort(fills.line(f));
                out.writeByte(fills.trigger(f));
                decisions.write(out, fills.decision(f));
            }
            out.writeInt(fills.moreFills());
            out.writeLong(fills.moreUnits());
        }
    }

    /** The first format with each order's failed and settled refunds ({@link Order#refundFailedMinor}, rules 9). */
    static final int REFUND_FAILED_FORMAT = 8;
    /** The first format whose decisions are written in variable-length integers ({@link EngineSnapshot}). */
    static final int COMPACT_DECISIONS_FORMAT = 7;
    /** The first format whose decisions are written as their records' bytes ({@link DecisionRecords.Writer}). */
    static final int RECORD_DECISIONS_FORMAT = 9;

    /** Signed to unsigned, small magnitudes to small numbers: 0, −1, 1, −2 … → 0, 1, 2, 3 … */
    static long zigzag(final long v)
    {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(final long v)
    {
        return (v >>> 1) ^ -(v & 1);
    }

    /** Seven bits a byte, low first, the high bit set on every byte but the last: 1 to 10 bytes. */
    static void writeVarLong(final DataOutput out, final long value) throws IOException
    {
        long v = value;
        while ((v & ~0x7FL) != 0)
        {
            out.writeByte((int)(v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.writeByte((int)v);
    }

    static long readVarLong(final DataInput in) throws IOException
    {
        return in instanceof SnapshotReader reader ? reader.readVarLong() : readVarLongBytes(in);
    }

    /** {@link #readVarLong} a byte at a time: any input, and a snapshot's near the end of one of its blocks. */
    static long readVarLongBytes(final DataInput in) throws IOException
    {
        long value = 0;
        for (int shift = 0; shift < 64; shift += 7)
        {
            final int b = in.readUnsignedByte();
            value |= (long)(b & 0x7F) << shift;
            if ((b & 0x80) == 0)
            {
                if (shift == 63 && b > 1)
                {
                    break; // bits past the 64th
                }
                return value;
            }
        }
        throw new IOException("a variable-length integer longer than 64 bits");
    }

    private static int readVarInt(final DataInput in, final String what) throws IOException
    {
        final long v = unzigzag(readVarLong(in));
        if (v != (int)v)
        {
            throw new IOException(what + " " + v + " in a decision does not fit an int");
        }
        return (int)v;
    }

    /**
     * What a restore reuses from one order to the next instead of making it again for each (~3 KB an order of
     * short-lived arrays, most of what a restore allocated, and the young collections that came with them): the
     * columns of a decision ({@link DecisionStore#record} keeps nothing of them), the texts and event notes (copied
     * into the order's records off the heap), and the shared arrays of country and currency codes (as
     * {@code OrderCommands} shares them when an order is placed). One restore, one thread.
     */
    static final class Scratch
    {
        private int[] lineValues = new int[0];
        private Location[] location = new Location[0];
        private byte[] reason = new byte[0];
        private int[] distance = new int[0];
        private long[] cost = new long[0];
        private int[] capacityLeft = new int[0];
        private int[] allocatedUnits = new int[0];
        private long[] atp = new long[0];
        /** A decision's record as format 9 keeps it ({@link #readDecisionRecord}). */
        private byte[] record = new byte[1024];
        /** Per text field, an array at least as long as the text read into it, and the text's length. */
        private final byte[][] texts = new byte[Order.TEXT_COUNT][];
        private final int[] textLengths = new int[Order.TEXT_COUNT];
        private byte[] note = new byte[64];
        /** Codes of one to three capital letters, by {@link #codeKey}: one array each. */
        private final org.agrona.collections.Int2ObjectHashMap<byte[]> codes =
            new org.agrona.collections.Int2ObjectHashMap<>();

        Scratch()
        {
            java.util.Arrays.fill(texts, Order.EMPTY);
        }

        /**
         * Makes the decision columns hold {@code lines} lines and {@code candidates} candidates, sized as a decision
         * read into arrays of its own would make them (so a count no array can have fails as it did then).
         */
        private void decision(final int lines, final int candidates)
        {
            final int values = lines * SourcingDecision.LINE_VALUES;
            final int cells = candidates * lines;
            if (values < 0 || candidates < 0 || cells < 0)
            {
                throw new NegativeArraySizeException(String.valueOf(values < 0 ? values : candidates < 0 ?
                    candidates : cells));
            }
            if (lineValues.length < values)
            {
                lineValues = new int[Math.max(values, 2 * lineValues.length)];
            }
            if (location.length < candidates)
            {
                final int n = Math.max(candidates, 2 * location.length);
                location = new Location[n];
                reason = new byte[n];
                distance = new int[n];
                cost = new long[n];
                capacityLeft = new int[n];
                allocatedUnits = new int[n];
            }
            if (atp.length < cells)
            {
                atp = new long[Math.max(cells, 2 * atp.length)];
            }
        }

        /** Reads a text field's bytes into its scratch array. */
        private void text(final DataInput in, final int field) throws IOException
        {
            final int length = blobLength(in);
            if (texts[field].length < length)
            {
                texts[field] = new byte[Math.max(length, 2 * texts[field].length)];
            }
            in.readFully(texts[field], 0, length);
            textLengths[field] = length;
        }

        /** Reads an event's note into {@link #note}; answers its length. */
        private int note(final DataInput in) throws IOException
        {
            final int length = blobLength(in);
            if (note.length < length)
            {
                note = new byte[Math.max(length, 2 * note.length)];
            }
            in.readFully(note, 0, length);
            return length;
        }

        /**
         * A country or currency code: one shared array for each code of one to three capital letters (what an order
         * placed holds), a new one for anything else, {@link Order#EMPTY} for none.
         */
        private byte[] code(final DataInput in) throws IOException
        {
            final byte[] bytes = blob(in);
            final int key = codeKey(bytes);
            if (key < 0)
            {
                return bytes;
            }
            final byte[] shared = codes.get(key);
            if (shared != null)
            {
                return shared;
            }
            codes.put(key, bytes);
            return bytes;
        }

        /** As OrderCommands keys codes: length, then five bits a letter; -1 when not one to three capitals. */
        private static int codeKey(final byte[] bytes)
        {
            if (bytes.length == 0 || bytes.length > 3)
            {
                return -1;
            }
            int key = bytes.length;
            for (final byte b : bytes)
            {
                if (b < 'A' || b > 'Z')
                {
                    return -1;
                }
                key = (key << 5) | (b - 'A');
            }
            return key;
        }
    }

    private static void readOrder(final Order o, final Catalog catalog, final DecisionStore decisions,
        final DataInput in, final int format, final Scratch scratch) throws IOException
    {
        final boolean compact = format >= COMPACT_DECISIONS_FORMAT;
        final boolean records = format >= RECORD_DECISIONS_FORMAT;
        o.status = Codes.OrderStatus.fromCode(in.readByte());
        o.channelHash = in.readLong();
        // The texts are read in the snapshot's order and put in the order's record at the end, in field order.
        final byte[][] texts = scratch.texts;
        final int[] lengths = scratch.textLengths;
        scratch.text(in, Order.EXTERNAL_ID);
        scratch.text(in, Order.CUSTOMER);
        o.customerHash = Hashing.hash(texts[Order.CUSTOMER], 0, lengths[Order.CUSTOMER]);
        scratch.text(in, Order.EMAIL);
        scratch.text(in, Order.PHONE);
        o.deliveryMethod = Codes.DeliveryMethod.fromCode(in.readByte());
        o.serviceLevel = Codes.ServiceLevel.fromCode(in.readByte());
        o.pickupLocation = location(catalog, in.readInt());
        scratch.text(in, Order.SHIP_NAME);
        scratch.text(in, Order.LINE1);
        scratch.text(in, Order.CITY);
        scratch.text(in, Order.POSTAL_CODE);
        o.shipCountry = scratch.code(in);
        final boolean hasCoordinates = in.readBoolean();
        final int lat = in.readInt();
        final int lon = in.readInt();
        if (hasCoordinates)
        {
            o.shipTo(lat, lon);
        }
        o.billingCountry = scratch.code(in);
        scratch.text(in, Order.CLIENT_IP);
        o.paymentProvider = provider(blob(in));
        scratch.text(in, Order.PAYMENT_REFERENCE);
        o.paymentAmountMinor = in.readLong();
        o.paymentCurrency = scratch.code(in);
        o.currency = scratch.code(in);
        scratch.text(in, Order.PAYMENT_FINGERPRINT);
        o.texts(texts, lengths);
        o.paymentStatus = Codes.PaymentStatus.fromCode(in.readByte());
        o.authorizedMinor = in.readLong();
        o.capturedByActions = in.readLong();
        o.refundedByActions = in.readLong();
        o.capturedReported = in.readLong();
        o.refundedReported = in.readLong();
        o.refundFailedMinor = format >= REFUND_FAILED_FORMAT ? in.readLong() : 0;
        o.refundWithheldMinor = format >= REFUND_FAILED_FORMAT ? in.readLong() : 0;
        o.refundSettledMinor = format >= REFUND_FAILED_FORMAT ? in.readLong() : 0;
        o.recomputeMoney();
        o.paymentProblem = blob(in);
        o.fraudDecision = Codes.FraudDecision.fromCode(in.readByte());
        final int reasons = in.readInt();
        for (int i = 0; i < reasons; i++)
        {
            o.addFraudReason(Codes.FraudReason.fromCode(in.readByte()), in.readInt());
        }
        o.fraudReviewer = blob(in);
        o.fraudNote = blob(in);
        o.reservationId = in.readLong();
        o.createdAt = in.readLong();
        o.updatedAt = in.readLong();
        o.promisedDeliveryBy = in.readLong();
        o.lines(in.readInt());
        for (int i = 0; i < o.lineCount; i++)
        {
            final Sku sku = catalog.sku(in.readInt());
            final int qty = in.readInt();
            o.line(i, sku, qty, in.readLong());
            o.allocated(i, in.readInt());
            o.backordered(i, in.readInt());
            o.cancelled(i, in.readInt());
        }
        final int allocations = in.readInt();
        for (int a = 0; a < allocations; a++)
        {
            final int line = in.readInt();
            final Location location = catalog.location(in.readInt());
            final int qty = in.readInt();
            final long at = in.readLong();
            o.addAllocation(line, o.sku(line).findCell(location), qty, at);
            o.allocated(line, o.allocated(line) - qty); // addAllocation counts; the line total was read above
        }
        final int events = in.readInt();
        final Codes.OrderStatus status = o.status;
        final long updatedAt = o.updatedAt;
        for (int e = 0; e < events; e++)
        {
            final long seq = in.readLong();
            final long time = in.readLong();
            final Codes.OrderEventType type = Codes.OrderEventType.fromCode(in.readByte());
            o.status = Codes.OrderStatus.fromCode(in.readByte());
            final int line = in.readShort();
            final Location location = location(catalog, in.readInt());
            final int qty = in.readInt();
            final int noteLength = scratch.note(in);
            o.addEvent(seq, time, type, line, location, qty, scratch.note, noteLength);
        }
        o.status = status;
        o.updatedAt = updatedAt;
        final int capacity = in.readInt();
        for (int c = 0; c < capacity; c++)
        {
            o.restoreCapacity(catalog.location(in.readInt()), in.readLong());
        }
        o.decisionAt = ofLines(o, decisions, false, records ? readDecisionRecord(in, decisions, scratch) :
            readDecision(in, catalog, decisions, compact, scratch));
        final int fills = in.readInt();
        if (fills < 0 || fills > BackorderFills.MAX_RECORDED)
        {
            throw new IOException("order " + o.id + " with " + fills + " recorded backorder fills");
        }
        if (fills > 0)
        {
            o.fills = new BackorderFills();
            for (int f = 0; f < fills; f++)
            {
                final int line = in.readShort();
                if (line < 0 || line >= o.lineCount)
                {
                    throw new IOException("order " + o.id + " has a backorder fill of line " + line);
                }
                final byte trigger = in.readByte();
                // Checked as it was written: engine time, or the code of a command that can bring stock.
                if (trigger != BackorderFills.TRIGGER_ENGINE_TIME && CommandType.fromCode(trigger & 0xFF) == null)
                {
                    throw new IOException("order " + o.id + " has a backorder fill triggered by unknown command code " +
                        (trigger & 0xFF));
                }
                o.fills.add(line, trigger, ofLines(o, decisions, true, records ?
                    readDecisionRecord(in, decisions, scratch) : readDecision(in, catalog, decisions, compact, scratch)));
            }
            o.fills.restoreMore(in.readInt(), in.readLong());
        }
    }

    /**
     * A decision read for order {@code o}, with as many lines as its views read: a placement's none (not decided yet)
     * or the order's, a backorder fill's one. Views read a decision's lines without bounds checks (the sourcing view
     * reads a fill's line 0), so a record of another count would have them read past its end: refused (found in
     * review; no check before, in any format).
     */
    private static long ofLines(final Order o, final DecisionStore decisions, final boolean fill, final long address)
        throws IOException
    {
        final int lines = address == RecordArena.NONE ? 0 : decisions.view(address).lineCount;
        if (fill ? lines != 1 : lines != 0 && lines != o.lineCount)
        {
            throw new IOException("order " + o.id + " of " + o.lineCount + " lines has a " +
                (fill ? "backorder fill's" : "placement's") + " decision of " + lines + " lines");
        }
        return address;
    }

    /**
     * Reads a decision format 9 wrote ({@link DecisionRecords.Writer}) into the store and answers its address: its
     * header first, checked, for the length of the rest ({@link DecisionStore#restoredLength}), no more than the
     * snapshot has left (a count misread must not size an array past the bytes there are), then the rest, checked
     * whole before anything is recorded ({@link DecisionStore#restore}).
     */
    private static long readDecisionRecord(final DataInput in, final DecisionStore decisions, final Scratch scratch)
        throws IOException
    {
        byte[] bytes = scratch.record;
        in.readFully(bytes, 0, SourcingDecision.HEADER);
        final long length = decisions.restoredLength(bytes);
        if (in instanceof SnapshotReader reader && length - SourcingDecision.HEADER > reader.remaining())
        {
            throw new IOException("a decision record of " + length + " bytes with " +
                (reader.remaining() + SourcingDecision.HEADER) + " left in the snapshot");
        }
        if (bytes.length < length)
        {
            bytes = java.util.Arrays.copyOf(bytes, (int)Math.max(length, Math.min(2L * bytes.length,
                DecisionStore.MAX_RECORD_BYTES)));
            scratch.record = bytes;
        }
        in.readFully(bytes, SourcingDecision.HEADER, (int)length - SourcingDecision.HEADER);
        return decisions.restore(bytes, (int)length);
    }

    /** Reads a decision formats 6 to 8 wrote into the store and answers its address. */
    private static long readDecision(final DataInput in, final Catalog catalog, final DecisionStore decisions,
        final boolean compact, final Scratch scratch) throws IOException
    {
        final long decidedAt = in.readLong();
        final long decidedSeq = in.readLong();
        final boolean exact = in.readBoolean();
        final int shipments = in.readInt();
        final long planCostMinor = in.readLong();
        final int lines = in.readInt();
        final int candidates = in.readInt();
        scratch.decision(lines, candidates);
        final int[] lineValues = scratch.lineValues;
        final Location[] location = scratch.location;
        final byte[] reason = scratch.reason;
        final int[] distance = scratch.distance;
        final long[] cost = scratch.cost;
        final int[] capacityLeft = scratch.capacityLeft;
        final int[] allocatedUnits = scratch.allocatedUnits;
        final long[] atp = scratch.atp;
        for (int v = 0, values = lines * SourcingDecision.LINE_VALUES; v < values; v++)
        {
            lineValues[v] = in.readInt();
        }
        for (int c = 0; c < candidates; c++)
        {
            if (compact)
            {
                final long index = readVarLong(in);
                if (index < 0 || index >= catalog.locationCount())
                {
                    throw new IOException("a decision names location " + index + " of " + catalog.locationCount());
                }
                location[c] = catalog.location((int)index);
                reason[c] = reason(in);
                distance[c] = readVarInt(in, "distance");
                cost[c] = unzigzag(readVarLong(in));
                capacityLeft[c] = readVarInt(in, "capacity");
                allocatedUnits[c] = readVarInt(in, "units");
                for (int i = 0; i < lines; i++)
                {
                    atp[c * lines + i] = (c == 0 ? 0 : atp[(c - 1) * lines + i]) + unzigzag(readVarLong(in));
                }
                continue;
            }
            location[c] = catalog.location(in.readInt());
            reason[c] = reason(in);
            distance[c] = (int)in.readLong();
            cost[c] = in.readLong();
            capacityLeft[c] = in.readInt();
            allocatedUnits[c] = in.readInt();
            for (int i = 0; i < lines; i++)
            {
                atp[c * lines + i] = in.readLong();
            }
        }
        return decisions.record(decidedAt, decidedSeq, exact, shipments, planCostMinor, lines, lineValues, candidates,
            location, reason, distance, cost, capacityLeft, allocatedUnits, atp);
    }

    static void writePayments(final Engine engine, final DataOutput out) throws IOException
    {
        final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(256);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        final FraudScreen fraud = engine.fraud();
        fraud.rules().writeTo(w);
        final byte[] rules = new byte[w.length()];
        buffer.getBytes(0, rules);
        out.writeInt(rules.length);
        out.write(rules);
        final IOException[] failure = {null};
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            out.writeInt(fraud.windowSize(k));
            fraud.forEachInWindow(k, (time, key) ->
            {
                try
                {
                    out.writeLong(time);
                    out.writeLong(key);
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
        }
        final PaymentBook payments = engine.payments();
        out.writeInt(payments.size());
        for (long id = 1; id <= payments.size(); id++)
        {
            final PaymentAction a = payments.get(id);
            out.writeLong(a.orderId);
            out.writeByte(a.kind.code());
            out.writeByte(a.status.code());
            out.writeLong(a.amountMinor);
            out.writeInt(a.attempts);
            out.writeLong(a.createdAt);
            out.writeLong(a.resolvedAt);
            blob(out, a.detail);
        }
        out.writeInt(payments.seenEventsInOrder().size());
        for (final byte[] event : payments.seenEventsInOrder())
        {
            blob(out, event);
        }
    }

    static void readPayments(final Engine engine, final DataInput in) throws IOException
    {
        final byte[] rulesBytes = new byte[in.readInt()];
        in.readFully(rulesBytes);
        final FraudRules rules = FraudRules.readFrom(new PayloadReader().wrap(
            new org.agrona.concurrent.UnsafeBuffer(rulesBytes), 0, rulesBytes.length));
        if (rules == null)
        {
            throw new IOException("snapshot fraud rules are not readable");
        }
        final FraudScreen fraud = engine.fraud();
        fraud.rules(rules);
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            final int entries = in.readInt();
            if (entries < 0)
            {
                throw new IOException("velocity window of " + entries + " placements");
            }
            fraud.roomForWindow(k, EngineSnapshot.presize(in, entries, 2 * Long.BYTES));
            for (int i = 0; i < entries; i++)
            {
                fraud.restoreWindowEntry(k, in.readLong(), in.readLong());
            }
        }
        final PaymentBook payments = engine.payments();
        final int actions = in.readInt();
        for (int i = 0; i < actions; i++)
        {
            final PaymentAction a = payments.restoreNext();
            a.orderId = in.readLong();
            a.kind = Codes.PaymentActionKind.fromCode(in.readByte());
            a.status = Codes.PaymentActionStatus.fromCode(in.readByte());
            a.amountMinor = in.readLong();
            a.attempts = in.readInt();
            a.createdAt = in.readLong();
            a.resolvedAt = in.readLong();
            a.detail = blob(in);
        }
        payments.restoreCounts();
        for (long id = 1; id <= payments.size(); id++)
        {
            engine.orders().get(payments.get(id).orderId).addAction(id);
        }
        final int events = in.readInt();
        for (int i = 0; i < events; i++)
        {
            payments.restoreSeen(blob(in));
        }
        final OrderBook orders = engine.orders();
        for (long id = 1; id <= orders.lastId(); id++)
        {
            final Order o = orders.get(id);
            payments.indexReference(o);
            if (FraudScreen.makesKnown(o.fraudDecision))
            {
                fraud.knownCustomer(o.customerHash);
            }
        }
    }

    private static Location location(final Catalog catalog, final int index)
    {
        return index < 0 ? null : catalog.location(index);
    }

    private static void blob(final DataOutput out, final byte[] bytes) throws IOException
    {
        blob(out, bytes, bytes.length);
    }

    private static void blob(final DataOutput out, final byte[] bytes, final int length) throws IOException
    {
        out.writeInt(length);
        out.write(bytes, 0, length);
    }

    /** A candidate's reason read, one the views can name ({@link Codes.SourcingReason}), else refused. */
    private static byte reason(final DataInput in) throws IOException
    {
        final byte reason = in.readByte();
        if (Codes.SourcingReason.fromCode(reason & 0xFF) == null)
        {
            throw new IOException("a decision gives a candidate the reason code " + (reason & 0xFF));
        }
        return reason;
    }

    /** A payment provider read: the shared array of a provider an order may name, else the bytes read. */
    private static byte[] provider(final byte[] bytes)
    {
        return java.util.Arrays.equals(bytes, Order.STRIPE) ? Order.STRIPE :
            java.util.Arrays.equals(bytes, Order.OFFLINE) ? Order.OFFLINE : bytes;
    }

    /** The length of a field written by {@link #blob(DataOutput, byte[])}, checked. */
    private static int blobLength(final DataInput in) throws IOException
    {
        final int length = in.readInt();
        if (length < 0 || length > 0xFFFF)
        {
            throw new IOException("order field of " + length + " bytes");
        }
        return length;
    }

    private static byte[] blob(final DataInput in) throws IOException
    {
        final int length = blobLength(in);
        if (length == 0)
        {
            return Order.EMPTY;
        }
        final byte[] bytes = new byte[length];
        in.readFully(bytes);
        return bytes;
    }
}
