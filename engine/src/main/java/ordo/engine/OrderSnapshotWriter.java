package ordo.engine;

import static ordo.engine.OrderSnapshot.blob;

import java.io.DataOutput;
import java.io.IOException;

/**
 * Writes the order part of a snapshot ({@link OrderSnapshot}) in the current format,
 * {@link EngineSnapshot#FORMAT_VERSION}; {@link OrderSnapshotReader} reads it back. Called by
 * {@link EngineSnapshot#write} on the thread that owns the engine.
 */
final class OrderSnapshotWriter
{
    private OrderSnapshotWriter()
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
            out.writeInt(c.sources == null ? -1 : c.sources.length);
            for (int s = 0; c.sources != null && s < c.sources.length; s++)
            {
                out.writeInt(c.sources[s]);
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
        out.writeByte(o.maxShipments);
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
        final OrderCharges charges = o.charges;
        final int chargeCount = charges == null ? 0 : charges.count();
        out.writeByte(chargeCount);
        for (int i = 0; i < chargeCount; i++)
        {
            out.writeByte(charges.kindCode(i));
            out.writeLong(charges.amountMinor(i));
            blob(out, charges.name(i));
        }
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
}
