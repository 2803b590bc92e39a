package ordo.gateway.payments;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ISO codes as codes: the runtime's tables, Kosovo's XK and the currencies newer than Java 17's data. */
class IsoCodesTest
{
    @Test
    void realCodesPassAndCodesOfTheRightShapeThatNameNothingDoNot()
    {
        for (final String currency : new String[] {"SGD", "EUR", "USD", "MYR", "VED", "SLE", "ZWG", "XCG"})
        {
            assertThat(IsoCodes.isCurrency(currency)).as(currency).isTrue();
        }
        for (final String country : new String[] {"SG", "MY", "GB", "XK"})
        {
            assertThat(IsoCodes.isCountry(country)).as(country).isTrue();
        }
        for (final String notACurrency : new String[] {"XXQ", "sgd", "SG", "", "XXX", "XTS", "XAU"})
        {
            assertThat(IsoCodes.isCurrency(notACurrency)).as(notACurrency).isFalse();
        }
        for (final String notACountry : new String[] {"XX", "sg", "SGP", ""})
        {
            assertThat(IsoCodes.isCountry(notACountry)).as(notACountry).isFalse();
        }
        assertThat(IsoCodes.isCurrency(null)).isFalse();
        assertThat(IsoCodes.isCountry(null)).isFalse();
    }
}
