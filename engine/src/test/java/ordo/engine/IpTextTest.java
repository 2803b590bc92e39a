package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class IpTextTest
{
    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        "203.0.113.7, 203.0.113.7",
        "203.000.113.007, 203.0.113.7",
        "2001:DB8::1, 2001:db8::1",
        "2001:db8:0:0:0:0:0:1, 2001:db8::1",
        "2001:0db8:0000:0000:0001:0000:0000:0001, 2001:db8::1:0:0:1",
        "2001:db8:0:1:1:1:1:1, 2001:db8:0:1:1:1:1:1",
        "0:0:0:0:0:0:0:1, ::1",
        "::, ::",
        "fe80::1%ETH0, fe80::1%eth0",
        "::ffff:192.0.2.1, 192.0.2.1",
        "0:0:0:0:0:ffff:c000:0201, 192.0.2.1",
        "1:0:0:2:0:0:0:3, 1:0:0:2::3",
        "not-an-ip, not-an-ip",
        "1::2::3, 1::2::3",
        "256.1.1.1, 256.1.1.1",
        "ABC, abc"
    })
    void everySpellingOfAnAddressHasOneCanonicalForm(final String text, final String canonical)
    {
        assertThat(new String(IpText.canonical(text.getBytes(StandardCharsets.US_ASCII)), StandardCharsets.US_ASCII))
            .isEqualTo(canonical);
    }
}
