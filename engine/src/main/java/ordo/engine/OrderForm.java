package ordo.engine;

import java.util.ArrayList;
import java.util.List;

/**
 * An order as captured at the edge (HTTP, tests, tools), before the engine has seen it: plain fields, encoded into
 * a PLACE_ORDER payload by {@link #writeTo}. Allocates; never used on the engine thread.
 *
 * <pre>
 * PLACE_ORDER body  channel:ascii externalId:ascii(empty=none)
 *                   reservationId:i64(0=none; Long.MAX_VALUE=an id no hold of the server has, refused)
 *                   flags:u8 (1 = fallbackToAvailable, 2 = allowPartial; bits 2..7: maxShipments, 0 = none,
 *                             rules version 14)
 *                   customerId:ascii email:text phone:text
 *                   deliveryMethod:u8 serviceLevel:u8 pickupLocation:ascii(empty=none)
 *                   shipName:text line1:text city:text postalCode:text shipCountry:ascii
 *                   hasCoordinates:u8 latMicro:i32 lonMicro:i32
 *                   billingCountry:ascii clientIp:ascii
 *                   paymentProvider:ascii paymentReference:ascii paymentAmountMinor:i64 paymentCurrency:ascii
 *                   lineCount:u16 { sku:ascii qty:i32 unitPriceMinor:i64 currency:ascii }
 *                   paymentFingerprint:ascii(empty = none)
 *                   chargeCount:u8 { kind:u8 amountMinor:i64 currency:ascii name:text }   (rules version 16: an
 *                   older record ends before it, or with its actor)
 * </pre>
 */
public final class OrderForm
{
    public static final int FLAG_FALLBACK_TO_AVAILABLE = 1;
    public static final int FLAG_ALLOW_PARTIAL = 2;
    /** Where the flags keep the order's shipment limit, six bits (1 to {@link SourcingPolicy#MAX_SHIPMENTS}). */
    public static final int MAX_SHIPMENTS_SHIFT = 2;
    /** The most charges an order may carry (rules version 16). */
    public static final int MAX_CHARGES = 16;
    /** The longest charge name, in UTF-8 bytes. */
    public static final int MAX_CHARGE_NAME_BYTES = 400;

    public record Line(String sku, int qty, long unitPriceMinor, String currency)
    {
    }

    /** A charge beside the lines (shipping, a fee, tax, a discount); {@code name} may be null. */
    public record Charge(Codes.ChargeKind kind, String name, long amountMinor, String currency)
    {
    }

    public String channel;
    public String externalId;
    /** Reservation counter (see {@link Ids#parseReservationId}); 0 = none. */
    public long reservationId;
    public boolean fallbackToAvailable;
    public boolean allowPartial;
    /**
     * The most shipments the order may be sent in (1 to {@link SourcingPolicy#MAX_SHIPMENTS}); 0 = no limit of its
     * own.
     */
    public int maxShipments;
    public String customerId;
    public String email;
    public String phone;
    public Codes.DeliveryMethod deliveryMethod = Codes.DeliveryMethod.SHIP;
    public Codes.ServiceLevel serviceLevel = Codes.ServiceLevel.STANDARD;
    public String pickupLocationId;
    public String shipName;
    public String line1;
    public String city;
    public String postalCode;
    public String shipCountryCode;
    public boolean hasCoordinates;
    public int latMicro;
    public int lonMicro;
    public String billingCountryCode;
    public String clientIp;
    public String paymentProvider;
    public String paymentReference;
    public long paymentAmountMinor;
    public String paymentCurrency;
    /** A card fingerprint from the payment provider (fraud velocity); optional. */
    public String paymentFingerprint;
    public final List<Line> lines = new ArrayList<>();
    public final List<Charge> charges = new ArrayList<>();

    public OrderForm line(final String sku, final int qty, final long unitPriceMinor, final String currency)
    {
        lines.add(new Line(sku, qty, unitPriceMinor, currency));
        return this;
    }

    public OrderForm charge(final Codes.ChargeKind kind, final String name, final long amountMinor,
        final String currency)
    {
        charges.add(new Charge(kind, name, amountMinor, currency));
        return this;
    }

    public OrderForm shipTo(final int latMicro, final int lonMicro)
    {
        this.hasCoordinates = true;
        this.latMicro = latMicro;
        this.lonMicro = lonMicro;
        return this;
    }

    public void writeTo(final PayloadWriter w)
    {
        w.putAscii(channel).putAscii(externalId).putLong(reservationId)
            .putByte((fallbackToAvailable ? FLAG_FALLBACK_TO_AVAILABLE : 0) | (allowPartial ? FLAG_ALLOW_PARTIAL : 0) |
                maxShipments << MAX_SHIPMENTS_SHIFT)
            .putAscii(customerId).putText(email).putText(phone)
            .putByte(deliveryMethod.code()).putByte(serviceLevel.code()).putAscii(pickupLocationId)
            .putText(shipName).putText(line1).putText(city).putText(postalCode).putAscii(shipCountryCode)
            .putByte(hasCoordinates ? 1 : 0).putInt(latMicro).putInt(lonMicro)
            .putAscii(billingCountryCode).putAscii(clientIp)
            .putAscii(paymentProvider).putAscii(paymentReference).putLong(paymentAmountMinor).putAscii(paymentCurrency)
            .putShort(lines.size());
        for (final Line line : lines)
        {
            w.putAscii(line.sku).putInt(line.qty).putLong(line.unitPriceMinor).putAscii(line.currency);
        }
        w.putAscii(paymentFingerprint);
        w.putByte(charges.size());
        for (final Charge charge : charges)
        {
            w.putByte(charge.kind.code()).putLong(charge.amountMinor).putAscii(charge.currency).putText(charge.name);
        }
    }
}
