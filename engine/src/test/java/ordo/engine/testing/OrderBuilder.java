package ordo.engine.testing;

import ordo.engine.Codes;
import ordo.engine.OrderForm;

/**
 * Builds one PLACE_ORDER for {@link EngineDriver#ordering()}, including shapes the engine must refuse. Defaults:
 * channel "web", customer "c-1", SHIP at STANDARD to Bishan, Singapore ({@link #BISHAN_LAT_MICRO},
 * {@link #BISHAN_LON_MICRO}), lines at 10.00 EUR a unit, an offline payment of the lines' total in EUR (unless set);
 * billing country SG, client IP 203.0.113.7, no payment fingerprint.
 */
public final class OrderBuilder
{
    public static final int BISHAN_LAT_MICRO = 1_350_800;
    public static final int BISHAN_LON_MICRO = 103_848_500;
    public static final long UNIT_PRICE_MINOR = 1_000;

    private final EngineDriver driver;
    private final OrderForm form = new OrderForm();
    private boolean paymentSet;

    OrderBuilder(final EngineDriver driver)
    {
        this.driver = driver;
        form.channel = "web";
        customer("c-1");
        form.shipName = "Tan Ah Kow";
        form.line1 = "1 Bishan Street 11";
        form.city = "Singapore";
        form.postalCode = "570001";
        form.shipCountryCode = "SG";
        form.billingCountryCode = "SG";
        form.clientIp = "203.0.113.7";
        form.paymentProvider = "offline";
        form.paymentCurrency = "EUR";
        form.shipTo(BISHAN_LAT_MICRO, BISHAN_LON_MICRO);
    }

    public OrderBuilder channel(final String channel)
    {
        form.channel = channel;
        return this;
    }

    /** Also sets the e-mail to {@code <customer>@example.com}. */
    public OrderBuilder customer(final String customer)
    {
        form.customerId = customer;
        form.email = customer + "@example.com";
        return this;
    }

    public OrderBuilder externalId(final String externalId)
    {
        form.externalId = externalId;
        return this;
    }

    /** Converts this reservation (its counter, as {@link Result#reservationId()} gives it). */
    public OrderBuilder reservation(final long reservationId)
    {
        form.reservationId = reservationId;
        return this;
    }

    public OrderBuilder fallbackToAvailable()
    {
        form.fallbackToAvailable = true;
        return this;
    }

    public OrderBuilder allowPartial()
    {
        form.allowPartial = true;
        return this;
    }

    /** The most shipments the order may be sent in (1 to 63; 0 = none of its own). */
    public OrderBuilder maxShipments(final int maxShipments)
    {
        form.maxShipments = maxShipments;
        return this;
    }

    public OrderBuilder level(final Codes.ServiceLevel level)
    {
        form.serviceLevel = level;
        return this;
    }

    public OrderBuilder shipTo(final int latMicro, final int lonMicro)
    {
        form.deliveryMethod = Codes.DeliveryMethod.SHIP;
        form.shipTo(latMicro, lonMicro);
        return this;
    }

    public OrderBuilder noCoordinates()
    {
        form.hasCoordinates = false;
        form.latMicro = 0;
        form.lonMicro = 0;
        return this;
    }

    /** A pickup order at this store (the ship-to coordinates stay, as a storefront would send them). */
    public OrderBuilder pickupAt(final String location)
    {
        form.deliveryMethod = Codes.DeliveryMethod.PICKUP;
        form.pickupLocationId = location;
        return this;
    }

    public OrderBuilder payment(final long amountMinor, final String currency)
    {
        form.paymentAmountMinor = amountMinor;
        form.paymentCurrency = currency;
        paymentSet = true;
        return this;
    }

    /** A card payment through stripe with this payment reference (e.g. {@code pi_1}): one order per reference. */
    public OrderBuilder stripe(final String reference)
    {
        form.paymentProvider = "stripe";
        form.paymentReference = reference;
        return this;
    }

    /** Cash on delivery or pay in store (the default). */
    public OrderBuilder offline()
    {
        form.paymentProvider = "offline";
        form.paymentReference = null;
        return this;
    }

    /** Cash on delivery or pay in store, with the reference the store's or back office's webhooks name. */
    public OrderBuilder offline(final String reference)
    {
        form.paymentProvider = "offline";
        form.paymentReference = reference;
        return this;
    }

    /** The provider's card fingerprint (fraud velocity per card). */
    public OrderBuilder fingerprint(final String fingerprint)
    {
        form.paymentFingerprint = fingerprint;
        return this;
    }

    /** Overrides the e-mail {@link #customer} set. */
    public OrderBuilder email(final String email)
    {
        form.email = email;
        return this;
    }

    public OrderBuilder clientIp(final String clientIp)
    {
        form.clientIp = clientIp;
        return this;
    }

    public OrderBuilder billingCountry(final String countryCode)
    {
        form.billingCountryCode = countryCode;
        return this;
    }

    /** The ship-to address as the fraud rules key it (line 1, postal code, country); coordinates stay. */
    public OrderBuilder address(final String line1, final String postalCode, final String countryCode)
    {
        form.line1 = line1;
        form.postalCode = postalCode;
        form.shipCountryCode = countryCode;
        return this;
    }

    public OrderBuilder line(final String sku, final int qty)
    {
        return line(sku, qty, UNIT_PRICE_MINOR, "EUR");
    }

    public OrderBuilder line(final String sku, final int qty, final long unitPriceMinor, final String currency)
    {
        form.line(sku, qty, unitPriceMinor, currency);
        return this;
    }

    /** A charge beside the lines, in EUR (the lines' currency by default). */
    public OrderBuilder charge(final Codes.ChargeKind kind, final String name, final long amountMinor)
    {
        return charge(kind, name, amountMinor, "EUR");
    }

    public OrderBuilder charge(final Codes.ChargeKind kind, final String name, final long amountMinor,
        final String currency)
    {
        form.charge(kind, name, amountMinor, currency);
        return this;
    }

    /** A copy of the form as built so far. */
    public OrderForm form()
    {
        final OrderForm copy = Cmd.PlaceOrder.copy(form);
        if (!paymentSet)
        {
            long total = 0;
            for (final OrderForm.Line line : copy.lines)
            {
                total += line.qty() * line.unitPriceMinor();
            }
            for (final OrderForm.Charge charge : copy.charges)
            {
                total += charge.kind() == Codes.ChargeKind.DISCOUNT ? -charge.amountMinor() : charge.amountMinor();
            }
            copy.paymentAmountMinor = total;
        }
        return copy;
    }

    public Cmd.PlaceOrder build()
    {
        return new Cmd.PlaceOrder(form());
    }

    public Result submit()
    {
        return driver.apply(build());
    }
}
