package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.EnumSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import ordo.engine.Codes;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.http.JsonWriter;

/**
 * The reservation refusals are written straight into the thread's JSON writer: exactly the bytes their
 * {@code Problem} writes, for every number and every SKU; anything else is left to the {@code Problem}.
 */
class RefusalBytesTest
{
    private static final Set<ResultCode> WRITTEN_DIRECTLY = EnumSet.of(ResultCode.INSUFFICIENT_STOCK,
        ResultCode.PER_CUSTOMER_LIMIT, ResultCode.SALE_NOT_OPEN, ResultCode.SALE_ENDED);
    private static final long[] NUMBERS = {0, 1, 7, 10, 999_999, 1_000_000, -1, Integer.MAX_VALUE, Long.MAX_VALUE,
        Long.MIN_VALUE};
    private static final String[] PLAIN_SKUS = {"B", "SKU-0001", "", "del\u007f", "a.b_c:d/e",
        "64-characters-" + "0123456789".repeat(5), "x".repeat(255)};
    private static final String[] SKUS_THAT_NEED_ESCAPING = {"a\"b", "back\\slash", "tab\tbell\u0007", "caf\u00e9"};

    @Test
    void aSoldOutHoldIsWrittenExactlyAsItsProblemWritesIt()
    {
        final Reply reply = refusal(ResultCode.INSUFFICIENT_STOCK, "SKU-0001", 0, 0, 1, 0);

        assertThat(text(ResultProblems.writeRefusal(reply))).isEqualTo(
            "{\"type\":\"https://ordo.dev/problems/insufficient-stock\",\"title\":\"Insufficient stock\","
                + "\"status\":409,\"code\":\"INSUFFICIENT_STOCK\",\"detail\":\"only 0 of SKU-0001 available, 1 requested\","
                + "\"sku\":\"SKU-0001\",\"available\":0,\"requested\":1,\"line\":0}")
            .isEqualTo(problemJson(reply));
    }

    /**
     * An order converting a 2-unit hold and asking for 4 of a SKU limited to 3: the count is of what the customer has
     * besides this request (the hold's units are in what it asks for). The detail read "customer already holds 0",
     * beside a live hold of 2 (found in QA).
     */
    @Test
    void aPerCustomerLimitSaysWhatTheCustomerHasBesidesTheRequestAndWhatItAsksFor()
    {
        final Reply reply = refusal(ResultCode.PER_CUSTOMER_LIMIT, "CV-1", 0, 3, 4, 0);

        assertThat(text(ResultProblems.writeRefusal(reply))).contains(
            "\"detail\":\"customer has 0 of CV-1 held or ordered besides this request, which asks for 4; the limit is 3\"",
            "\"held\":0,\"requested\":4").isEqualTo(problemJson(reply));
    }

    /**
     * An order's INSUFFICIENT_STOCK naming units at nodes it may not use (b = units × 256 + SourcingReason code) is
     * left to the Problem, which says how many and why; a b naming no reason adds nothing.
     */
    @Test
    void anOrderRefusedWithUnitsItMayNotUseSaysHowManyAndWhy()
    {
        final Reply reply = refusal(ResultCode.INSUFFICIENT_STOCK, "SKU-008", 0, 940L << 8 |
            ordo.engine.Codes.SourcingReason.TOO_FAR_FOR_SERVICE_LEVEL.code(), 1, 0);

        assertThat(ResultProblems.writeRefusal(reply)).isNull();
        assertThat(problemJson(reply)).contains(
            "\"detail\":\"only 0 of SKU-008 available, 1 requested; 940 more at nodes this order may not use "
                + "(TOO_FAR_FOR_SERVICE_LEVEL)\"",
            "\"ruledOutUnits\":940,\"ruledOutReason\":\"TOO_FAR_FOR_SERVICE_LEVEL\"");
        assertThat(problemJson(refusal(ResultCode.INSUFFICIENT_STOCK, "SKU-008", 0, 0xFF, 1, 0)))
            .doesNotContain("ruledOut", "more at nodes");
    }

    @Test
    void everyReservationRefusalIsWrittenAsItsProblemWritesItForAnyNumberAndSku()
    {
        int compared = 0;
        for (final ResultCode code : WRITTEN_DIRECTLY)
        {
            for (final String sku : PLAIN_SKUS)
            {
                for (final long a : NUMBERS)
                {
                    for (final long other : NUMBERS)
                    {
                        // An order's INSUFFICIENT_STOCK with units it may not use (b ≠ 0) is the Problem's.
                        final long b = code == ResultCode.INSUFFICIENT_STOCK ? 0 : other;
                        final Reply reply = refusal(code, sku, a, b, -other, other / 3);
                        final JsonWriter direct = ResultProblems.writeRefusal(reply);

                        assertThat(direct).as("%s of '%s' is written directly", code, sku).isNotNull();
                        assertThat(text(direct)).as("%s of '%s', a %d, b %d", code, sku, a, other)
                            .isEqualTo(problemJson(reply));
                        compared++;
                    }
                }
            }
        }
        assertThat(compared).isEqualTo(WRITTEN_DIRECTLY.size() * PLAIN_SKUS.length * NUMBERS.length * NUMBERS.length);
    }

