package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import ordo.engine.CommandCodec;
import ordo.engine.Codes;
import ordo.engine.OrderForm;
import ordo.engine.PayloadWriter;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

/**
 * What the gateway works out an order's command will take is what encoding it takes, and a refusal for size names the
 * member that takes the most of it (QA-251: it always named the lines).
 */
class OrderFormSizeTest
{
    private static final String EMOJI = "\uD83D\uDE00";

    @Test
    void theSizeWorkedOutIsTheSizeEncoded()
    {
        final OrderForm small = form();
        final OrderForm full = form();
        full.externalId = "SHP-" + "9".repeat(60);
        full.email = EMOJI.repeat(50) + "@example.com";
        full.phone = "+6591234567";
        full.pickupLocationId = "store-orchard";
        full.billingCountryCode = "SG";
        full.clientIp = "2001:db8::1";
        full.paymentReference = "pi_123";
        full.paymentFingerprint = "fp_abc";
        full.shipName = EMOJI.repeat(30);
        full.charge(Codes.ChargeKind.SHIPPING, "Kurier " + EMOJI, 300, "SGD");
        full.charge(Codes.ChargeKind.DISCOUNT, "", 100, "SGD");

        for (final OrderForm form : new OrderForm[] {small, full})
        {
            final PayloadWriter w = new PayloadWriter().wrap(new ExpandableArrayBuffer(64), 0);
            CommandCodec.placeOrder(w, 0, 0, form);
            assertThat(OrderFormReader.encodedBytes(form)).isEqualTo(w.length());
        }
    }

    @Test
    void anOrderTooLargeNamesTheMemberTakingMostOfIt()
    {
        final OrderForm lines = form();
        for (int i = 1; i < 64; i++)
        {
            lines.line(String.format("%02d", i) + "s".repeat(62), 1, 100, "SGD");
        }
        assertThat(OrderFormReader.largestPart(lines)).isEqualTo("lines");

        final OrderForm charges = form();
        for (int i = 0; i < 16; i++)
        {
            charges.charge(Codes.ChargeKind.FEE, EMOJI.repeat(100), 0, "SGD");
        }
        assertThat(OrderFormReader.largestPart(charges)).isEqualTo("charges");

        final OrderForm shipTo = form();
        shipTo.line1 = EMOJI.repeat(200);
        assertThat(OrderFormReader.largestPart(shipTo)).isEqualTo("shipTo");

        final OrderForm customer = form();
        customer.email = EMOJI.repeat(100) + "@example.com";
        assertThat(OrderFormReader.largestPart(customer)).isEqualTo("customer");
    }

    /** A small order: one line, a short address and customer. */
    private static OrderForm form()
    {
        final OrderForm form = new OrderForm();
        form.channel = "web";
        form.customerId = "c-1";
        form.shipName = "Mei";
        form.line1 = "1 Raffles Place";
        form.city = "Singapore";
        form.postalCode = "048616";
        form.shipCountryCode = "SG";
        form.shipTo(1_284_000, 103_851_000);
        form.paymentProvider = "offline";
        form.paymentAmountMinor = 100;
        form.paymentCurrency = "SGD";
        form.line("A", 1, 100, "SGD");
        return form;
    }
}
