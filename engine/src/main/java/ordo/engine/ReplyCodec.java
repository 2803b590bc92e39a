package ordo.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Objects;

import org.agrona.DirectBuffer;
import org.agrona.UnsafeApi;

/**
 * The byte layout of the variable part of replies (views), written by the engine and read by the gateway and
 * tools. All fields little-endian; strings as in {@link PayloadWriter}.
 *
 * <pre>
 * RESERVATION view  id:i64 status:u8 channel:ascii customer:ascii location:ascii(empty=network)
 *                   createdAt:i64 expiresAt:i64 endedAt:i64(0=live) lineCount:u16 { sku:ascii qty:i32 }
 *                   [convertedBy:i64 (the order's id), only when the status is CONVERTED]
 * CELL view         sku:ascii location:ascii onHand:i64 reserved:i64 allocated:i64 safetyStock:i64 atp:i64
 * INVENTORY view    sku:ascii networkOnHand:i64 networkReserved:i64 networkAllocated:i64 networkAtp:i64
 *                   networkBackordered:i64 networkHolds:i64 (held against the network, in no node's reserved)
 *                   locationCount:u16 { location:ascii active:u8 onHand:i64 reserved:i64 allocated:i64
 *                   safetyStock:i64 atp:i64 backordered:i64 (units pickup orders wait for at this store) }
 *                   (a row per stock cell, and per store without one whose pickup orders wait for it, in location
 *                   order)
 *                   (networkReserved counts node holds and network holds; networkAtp may be negative after a
 *                   downward count: the shortfall)
 * LOCATION view     id:ascii type:u8 name:text latMicro:i32 lonMicro:i32 country:ascii capabilities:u8
 *                   dailyOrderCapacity:i32 handlingCostMinor:i64 currency:ascii active:u8
 *                   shipsToCount:u8 { country:2 bytes }   (rules version 15: a view an older build kept for an
 *                   idempotent replay ends before it, and ships anywhere)
 *                   dayStartsAtMinute:u16 dayStartsAtOffsetMinutes:i16   (rules version 19; before, midnight UTC)
 * SKU view          id:ascii name:text weightGrams:i32 perCustomerLimit:i32 saleStartsAt:i64 saleEndsAt:i64
 *                   allowBackorder:u8
 * LINE reject       sku:ascii   (with tuple: entityId = SKU index, a = available, b = limit, c = requested,
 *                   d = line index; an order's INSUFFICIENT_STOCK: b = the units at nodes the order may not use
 *                   × 256 + the SourcingReason code most of them share, 0 when none)
 * CHANNEL view      id:ascii kind:u8 name:text poolCount:u8 { sku:ascii(empty = every SKU) shareBps:u16 }
 *                   sourceCount:u16 { locationId:ascii }   (0: every location)
 * POLICY view       the SET_SOURCING_POLICY body (layout in SourcingPolicy)
 * ORDER view        id:i64 status:u8 channel:ascii externalId:ascii customerId:ascii email:text phone:text
 *                   deliveryMethod:u8 serviceLevel:u8 pickupLocation:ascii
 *                   shipName:text line1:text city:text postalCode:text shipCountry:ascii
 *                   hasCoordinates:u8 latMicro:i32 lonMicro:i32 billingCountry:ascii clientIp:ascii
 *                   paymentProvider:ascii paymentReference:ascii paymentAmountMinor:i64 paymentCurrency:ascii
 *                   currency:ascii reservationId:i64(0=none) createdAt:i64 updatedAt:i64
 *                   promisedDeliveryBy:i64(0 = not known: units still backordered)
 *                   lineCount:u16 { sku:ascii qty:i32 unitPriceMinor:i64 allocated:i32 backordered:i32 cancelled:i32 }
 *                   allocationCount:i32 { line:u16 location:ascii qty:i32 allocatedAt:i64 }
 *                   paymentStatus:u8 authorizedMinor:i64 capturedMinor:i64 refundedMinor:i64 paymentProblem:text
 *                   paymentFingerprint:ascii fraudDecision:u8(0 = not screened) fraudScore:i32
 *                   reasonCount:u8 { reason:u8 points:i32 } reviewer:ascii reviewNote:text
 *                   maxShipments:u8(0 = no limit; rules version 14: a view an older build kept for an idempotent
 *                   replay ends before it, and reads as no limit, as its order had none)
 *                   chargeCount:u8 { kind:u8 amountMinor:i64 name:text } totalMinor:i64 openTotalMinor:i64
 *                   (rules version 16: a view an older build kept ends before them; its order had no charges)
 *                   (qty = allocated + backordered + cancelled per line; allocations list open allocated units)
 * FRAUD_RULES view  the SET_FRAUD_RULES body (layout in FraudRules)
 * PAYMENT_ACTIONS   count:u16 { actionId:i64 orderId:i64 kind:u8 status:u8 provider:ascii reference:ascii
 *   view            amountMinor:i64 currency:ascii attempts:i32 } nextAfter:i64(0 = no more)
 *                   (outstanding actions; the provider idempotency key is "ordo_" + orderId + "_" + actionId)
 * payment/fraud ok  tuple: entityId = action or order id, a = 1 applied / 0 already applied (a duplicate report
 *                   or webhook) / 2 webhook for an unknown reference, b = order id (0 if none); data = ORDER view
 * ORDER_EVENTS view id:i64 status:u8 reservationId:i64(0=none) eventCount:i32 { seq:i64 time:i64 type:u8 statusAfter:u8 line:i16(-1 = order)
 *                   sku:ascii location:ascii qty:i32 note:text }
 * SOURCING view     id:i64 deliveryMethod:u8 serviceLevel:u8 decidedAt:i64 decidedSeq:i64 hasCoordinates:u8
 *                   latMicro:i32 lonMicro:i32 exact:u8(1 = exact search, 0 = greedy) shipments:u16 planCostMinor:i64
 *                   maxShipments:u8(0 = no limit) lineCount:u16 { sku:ascii requested:i32 fromReservation:i32
 *                   allocated:i32 backordered:i32 cancelled:i32 }   (as decided at placement)
 *                   candidateCount:u16 { location:ascii type:u8 reason:u8 distanceMetres:i64(-1 = unknown)
 *                   costMinor:i64(-1 = not priced) capacityLeft:i32(-1 = unlimited) allocatedUnits:i32
 *                   atp:i64 × lineCount (units this node could give each line: after safety stock, pool) }
 *                   fillCount:u16 { decidedAt:i64 decidedSeq:i64 trigger:u8(command type code, 0 = engine time)
 *                   exact:u8 shipments:u16 planCostMinor:i64 sku:ascii backorderedBefore:i32 allocated:i32
 *                   backorderedAfter:i32 candidateCount:u16 { candidate as above, atp:i64 × 1 } }
 *                   moreFills:i32 moreFillUnits:i64   (backorder fills after placement, oldest first; beyond
 *                   the first BackorderFills.MAX_RECORDED only counted)
 *                   waitingCount:u16 { sku:ascii line:u16 backordered:i32 linesAhead:i32 aFillWouldGive:i32
 *                   candidateCount:u16 { candidate as above, atp:i64 × 1 } }   (each line still backordered, planned
 *                   at engine time as a fill would plan it first in line: WaitingLines)
 * ORDER_LIST view   count:u16 { id:i64 status:u8 channel:ascii externalId:ascii customerId:ascii createdAt:i64
 *                   updatedAt:i64 units:i64 totalMinor:i64 currency:ascii deliveryMethod:u8
 *                   pickupLocation:ascii(empty = shipped) } nextAfter:i64(0 = no more)
 * PLACE_ORDER ok    tuple: entityId = order id, a = 1 when created now, 0 when channel + externalId named an
 *                   existing order (answered 200 with it); data = ORDER view
 * </pre>
 */