    @Test
    void aSkuThatWouldNeedEscapingOrNoSkuAtAllIsLeftToTheProblem()
    {
        for (final ResultCode code : WRITTEN_DIRECTLY)
        {
            for (final String sku : SKUS_THAT_NEED_ESCAPING)
            {
                assertThat(ResultProblems.writeRefusal(refusal(code, sku, 1, 2, 3, 4))).as("%s of '%s'", code, sku)
                    .isNull();
            }
            assertThat(ResultProblems.writeRefusal(new Reply().reset(1, 0).result(code, 0, 1, 2, 3, 4)))
                .as("%s naming no SKU", code).isNull();
        }
    }

    @Test
    void everyOtherCodeIsLeftToTheProblem()
    {
        for (final ResultCode code : ResultCode.values())
        {
            if (!WRITTEN_DIRECTLY.contains(code) && code != ResultCode.OK)
            {
                assertThat(ResultProblems.writeRefusal(refusal(code, "B", 1, 2, 3, 4))).as("%s", code).isNull();
            }
        }
    }

    /**
     * An order's charge the engine refuses (a = 2, d = the charge, -1 for the charges together; no SKU) names the
     * member and says why; a line's INVALID_FIELD (a SKU named) does not (review: both read "Invalid field").
     */
    @Test
    void anEngineRefusedChargeNamesItsMember()
    {
        final Reply one = new Reply().reset(1, 0).result(ResultCode.INVALID_FIELD, -1, 2, 0, 0, 3);
        assertThat(problemJson(one)).contains("\"field\":\"charges[3]\"", "\"detail\":\"charge 3 is of no known type");
        final Reply all = new Reply().reset(1, 0).result(ResultCode.INVALID_FIELD, -1, 2, 0, 0, -1);
        assertThat(problemJson(all)).contains("\"field\":\"charges\"", "their discounts exceed the lines' value");
        final Reply line = refusal(ResultCode.INVALID_FIELD, "B", 2, 0, 1, 0);
        assertThat(problemJson(line)).doesNotContain("charges").contains("\"detail\":\"Invalid field\"");
        // Marking paid an order whose open units cost nothing (d = 2) says there is nothing to pay (QA-230).
        final Reply nothing = new Reply().reset(1, 0).result(ResultCode.PAYMENT_NOT_CAPTURABLE, 1, 1, 1, 0, 2);
        assertThat(problemJson(nothing)).contains("nothing is open to pay for");
        // Each other reason by name (rules version 20, QA-268); 0, an older build's remembered answer, lists them all.
        final long authorized = Codes.PaymentStatus.AUTHORIZED.code();
        final String[] said = {"", "a payment problem holds the order", "nothing is open to pay for",
            "the order is in fraud review: approve it first", "the order is cancelled", "the order is rejected",
            "a capture of the payment (AUTHORIZED) is already outstanding", "it was marked paid already"};
        for (int d = 1; d < said.length; d++)
        {
            final Reply reason = new Reply().reset(1, 0).result(ResultCode.PAYMENT_NOT_CAPTURABLE, 1, authorized, 1,
                100, d);
            assertThat(problemJson(reason)).as("d = %d", d).contains(said[d]);
        }
        final Reply older = new Reply().reset(1, 0).result(ResultCode.PAYMENT_NOT_CAPTURABLE, 1, authorized, 1, 100,
            0);
        assertThat(problemJson(older)).contains("in fraud review (approve it first), cancelled or rejected");
    }

    /** A refusal as the engine replies it: the four numbers, and the SKU's id as the reply's data. */
    private static Reply refusal(final ResultCode code, final String sku, final long a, final long b, final long c,
        final long d)
    {
        final Reply reply = new Reply().reset(1, 0).result(code, 0, a, b, c, d);
        final byte[] bytes = sku.getBytes(StandardCharsets.ISO_8859_1);
        final PayloadWriter w = reply.beginData();
        w.putAscii(bytes, bytes.length);
        reply.endData();
        return reply;
    }

    private static String problemJson(final Reply reply)
    {
        return new String(ResultProblems.of(reply).toJson(), StandardCharsets.ISO_8859_1);
    }

    private static String text(final JsonWriter document)
    {
        return new String(document.toByteArray(), StandardCharsets.ISO_8859_1);
    }
}
