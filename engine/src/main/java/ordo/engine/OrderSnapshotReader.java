package ordo.engine;

import static ordo.engine.OrderSnapshot.CHANNEL_SOURCES_FORMAT;
import static ordo.engine.OrderSnapshot.CHARGES_FORMAT;
import static ordo.engine.OrderSnapshot.COMPACT_DECISIONS_FORMAT;
import static ordo.engine.OrderSnapshot.RECORD_DECISIONS_FORMAT;
import static ordo.engine.OrderSnapshot.REFUND_FAILED_FORMAT;
import static ordo.engine.OrderSnapshot.SHIPMENT_LIMIT_FORMAT;
import static ordo.engine.OrderSnapshot.blob;
import static ordo.engine.OrderSnapshotOldDecisions.readDecision;

import java.io.DataInput;
import java.io.IOException;

/**
 * Reads the order part of a snapshot ({@link OrderSnapshot}) of any format from
 * {@link EngineSnapshot#OLDEST_READ_FORMAT} into a fresh engine, checking what views would read unchecked; the
 * decisions formats 6 to 8 wrote are read by {@link OrderSnapshotOldDecisions}. Called by {@link EngineSnapshot#read},
 * one restore on one thread.
 */
final class OrderSnapshotReader
{
    private OrderSnapshotReader()
    {
    }

    /**
     * The rules placement checks across an order's charges and its lines (read after the charges): discounts at most
     * the lines' value, and the order's total within {@link OrderCommands#MAX_TOTAL_MINOR}.
     */
    private static void checkChargesAgainstLines(final Order o) throws IOException
    {
        if (o.charges == null)
        {
            return;
        }
        long linesValue = 0;
        try
        {
            for (int i = 0; i < o.lineCount; i++)
            {
                linesValue = Math.addExact(linesValue, Math.multiplyExact((long)o.qty(i), o.unitPriceMinor(i)));
            }
        }
        catch (final ArithmeticException e)
        {
            throw new IOException("order " + o.id + " has lines worth more than a long");
        }
        if (linesValue > OrderCommands.MAX_TOTAL_MINOR ||
            !OrderCharges.fitLines(o.charges.addedMinor(), o.charges.discountMinor, linesValue))
        {
            throw new IOException("order " + o.id + " has charges " + o.charges + " beside lines worth " + linesValue);
        }
    }

    /**
     * An order's charges (format 12), each checked as placement checks it, and their sums (shipping and fees, and
     * discounts, each within {@link OrderCommands#MAX_TOTAL_MINOR}, so they add without overflow); null when it has
     * none. The lines come later: {@link #checkChargesAgainstLines} checks the rest.
     */
    private static OrderCharges charges(final Order o, final DataInput in) throws IOException
    {
        final int count = in.readUnsignedByte();
        if (count == 0)
        {
            return null;
        }
        if (count > OrderCharges.MAX_CHARGES)
        {
            throw new IOException("order " + o.id + " has " + count + " charges (at most " + OrderCharges.MAX_CHARGES +
                ")");
        }
        final byte[] kinds = new byte[count];
        final long[] amounts = new long[count];
        final byte[][] names = new byte[count][];
        long added = 0;
        long discounts = 0;
        for (int i = 0; i < count; i++)
        {
            kinds[i] = in.readByte();
            amounts[i] = in.readLong();
            names[i] = blob(in);
            if (!OrderCharges.valid(kinds[i], amounts[i], names[i].length) ||
                !OrderCharges.sumFits(kinds[i], amounts[i], added, discounts))
            {
                throw new IOException("order " + o.id + " has a charge of kind " + kinds[i] + ", " + amounts[i] +
                    " minor units and a name of " + names[i].length + " bytes, after charges of " + added +
                    " and discounts of " + discounts);
            }
            if (kinds[i] == Codes.ChargeKind.DISCOUNT.code())
            {
                discounts += amounts[i];
            }
            else
            {
                added += amounts[i];
            }
        }
        return new OrderCharges(kinds, amounts, names, count);
    }

    static void readChannels(final Engine engine, final DataInput in, final int format) throws IOException
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
            final int sources = format >= CHANNEL_SOURCES_FORMAT ? in.readInt() : -1;
            if (sources < -1 || sources == 0 || sources > Channel.MAX_SOURCES)
            {
                throw new IOException("snapshot channel " + c.index + " lists " + sources + " locations");
            }
            final int[] indexes = sources < 0 ? null : new int[sources];
            for (int s = 0; s < sources; s++)
            {
                indexes[s] = in.readInt();
                if (indexes[s] < 0 || indexes[s] >= catalog.locationCount())
                {
                    throw new IOException("snapshot channel " + c.index + " lists location index " + indexes[s]);
                }
            }
            c.sources(Math.max(0, sources), indexes);
        }
        catalog.keptHolds().channelsChanged();
        final byte[] policyBytes = new byte[in.readInt()];
        in.readFully(policyBytes);
        final PayloadReader r = new PayloadReader().wrap(new org.agrona.concurrent.UnsafeBuffer(policyBytes), 0,
            policyBytes.length);
        final SourcingPolicy policy = SourcingPolicy.readFrom(r, true, format >= SHIPMENT_LIMIT_FORMAT);
        if (policy == null)
        {
            throw new IOException("snapshot sourcing policy is not readable");
        }
        engine.channels().policy(policy);
    }

    /** @param format the snapshot's ({@link EngineSnapshot#OLDEST_READ_FORMAT}..): how its decisions are written */
    static void readOrders(final Engine engine, final DataInput in, final int format) throws IOException
    {
        final Catalog catalog = engine.catalog();
        final OrderBook orders = engine.orders();
        final long count = in.readLong();
        final OrderSnapshotScratch scratch = new OrderSnapshotScratch();
        for (long i = 0; i < count; i++)
        {
            readOrder(orders.restoreNext(), catalog, orders.decisions(), in, format, scratch);
        }
        orders.rebuildDerived();
    }

    private static void readOrder(final Order o, final Catalog catalog, final DecisionStore decisions,
        final DataInput in, final int format, final OrderSnapshotScratch scratch) throws IOException
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
        o.maxShipments = format >= SHIPMENT_LIMIT_FORMAT ? in.readUnsignedByte() : 0;
        if (o.maxShipments > SourcingPolicy.MAX_SHIPMENTS)
        {
            throw new IOException("order " + o.id + " has a shipment limit of " +
                o.maxShipments + " (at most " + SourcingPolicy.MAX_SHIPMENTS + ")");
        }
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
        o.charges = format >= CHARGES_FORMAT ? charges(o, in) : null;
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
        checkChargesAgainstLines(o);
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
            final Location node = catalog.location(in.readInt());
            final long day = in.readLong();
            o.restoreCapacity(node, format >= EngineSnapshot.CAPACITY_DAY_FORMAT ? day : Location.endOfUtcDay(day));
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
    private static long readDecisionRecord(final DataInput in, final DecisionStore decisions,
        final OrderSnapshotScratch scratch) throws IOException
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

    /** A payment provider read: the shared array of a provider an order may name, else the bytes read. */
    private static byte[] provider(final byte[] bytes)
    {
        return java.util.Arrays.equals(bytes, Order.STRIPE) ? Order.STRIPE :
            java.util.Arrays.equals(bytes, Order.OFFLINE) ? Order.OFFLINE : bytes;
    }
}
