package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

/** Byte-level mutations of plain bodies: whatever the fast reader accepts, Jackson's reader reads alike. */
class OrderBodyMutationTest
{
    private static final String[] BASES = {
        "{\"channel\":\"web\",\"externalId\":\"E-1\",\"reservationId\":\"res_0123456789abcdef\","
            + "\"fallbackToAvailable\":true,\"allowPartial\":false,"
            + "\"customer\":{\"id\":\"c1\",\"email\":\"a@b.c\",\"phone\":\"+65 1\"},"
            + "\"deliveryMethod\":\"SHIP\",\"serviceLevel\":\"EXPRESS\",\"shipTo\":{\"name\":\"N\","
            + "\"line1\":\"L\",\"city\":\"C\",\"postalCode\":\"1\",\"countryCode\":\"SG\","
            + "\"lat\":1.3,\"lon\":-103.85},"
            + "\"billingCountryCode\":\"SG\",\"lines\":[{\"sku\":\"A\",\"qty\":1,\"unitPrice\":{\"amountMinor\":5,"
            + "\"currency\":\"SGD\"}},{\"sku\":\"B\",\"qty\":20,"
            + "\"unitPrice\":{\"amountMinor\":50,\"currency\":\"SGD\"}}],"
            + "\"payment\":{\"provider\":\"stripe\",\"reference\":\"pi_1\",\"amount\":{\"amountMinor\":15,"
            + "\"currency\":\"SGD\"},\"fingerprint\":\"fp 1\"},\"clientIp\":\"10.0.0.1\"}",
        "{ \"channel\" : \"app\" , \"customer\" : { \"id\" : \"c1\" , \"email\" : \"x@y\" } , \"deliveryMethod\" : "
            + "\"PICKUP\" , \"pickupLocationId\" : \"store-1\" , \"lines\" : [ { \"sku\" : \"A\" , \"qty\" : 1 , "
            + "\"unitPrice\" : { \"amountMinor\" : 0 , \"currency\" : \"EUR\" } } ] , \"payment\" : { \"provider\" : "
            + "\"offline\" , \"amount\" : { \"amountMinor\" : 0 , \"currency\" : \"EUR\" } } , "
            + "\"clientIp\" : \"::1\" }\n",
    };
    private static final byte[] INTERESTING = " \t\n\r{}[]:,\"\\0123456789.-+eE@nulltruefalseAZaz\u007f/_".getBytes(
        StandardCharsets.ISO_8859_1);

    @Test
    void everyMutantTheFastReaderAcceptsReadsAlikeInJackson()
    {
        final SplittableRandom random = new SplittableRandom(18);
        int fast = 0;
        final int rounds = Integer.getInteger("ordo.mutationRounds", 300_000);
        for (int round = 0; round < rounds; round++)
        {
            byte[] bytes = BASES[random.nextInt(BASES.length)].getBytes(StandardCharsets.US_ASCII);
            final int mutations = 1 + random.nextInt(3);
            for (int m = 0; m < mutations; m++)
            {
                bytes = mutate(random, bytes);
            }
            final OrderFormReader.Parsed read;
            try
            {
                read = OrderBodyParser.read(bytes);
            }
            catch (final RuntimeException e)
            {
                throw new AssertionError("fast reader threw on " + new String(bytes, StandardCharsets.ISO_8859_1), e);
            }
            if (read != null)
            {
                fast++;
                assertThat(OrderBodyParserTest.encoded(read)).as(new String(bytes, StandardCharsets.ISO_8859_1))
                    .isEqualTo(OrderBodyParserTest.slowReading(bytes));
            }
        }
        System.out.println("mutants read by the fast reader: " + fast);
        assertThat(fast).isPositive();
    }

    private static byte[] mutate(final SplittableRandom random, final byte[] bytes)
    {
        final int at = random.nextInt(bytes.length);
        final byte b = random.nextInt(4) == 0 ? (byte)random.nextInt(256)
            : INTERESTING[random.nextInt(INTERESTING.length)];
        switch (random.nextInt(4))
        {
            case 0:
                final byte[] replaced = bytes.clone();
                replaced[at] = b;
                return replaced;
            case 1:
                final byte[] inserted = new byte[bytes.length + 1];
                System.arraycopy(bytes, 0, inserted, 0, at);
                inserted[at] = b;
                System.arraycopy(bytes, at, inserted, at + 1, bytes.length - at);
                return inserted;
            case 2:
                final byte[] deleted = new byte[bytes.length - 1];
                System.arraycopy(bytes, 0, deleted, 0, at);
                System.arraycopy(bytes, at + 1, deleted, at, bytes.length - at - 1);
                return deleted.length == 0 ? bytes : deleted;
            default:
                // copy a random segment elsewhere (duplicates members)
                final int from = random.nextInt(bytes.length);
                final int len = Math.min(bytes.length - from, 1 + random.nextInt(40));
                final byte[] copied = new byte[bytes.length + len];
                System.arraycopy(bytes, 0, copied, 0, at);
                System.arraycopy(bytes, from, copied, at, len);
                System.arraycopy(bytes, at, copied, at + len, bytes.length - at);
                return copied;
        }
    }
}
