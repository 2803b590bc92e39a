package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.CommandDescriber;
import ordo.engine.CommandType;
import ordo.engine.FraudRules;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;

/**
 * {@code ordo journal dump} shows a SET_FRAUD_RULES record as {@code GET /v1/fraud/rules} shows the rules: every
 * member, by the same names, so an auditor can tell which rules screened an order. It showed only
 * "reviewAt 60, rejectAt 100" (found in QA).
 */
class FraudRulesDumpTest
{
    @Test
    void aDumpedRulesCommandHoldsTheWholeRulesAsTheirViewShowsThem()
    {
        final FraudRules rules = new FraudRules.Builder()
            .thresholds(40, 90)
            .amountBand(50_000, 10).amountBand(500_000, 45)
            .velocity(0, 60, 20, 25).velocity(1, 30, 5, 15).velocity(2, 1440, 50, 20).velocity(3, 60, 0, 20)
            .velocity(4, 60, 10, 30)
            .countryMismatch(15).skuQuantity(3, 40).newCustomer(100_000, 30).blockedPoints(90)
            .blockEmail("mallory@example.com").blockDomain("mailinator.com").blockPostalCode("048616")
            .blockPostalCode("SW1A 1AA").blockIp("203.0.113.7").blockIp("2001:db8::1")
            .build();

        final ExpandableArrayBuffer command = new ExpandableArrayBuffer(1024);
        final PayloadWriter writer = new PayloadWriter().wrap(command, 0);
        writer.putLong(0).putLong(0);
        rules.writeTo(writer);
        final Map<String, Object> dumped = CommandDescriber.describe(CommandType.SET_FRAUD_RULES, command, 0,
            writer.length());

        final Reply view = new Reply().reset(1, 0);
        rules.writeTo(view.beginData());
        view.endData();
        final JsonNode shown = JsonBody.MAPPER.valueToTree(dumped);

        assertThat(shown.toString()).as("the same members, in the same order")
            .isEqualTo(new String(PaymentViews.rules(view), java.nio.charset.StandardCharsets.UTF_8));
        assertThat(shown.path("velocity").path("email").path("windowMinutes").asInt()).isEqualTo(30);
        assertThat(shown.path("blocklists").path("postalCodes").get(1).asText()).isEqualTo("SW1A 1AA");
    }
}