public final class ReplyCodec
{
    private ReplyCodec()
    {
    }

    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);
    private static final VarHandle LONG = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle INT = MethodHandles.byteArrayViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);
    private static final VarHandle SHORT =
        MethodHandles.byteArrayViewVarHandle(short[].class, ByteOrder.LITTLE_ENDIAN);

    /**
     * Written straight into the reply's array after one capacity check: every reserve and release answers with this
     * view, and field-by-field writes through the buffer (a capacity check and a call each) cost as much as the
     * rest of a release. The bytes are exactly what {@link PayloadWriter} would write.
     */
    static void reservation(final Reply reply, final Reservation r, final Catalog catalog,
        final Codes.ReservationStatus shownStatus, final long shownEndedAt)
    {
        final byte[] channel = catalog.channel(r.channelHash);
        final int channelLength = channel == null ? 0 : channel.length;
        final Location node = r.location();
        final byte[] location = node == null ? null : node.id;
        final int locationLength = location == null ? 0 : location.length;
        final boolean converted = shownStatus == Codes.ReservationStatus.CONVERTED;
        int size = 8 + 1 + (1 + channelLength) + (1 + r.customerLength) + (1 + locationLength) + 3 * 8 + 2 +
            (converted ? 8 : 0);
        for (int i = 0; i < r.lineCount; i++)
        {
            size += 1 + r.sku(i).idLength + 4;
        }
        // Room for a short id written as its two whole words (Reservation.copyCustomer, skuId).
        final byte[] out = reply.dataArray(size + Reservation.INLINE_ID_BYTES);
        LONG.set(out, 0, r.id);
        out[8] = (byte)shownStatus.code();
        int p = ascii(out, 9, channel, channelLength);
        out[p] = (byte)r.customerLength;
        p = r.copyCustomer(out, p + 1);
        p = ascii(out, p, location, locationLength);
        LONG.set(out, p, r.createdAt);
        LONG.set(out, p + 8, r.expiresAt);
        LONG.set(out, p + 16, shownEndedAt);
        SHORT.set(out, p + 24, (short)r.lineCount);
        p += 26;
        for (int i = 0; i < r.lineCount; i++)
        {
            p = skuId(out, p, r.sku(i));
            INT.set(out, p, r.qty(i));
            p += 4;
        }
        if (converted)
        {
            LONG.set(out, p, r.convertedBy);
            p += 8;
        }
        reply.dataLength(p);
    }

    /**
     * A reservation's view as {@link #reservation} writes it, for the reply stage to lay out when it reads the reply
     * where that is safe and cheaper: a one-line hold with a customer id of up to {@link Reservation#INLINE_ID_BYTES}
     * bytes (the usual cart hold) has its fields copied into the reply, nothing it references ever changes; any other
     * is written now.
     */
    static void reservationView(final Reply reply, final Reservation r, final Catalog catalog,
        final Codes.ReservationStatus shownStatus, final long shownEndedAt)
    {
        if (r.lineCount == 1 && r.customerLength <= Reservation.INLINE_ID_BYTES)
        {
            reply.oneLineView(r.id, shownStatus.code(), catalog.channel(r.channelHash), r.customerLength,
                r.customerWord0, r.customerWord1, r.isNetwork() ? null : r.location().id, r.createdAt, r.expiresAt,
                shownEndedAt, r.sku(0), r.qty(0));
        }
        else
        {
            reservation(reply, r, catalog, shownStatus, shownEndedAt);
        }
    }

    /** The view {@link #reservation} writes for a one-line hold, from the fields {@link #reservationView} kept. */
    static void oneLineReservation(final Reply reply, final long id, final int status, final byte[] channel,
        final int customerLength, final long customerWord0, final long customerWord1, final byte[] location,
        final long createdAt, final long expiresAt, final long endedAt, final Sku sku, final int qty)
    {
        final int channelLength = channel == null ? 0 : channel.length;
        final int locationLength = location == null ? 0 : location.length;
        final int size = 8 + 1 + (1 + channelLength) + (1 + customerLength) + (1 + locationLength) + 3 * 8 + 2 +
            1 + sku.idLength + 4;
        // Room for the customer and a short SKU id written as their two whole words.
        final byte[] out = reply.dataArray(size + Reservation.INLINE_ID_BYTES);
        LONG.set(out, 0, id);
        out[8] = (byte)status;
        int p = ascii(out, 9, channel, channelLength);
        out[p] = (byte)customerLength;
        LONG.set(out, p + 1, customerWord0);
        LONG.set(out, p + 9, customerWord1);
        p = ascii(out, p + 1 + customerLength, location, locationLength);
        LONG.set(out, p, createdAt);
        LONG.set(out, p + 8, expiresAt);
        LONG.set(out, p + 16, endedAt);
        SHORT.set(out, p + 24, (short)1);
        p = skuId(out, p + 26, sku);
        INT.set(out, p, qty);
        reply.dataLength(p + 4);
    }

    /**
     * The view of a hold just made by a RESERVE, copied from the command: its channel, customer and location ids
     * and its line count and lines are laid out exactly as the view lays them out, so two copies replace a field
     * by field render (and touch no catalog entry). {@code ids} covers channel..location, {@code lines} covers
     * lineCount and every line. Written when the reply is read ({@link Reply#heldView}).
     */
    static void heldReservation(final Reply reply, final long id, final long createdAt, final long expiresAt,
        final DirectBuffer command, final int idsAt, final int idsLength, final int linesAt, final int linesLength)
    {
        final byte[] out = reply.dataArray(8 + 1 + idsLength + 3 * 8 + linesLength);
        LONG.set(out, 0, id);
        out[8] = (byte)Codes.ReservationStatus.HELD.code();
        copy(command, idsAt, out, 9, idsLength);
        int p = 9 + idsLength;
        LONG.set(out, p, createdAt);
        LONG.set(out, p + 8, expiresAt);
        LONG.set(out, p + 16, 0L);
        p += 24;
        copy(command, linesAt, out, p, linesLength);
        reply.dataLength(p + linesLength);
    }

    /**
     * Copies a run of a command into a view a word at a time, the last word overlapping the one before: the runs are
     * a few tens of bytes, which a bounds-checked copy call costs more to set up than to do.
     */
    private static void copy(final DirectBuffer from, final int index, final byte[] out, final int at,
        final int length)
    {
        from.boundsCheck(index, length);
        Objects.checkFromIndexSize(at, length, out.length);
        final byte[] array = from.byteArray();
        final long address = from.addressOffset() + index;
        final long target = BYTE_ARRAY_BASE + at;
        if (length < 8)
        {
            for (int i = 0; i < length; i++)
            {
                UnsafeApi.putByte(out, target + i, UnsafeApi.getByte(array, address + i));
            }
            return;
        }
        for (int i = 0; i < length - 8; i += 8)
        {
            UnsafeApi.putLong(out, target + i, UnsafeApi.getLong(array, address + i));
        }
        UnsafeApi.putLong(out, target + length - 8, UnsafeApi.getLong(array, address + length - 8));
    }

    /**
     * A SKU id of up to sixteen bytes is written from the two words the SKU keeps for lookups, so a release's view
     * does not read the id's own array (by then a cold line: a lookup compares the words only). The caller leaves
     * sixteen bytes of room after the id; what follows it overwrites the excess.
     */
    private static int skuId(final byte[] out, final int at, final Sku sku)
    {
        final int length = sku.idLength;
        if (length > 16)
        {
            return ascii(out, at, sku.id, length);
        }
        out[at] = (byte)length;
        LONG.set(out, at + 1, sku.idWord0);
        LONG.set(out, at + 9, sku.idWord1);
        return at + 1 + length;
    }

    /** An order's id or code text as {@link #ascii(byte[], int, byte[], int)} writes one: a length byte, the bytes. */
    private static int ascii(final byte[] out, final int at, final Order o, final int field)
    {
        final int length = o.copyText(field, out, at + 1);
        out[at] = (byte)length;
        return at + 1 + length;
    }

    private static int ascii(final byte[] out, final int at, final byte[] bytes, final int length)
    {
        out[at] = (byte)length;
        if (length > 0)
        {
            System.arraycopy(bytes, 0, out, at + 1, length);
        }
        return at + 1 + length;
    }

    static void cell(final Reply reply, final Sku sku, final Location location,
        final long onHand, final long reserved, final long allocated, final long safetyStock)
    {
        final PayloadWriter w = reply.beginData();
        w.putAscii(sku.id, sku.id.length).putAscii(location.id, location.id.length)
            .putLong(onHand).putLong(reserved).putLong(allocated).putLong(safetyStock)
            .putLong(onHand - reserved - allocated - safetyStock);
        reply.endData();
    }

    /**
     * {@code pickupBackordered}: by location index, the units pickup orders wait for at each store; a store without a
     * stock cell of the SKU whose pickup orders wait for it gets a row of its own (no stock, those units), in location
     * order with the cells. With a {@code channel} (its id in {@code channelId[0..channelIdLength)}), the view ends
     * with what that channel may sell ({@link #channelStock}).
     */
    static void inventory(final Reply reply, final Sku sku, final long networkBackordered,
        final long[] pickupBackordered, final Catalog catalog, final ChannelStock channel)
    {
        final PayloadWriter w = reply.beginData();
        writeNetworkStock(w, sku, networkBackordered);
        final int locations = catalog.locationCount();
        final int cells = sku.cellCount();
        int rows = 0;
        for (int l = 0, c = 0; l < locations; l++)
        {
            final boolean hasCell = c < cells && sku.cell(c).location.index == l;
            if (hasCell || pickupBackordered[l] > 0)
            {
                rows++;
            }
            c += hasCell ? 1 : 0;
        }
        w.putShort(rows);
        for (int l = 0, c = 0; l < locations; l++)
        {
            if (c < cells && sku.cell(c).location.index == l)
            {
                final StockCell cell = sku.cell(c++);
                w.putAscii(cell.location.id, cell.location.id.length).putByte(cell.location.active ? 1 : 0)
                    .putLong(cell.onHand).putLong(cell.reserved).putLong(cell.allocated).putLong(cell.safetyStock)
                    .putLong(cell.atp()).putLong(pickupBackordered[l]);
            }
            else if (pickupBackordered[l] > 0)
            {
                final Location store = catalog.location(l);
                w.putAscii(store.id, store.id.length).putByte(store.active ? 1 : 0).putLong(0).putLong(0).putLong(0)
                    .putLong(0).putLong(0).putLong(pickupBackordered[l]);
            }
        }
        if (channel != null)
        {
            channel.write(w, sku, pickupBackordered, catalog);
        }
        reply.endData();
    }

    /**
     * A SKU's network figures, as the INVENTORY view begins and as an item of the stock feed ({@link CatalogLists}):
     * {@code sku:ascii onHand reserved allocated atp backordered networkHolds} (i64 each).
     */
    static void writeNetworkStock(final PayloadWriter w, final Sku sku, final long networkBackordered)
    {
        long onHand = 0;
        long reserved = sku.networkReserved;
        long allocated = 0;
        for (int i = 0; i < sku.cellCount(); i++)
        {
            final StockCell cell = sku.cell(i);
            onHand += cell.onHand;
            reserved += cell.reserved;
            allocated += cell.allocated;
        }
        w.putAscii(sku.id, sku.id.length).putLong(onHand).putLong(reserved).putLong(allocated)
            .putLong(sku.networkAtp()).putLong(networkBackordered).putLong(sku.networkReserved);
    }

    static void location(final Reply reply, final Location l)
    {
        writeLocation(reply.beginData(), l);
        reply.endData();
    }

    /** A LOCATION view's fields, alone or as an item of a list ({@link CatalogLists}). */
    static void writeLocation(final PayloadWriter w, final Location l)
    {
        w.putAscii(l.id, l.id.length).putByte(l.type.code()).putText(l.name).putInt(l.latMicro).putInt(l.lonMicro)
            .putAscii(l.countryCode).putByte(l.capabilities).putInt(l.dailyOrderCapacity)
            .putLong(l.handlingCostMinor).putAscii(l.currency).putByte(l.active ? 1 : 0).putByte(l.shipsTo.length);
        for (final short country : l.shipsTo)
        {
            w.putByte(country >> 8).putByte(country & 0xFF);
        }
        w.putShort(l.dayStartsAtMinute).putShort(l.dayStartsAtOffsetMinutes);
    }

    static void sku(final Reply reply, final Sku s)
    {
        writeSku(reply.beginData(), s);
        reply.endData();
    }

    /** A SKU view's fields, alone or as an item of a list ({@link CatalogLists}). */
    static void writeSku(final PayloadWriter w, final Sku s)
    {
        w.putAscii(s.id, s.id.length).putText(s.name).putInt(s.weightGrams).putInt(s.perCustomerLimit)
            .putLong(s.saleStartsAt).putLong(s.saleEndsAt).putByte(s.allowBackorder ? 1 : 0);
    }

    static void skuId(final Reply reply, final Sku sku)
    {
        reply.beginData().putAscii(sku.id, sku.id.length);
        reply.endData();
    }
    static void channel(final Reply reply, final Channel c, final Catalog catalog)
    {
        writeChannel(reply.beginData(), c, catalog);
        reply.endData();
    }

    /** A CHANNEL view's fields, alone or as an item of a list ({@link CatalogLists}). */
    static void writeChannel(final PayloadWriter w, final Channel c, final Catalog catalog)
    {
        w.putAscii(c.id, c.id.length).putByte(c.kind.code()).putText(c.name).putByte(c.poolCount);
        for (int i = 0; i < c.poolCount; i++)
        {
            if (c.poolSku[i] == Channel.EVERY_SKU)
            {
                w.putByte(0);
            }
            else
            {
                final byte[] sku = catalog.sku(c.poolSku[i]).id;
                w.putAscii(sku, sku.length);
            }
            w.putShort(c.poolShareBps[i]);
        }
        // The locations it takes stock from, as listed (0: every location).
        final int sources = c.sources == null ? 0 : c.sources.length;
        w.putShort(sources);
        for (int i = 0; i < sources; i++)
        {
            final byte[] location = catalog.location(c.sources[i]).id;
            w.putAscii(location, location.length);
        }
    }

    static void policy(final Reply reply, final SourcingPolicy policy)
    {
        policy.writeTo(reply.beginData());
        reply.endData();
    }

    /**
     * The length fields of an order view's eleven free texts: one byte for the ids, IP and payment texts, two for the
     * contact and address texts (email, phone, name, street, city, postal code).
     */
    private static final int TEXT_LENGTH_BYTES = 5 * 1 + 6 * 2;

    /**
     * Written straight into the reply's array after one capacity check, as the reservation view is: every placed
     * order answers with this view, and its sixty-odd fields written one by one through the buffer (a capacity
     * check and a call each) cost a tenth of placing the order. The bytes are exactly what {@link PayloadWriter}
     * would write.
     */
    static void order(final Reply reply, final Order o, final Catalog catalog)
    {
        final byte[] channel = catalog.channel(o.channelHash);
        final Location pickup = o.pickupLocation;
        // The free texts' lengths (1 or 2 bytes each) and bytes: all eleven are written, the fingerprint last.
        int size = 8 + 1 + (1 + channel.length) + TEXT_LENGTH_BYTES + 3 +
            (1 + (pickup == null ? 0 : pickup.id.length)) + (1 + o.shipCountry.length) + 1 + 8 +
            (1 + o.billingCountry.length) + (1 + o.paymentProvider.length) + 8 +
            (1 + o.paymentCurrency.length) + (1 + o.currency.length) + 4 * 8 + 2 + o.textsLength();
        for (int i = 0; i < o.lineCount; i++)
        {
            size += 1 + o.sku(i).idLength + 4 + 8 + 3 * 4;
        }
        int open = 0;
        size += 4;
        for (long a = o.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
        {
            if (Order.allocationUnits(a) > 0)
            {
                open++;
                size += 2 + 1 + o.allocationLocation(a).id.length + 4 + 8;
            }
        }
        final byte[] paymentProblem = o.shownPaymentProblem();
        size += 1 + 3 * 8 + (2 + paymentProblem.length) + 1 + 4 + 1 +
            o.fraudReasonCount * (1 + 4) + (1 + o.fraudReviewer.length) + (2 + o.fraudNote.length);
        final OrderCharges charges = o.charges;
        final int chargeCount = charges == null ? 0 : charges.count();
        size += 1 + 1 + 2 * 8;
        for (int i = 0; i < chargeCount; i++)
        {
            size += 1 + 8 + 2 + charges.name(i).length;
        }
        // Room for a short SKU id written as its two whole words (skuId).
        final byte[] out = reply.dataArray(size + 16);
        LONG.set(out, 0, o.id);
        out[8] = (byte)o.status.code();
        int p = ascii(out, 9, channel, channel.length);
        p = ascii(out, p, o, Order.EXTERNAL_ID);
        p = ascii(out, p, o, Order.CUSTOMER);
        p = text(out, p, o, Order.EMAIL);
        p = text(out, p, o, Order.PHONE);
        out[p] = (byte)o.deliveryMethod.code();
        out[p + 1] = (byte)o.serviceLevel.code();
        p += 2;
        p = pickup == null ? ascii(out, p, (byte[])null, 0) : ascii(out, p, pickup.id, pickup.id.length);
        p = text(out, p, o, Order.SHIP_NAME);
        p = text(out, p, o, Order.LINE1);
        p = text(out, p, o, Order.CITY);
        p = text(out, p, o, Order.POSTAL_CODE);
        p = ascii(out, p, o.shipCountry, o.shipCountry.length);
        out[p] = (byte)(o.hasCoordinates ? 1 : 0);
        INT.set(out, p + 1, o.latMicro);
        INT.set(out, p + 5, o.lonMicro);
        p += 9;
        p = ascii(out, p, o.billingCountry, o.billingCountry.length);
        p = ascii(out, p, o, Order.CLIENT_IP);
        p = ascii(out, p, o.paymentProvider, o.paymentProvider.length);
        p = ascii(out, p, o, Order.PAYMENT_REFERENCE);
        LONG.set(out, p, o.paymentAmountMinor);
        p = ascii(out, p + 8, o.paymentCurrency, o.paymentCurrency.length);
        p = ascii(out, p, o.currency, o.currency.length);
        LONG.set(out, p, o.reservationId);
        LONG.set(out, p + 8, o.createdAt);
        LONG.set(out, p + 16, o.updatedAt);
        LONG.set(out, p + 24, o.promisedDeliveryBy);
        SHORT.set(out, p + 32, (short)o.lineCount);
        p += 34;
        long linesValue = 0;
        long openValue = 0;
        long openUnits = 0;
        for (int i = 0; i < o.lineCount; i++)
        {
            p = skuId(out, p, o.sku(i));
            final int qty = o.qty(i);
            final long price = o.unitPriceMinor(i);
            final int cancelled = o.cancelled(i);
            INT.set(out, p, qty);
            LONG.set(out, p + 4, price);
            INT.set(out, p + 12, o.allocated(i));
            INT.set(out, p + 16, o.backordered(i));
            INT.set(out, p + 20, cancelled);
            p += 24;
            linesValue += qty * price;
            openValue += (qty - cancelled) * price;
            openUnits += qty - cancelled;
        }
        INT.set(out, p, open);
        p += 4;
        for (long a = o.firstAllocation; a != RecordArena.NONE; a = Order.nextAllocation(a))
        {
            final int units = Order.allocationUnits(a);
            if (units > 0)
            {
                SHORT.set(out, p, (short)Order.allocationLine(a));
                final Location at = o.allocationLocation(a);
                p = ascii(out, p + 2, at.id, at.id.length);
                INT.set(out, p, units);
                LONG.set(out, p + 4, Order.allocatedAt(a));
                p += 12;
            }
        }
        out[p] = (byte)o.paymentStatus.code();
        LONG.set(out, p + 1, o.authorizedMinor);
        LONG.set(out, p + 9, o.capturedMinor);
        LONG.set(out, p + 17, o.refundedMinor);
        p = text(out, p + 25, paymentProblem);
        p = ascii(out, p, o, Order.PAYMENT_FINGERPRINT);
        out[p] = (byte)(o.fraudDecision == null ? 0 : o.fraudDecision.code());
        INT.set(out, p + 1, o.fraudScore);
        out[p + 5] = (byte)o.fraudReasonCount;
        p += 6;
        for (int i = 0; i < o.fraudReasonCount; i++)
        {
            out[p] = o.fraudReasons[i];
            INT.set(out, p + 1, o.fraudPoints[i]);
            p += 5;
        }
        p = ascii(out, p, o.fraudReviewer, o.fraudReviewer.length);
        p = text(out, p, o.fraudNote);
        out[p++] = (byte)o.maxShipments;
        out[p++] = (byte)chargeCount;
        for (int i = 0; i < chargeCount; i++)
        {
            out[p] = (byte)charges.kindCode(i);
            LONG.set(out, p + 1, charges.amountMinor(i));
            p = text(out, p + 9, charges.name(i));
        }
        LONG.set(out, p, o.requestedTotalMinor(linesValue));
        LONG.set(out, p + 8, o.openTotalMinor(openValue, linesValue, openUnits));
        reply.dataLength(p + 16);
        reply.answeredOrder(o);
    }

    /** An order's text as {@link #text(byte[], int, byte[])} writes one: a 2-byte length, then the bytes. */
    private static int text(final byte[] out, final int at, final Order o, final int field)
    {
        final int length = o.copyText(field, out, at + 2);
        SHORT.set(out, at, (short)length);
        return at + 2 + length;
    }

    /** Free text as {@link PayloadWriter#putText(byte[], int)} writes it: u16 length, then the bytes. */
    private static int text(final byte[] out, final int at, final byte[] bytes)
    {
        SHORT.set(out, at, (short)bytes.length);
        if (bytes.length > 0)
        {
            System.arraycopy(bytes, 0, out, at + 2, bytes.length);
        }
        return at + 2 + bytes.length;
    }

    static void fraudRules(final Reply reply, final FraudRules rules)
    {
        rules.writeTo(reply.beginData());
        reply.endData();
    }

    static void paymentAction(final PayloadWriter w, final PaymentAction a, final Order o)
    {
        w.putLong(a.id).putLong(a.orderId).putByte(a.kind.code()).putByte(a.status.code())
            .putAscii(o.paymentProvider, o.paymentProvider.length).putAscii(o, Order.PAYMENT_REFERENCE)
            .putLong(a.amountMinor).putAscii(o.currency, o.currency.length).putInt(a.attempts);
    }

    static void orderEvents(final Reply reply, final Order o, final OrderTimeline timeline)
    {
        final PayloadWriter w = reply.beginData();
        // The reservation the order named: RESERVATION_CONVERTED's data names the hold it converted.
        w.putLong(o.id).putByte(o.status.code()).putLong(o.reservationId).putInt(o.eventCount);
        for (long e = o.firstEvent; e != OrderTimeline.NONE; e = OrderTimeline.next(e))
        {
            final int line = OrderTimeline.line(e);
            w.putLong(OrderTimeline.seq(e)).putLong(OrderTimeline.timeMillis(e)).putByte(OrderTimeline.type(e))
                .putByte(OrderTimeline.status(e)).putShort(line);
            if (line >= 0)
            {
                w.putAscii(o.sku(line).id, o.sku(line).id.length);
            }
            else
            {
                w.putByte(0);
            }
            putLocationId(w, timeline.location(e));
            w.putInt(OrderTimeline.units(e)).putText(timeline.note(e), OrderTimeline.noteLength(e));
        }
        reply.endData();
    }

    static void sourcing(final Reply reply, final Order o, final DecisionStore decisions, final WaitingLines waiting,
        final long now)
    {
        final SourcingDecision d = decisions.view(o.decisionAt);
        final PayloadWriter w = reply.beginData();
        w.putLong(o.id).putByte(o.deliveryMethod.code()).putByte(o.serviceLevel.code()).putLong(d.decidedAt)
            .putLong(d.decidedSeq).putByte(o.hasCoordinates ? 1 : 0).putInt(o.latMicro).putInt(o.lonMicro)
            .putByte(d.exact ? 1 : 0).putShort(d.shipments).putLong(d.planCostMinor).putByte(o.maxShipments)
            .putShort(d.lineCount);
        for (int i = 0; i < d.lineCount; i++)
        {
            w.putAscii(o.sku(i).id, o.sku(i).id.length).putInt(d.requested(i)).putInt(d.fromReservation(i))
                .putInt(d.allocated(i)).putInt(d.backordered(i)).putInt(d.cancelled(i));
        }
        candidates(w, d);
        final BackorderFills fills = o.fills;
        final int fillCount = fills == null ? 0 : fills.count();
        w.putShort(fillCount);
        for (int f = 0; f < fillCount; f++)
        {
            final SourcingDecision fill = decisions.view(fills.decision(f));
            final Sku sku = o.sku(fills.line(f));
            w.putLong(fill.decidedAt).putLong(fill.decidedSeq).putByte(fills.trigger(f)).putByte(fill.exact ? 1 : 0)
                .putShort(fill.shipments).putLong(fill.planCostMinor).putAscii(sku.id, sku.id.length)
                .putInt(fill.requested(0)).putInt(fill.allocated(0)).putInt(fill.backordered(0));
            candidates(w, fill);
        }
        w.putInt(fills == null ? 0 : fills.moreFills()).putLong(fills == null ? 0 : fills.moreUnits());
        waiting.write(w, o, now);
        reply.endData();
    }

    static void candidates(final PayloadWriter w, final SourcingDecision d)
    {
        w.putShort(d.candidateCount);
        for (int c = 0; c < d.candidateCount; c++)
        {
            final Location l = d.location(c);
            w.putAscii(l.id, l.id.length).putByte(l.type.code()).putByte(d.reason(c)).putLong(d.distanceMetres(c))
                .putLong(d.cost(c)).putInt(d.capacityLeft(c)).putInt(d.allocatedUnits(c));
            for (int i = 0; i < d.lineCount; i++)
            {
                w.putLong(d.atp(c, i));
            }
        }
    }

    /** Starts an ORDER_LIST view; add {@link #orderSummary} entries, then {@link #endOrderList}. */
    static PayloadWriter beginOrderList(final Reply reply, final int count)
    {
        return reply.beginData().putShort(count);
    }

    static void orderSummary(final PayloadWriter w, final Order o, final Catalog catalog)
    {
        final byte[] channel = catalog.channel(o.channelHash);
        long units = 0;
        long openValue = 0;
        long linesValue = 0;
        for (int i = 0; i < o.lineCount; i++)
        {
            units += o.qty(i) - o.cancelled(i);
            openValue += (o.qty(i) - o.cancelled(i)) * o.unitPriceMinor(i);
            linesValue += o.qty(i) * o.unitPriceMinor(i);
        }
        // What is still to be paid for, charges included (rules version 16).
        final long total = o.openTotalMinor(openValue, linesValue, units);
        w.putLong(o.id).putByte(o.status.code()).putAscii(channel, channel.length)
            .putAscii(o, Order.EXTERNAL_ID).putAscii(o, Order.CUSTOMER)
            .putLong(o.createdAt).putLong(o.updatedAt).putLong(units).putLong(total)
            .putAscii(o.currency, o.currency.length).putByte(o.deliveryMethod.code());
        putLocationId(w, o.pickupLocation);
    }

    static void endOrderList(final Reply reply, final PayloadWriter w, final long nextAfter)
    {
        w.putLong(nextAfter);
        reply.endData();
    }

    private static void putLocationId(final PayloadWriter w, final Location location)
    {
        if (location == null)
        {
            w.putByte(0);
        }
        else
        {
            w.putAscii(location.id, location.id.length);
        }
    }
}
