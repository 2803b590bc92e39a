package ordo.engine;

/**
 * The byte layout of the variable part of replies (views), written by the engine and read by the gateway and
 * tools. All fields little-endian; strings as in {@link PayloadWriter}.
 *
 * <pre>
 * RESERVATION view  id:i64 status:u8 channel:ascii customer:ascii location:ascii(empty=network)
 *                   createdAt:i64 expiresAt:i64 endedAt:i64(0=live) lineCount:u16 { sku:ascii qty:i32 }
 * CELL view         sku:ascii location:ascii onHand:i64 reserved:i64 allocated:i64 safetyStock:i64 atp:i64
 * INVENTORY view    sku:ascii networkOnHand:i64 networkReserved:i64 networkAllocated:i64 networkAtp:i64
 *                   networkBackordered:i64 locationCount:u16 { location:ascii active:u8 onHand:i64 reserved:i64 allocated:i64
 *                   safetyStock:i64 atp:i64 }
 *                   (networkReserved counts node holds and network holds; networkAtp may be negative after a
 *                   downward count: the shortfall)
 * LOCATION view     id:ascii type:u8 name:text latMicro:i32 lonMicro:i32 country:ascii capabilities:u8
 *                   dailyOrderCapacity:i32 handlingCostMinor:i64 currency:ascii active:u8
 * SKU view          id:ascii name:text weightGrams:i32 perCustomerLimit:i32 saleStartsAt:i64 saleEndsAt:i64
 *                   allowBackorder:u8
 * LINE reject       sku:ascii   (with tuple: entityId = SKU index, a = available, b = limit, c = requested,
 *                   d = line index)
 * CHANNEL view      id:ascii kind:u8 name:text poolCount:u8 { sku:ascii(empty = every SKU) shareBps:u16 }
 * POLICY view       the SET_SOURCING_POLICY body (layout in SourcingPolicy)
 * ORDER view        id:i64 status:u8 channel:ascii externalId:ascii customerId:ascii email:text phone:text
 *                   deliveryMethod:u8 serviceLevel:u8 pickupLocation:ascii
 *                   shipName:text line1:text city:text postalCode:text shipCountry:ascii
 *                   hasCoordinates:u8 latMicro:i32 lonMicro:i32 billingCountry:ascii clientIp:ascii
 *                   paymentProvider:ascii paymentReference:ascii paymentAmountMinor:i64 paymentCurrency:ascii
 *                   currency:ascii reservationId:i64(0=none) createdAt:i64 updatedAt:i64
 *                   promisedDeliveryBy:i64(0 = not known: units still backordered)
 *                   lineCount:u16 { sku:ascii qty:i32 unitPriceMinor:i64 allocated:i32 backordered:i32 cancelled:i32 }
 *                   allocationCount:u16 { line:u16 location:ascii qty:i32 allocatedAt:i64 }
 *                   (qty = allocated + backordered + cancelled per line; allocations list open allocated units)
 * ORDER_EVENTS view id:i64 status:u8 eventCount:u16 { seq:i64 time:i64 type:u8 statusAfter:u8 line:i16(-1 = order)
 *                   sku:ascii location:ascii qty:i32 note:text }
 * SOURCING view     id:i64 deliveryMethod:u8 serviceLevel:u8 decidedAt:i64 decidedSeq:i64 hasCoordinates:u8
 *                   latMicro:i32 lonMicro:i32 exact:u8(1 = exact search, 0 = greedy) shipments:u16 planCostMinor:i64
 *                   lineCount:u16 { sku:ascii requested:i32 fromReservation:i32 allocated:i32 backordered:i32
 *                   cancelled:i32 }   (as decided at placement)
 *                   candidateCount:u16 { location:ascii type:u8 reason:u8 distanceMetres:i64(-1 = unknown)
 *                   costMinor:i64(-1 = not priced) capacityLeft:i32(-1 = unlimited) allocatedUnits:i32
 *                   atp:i64 × lineCount (units this node could give each line: after safety stock, pool) }
 * ORDER_LIST view   count:u16 { id:i64 status:u8 channel:ascii externalId:ascii customerId:ascii createdAt:i64
 *                   updatedAt:i64 units:i64 totalMinor:i64 currency:ascii } nextAfter:i64(0 = no more)
 * PLACE_ORDER ok    tuple: entityId = order id, a = 1 when created now, 0 when channel + externalId named an
 *                   existing order (answered 200 with it); data = ORDER view
 * </pre>
 */
public final class ReplyCodec
{
    private ReplyCodec()
    {
    }

    static void reservation(final Reply reply, final Reservation r, final Catalog catalog,
        final Codes.ReservationStatus shownStatus, final long shownEndedAt)
    {
        final PayloadWriter w = reply.beginData();
        w.putLong(r.id).putByte(shownStatus.code());
        final byte[] channel = catalog.channel(r.channelHash);
        w.putAscii(channel, channel == null ? 0 : channel.length);
        w.putAscii(r.customer, r.customerLength);
        if (r.location == null)
        {
            w.putByte(0);
        }
        else
        {
            w.putAscii(r.location.id, r.location.id.length);
        }
        w.putLong(r.createdAt).putLong(r.expiresAt).putLong(shownEndedAt).putShort(r.lineCount);
        for (int i = 0; i < r.lineCount; i++)
        {
            w.putAscii(r.skus[i].id, r.skus[i].id.length).putInt(r.qty[i]);
        }
        reply.endData();
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

    static void inventory(final Reply reply, final Sku sku)
    {
        final PayloadWriter w = reply.beginData();
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
            .putLong(sku.networkAtp()).putShort(sku.cellCount());
        for (int i = 0; i < sku.cellCount(); i++)
        {
            final StockCell cell = sku.cell(i);
            w.putAscii(cell.location.id, cell.location.id.length).putByte(cell.location.active ? 1 : 0)
                .putLong(cell.onHand).putLong(cell.reserved).putLong(cell.allocated).putLong(cell.safetyStock)
                .putLong(cell.atp());
        }
        reply.endData();
    }

    static void location(final Reply reply, final Location l)
    {
        final PayloadWriter w = reply.beginData();
        w.putAscii(l.id, l.id.length).putByte(l.type.code()).putText(l.name).putInt(l.latMicro).putInt(l.lonMicro)
            .putAscii(l.countryCode).putByte(l.capabilities).putInt(l.dailyOrderCapacity)
            .putLong(l.handlingCostMinor).putAscii(l.currency).putByte(l.active ? 1 : 0);
        reply.endData();
    }

    static void sku(final Reply reply, final Sku s)
    {
        final PayloadWriter w = reply.beginData();
        w.putAscii(s.id, s.id.length).putText(s.name).putInt(s.weightGrams).putInt(s.perCustomerLimit)
            .putLong(s.saleStartsAt).putLong(s.saleEndsAt).putByte(s.allowBackorder ? 1 : 0);
        reply.endData();
    }

    static void skuId(final Reply reply, final Sku sku)
    {
        reply.beginData().putAscii(sku.id, sku.id.length);
        reply.endData();
    }
}
