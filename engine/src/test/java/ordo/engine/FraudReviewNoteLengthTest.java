package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.FraudRuleSets;
import ordo.engine.testing.Result;

/**
 * A review note is free text of up to 65 535 UTF-8 bytes; the timeline note the engine builds from it
 * ("APPROVE by reviewer: note") must still fit a text field, or the snapshot holding it cannot be read back.
 */
class FraudReviewNoteLengthTest
{
    @Test
    void anApprovalWithTheLongestNoteStillLeavesARestorableSnapshot()
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
        driver.setFraudRules(FraudRuleSets.quiet().countryMismatch(60).build());
        final Result placed = driver.ordering().billingCountry("MY").line("A", 1).submit();
        assertThat(placed.order().status()).isEqualTo(OrderStatus.FRAUD_REVIEW);

        final String longestNote = "x".repeat(0xFFFF);
        assertThat(driver.approve(placed.orderId(), "rev-1", longestNote).code()).isEqualTo(ResultCode.OK);

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
    }

    @Test
    void aBuiltNoteIsCutAtTheLastWholeCharacterWithinTheLimit()
    {
        // "é" is two bytes: after a 2-byte prefix the limit (65 535) falls inside a character, which is left out.
        final String text = "pq" + "é".repeat(40_000);

        final byte[] note = OrderFlow.text(text);

        assertThat(note.length).isEqualTo(65_534);
        assertThat(new String(note, StandardCharsets.UTF_8)).isEqualTo("pq" + "é".repeat(32_766));
    }

    @Test
    void aNoteWithinTheLimitIsKeptWhole()
    {
        final String text = "x".repeat(0xFFFF);

        assertThat(OrderFlow.text(text)).isEqualTo(text.getBytes(StandardCharsets.UTF_8));
    }
}
