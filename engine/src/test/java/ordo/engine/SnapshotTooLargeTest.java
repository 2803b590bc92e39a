package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.FraudRuleSets;

/**
 * A snapshot refused as too large ({@link SnapshotTooLargeException}) leaves the engine exactly as it was, wherever
 * in the snapshot the limit is reached: the shadow snapshotter keeps its engine after one and snapshots it later.
 */
class SnapshotTooLargeTest
{
    @Test
    void aRefusedSnapshotChangesNothingWhereverTheLimitFalls() throws Exception
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 1_000);
        FraudRules.Builder rules = FraudRuleSets.quiet();
        for (int kind = 0; kind < FraudRules.VELOCITY_KINDS; kind++)
        {
            rules = rules.velocity(kind, 30, 100, 1);
        }
        assertThat(driver.setFraudRules(rules.build()).code()).isEqualTo(ResultCode.OK);
        for (int n = 1; n <= 6; n++)
        {
            driver.advance(1_000).withIdempotency(0x1000 + n, 0x2000 + n);
            assertThat(driver.ordering().customer("buyer-" + n).email("buyer-" + n + "@example.com")
                .clientIp("198.51.100." + n).address(n + " Bishan Street 11", "5700" + (10 + n), "SG")
                .fingerprint("fp_" + n).line("A", 1).submit().code()).isEqualTo(ResultCode.OK);
        }
        final Engine engine = driver.engine();
        final byte[] whole = EngineSnapshot.toBytes(engine);
        final long hash = engine.stateHash();

        for (int limit = 0; limit < whole.length; limit++)
        {
            final SnapshotBuffer limited = new SnapshotBuffer(16, limit);
            assertThatThrownBy(() -> EngineSnapshot.write(engine, limited))
                .isInstanceOf(SnapshotTooLargeException.class);
            assertThat(engine.stateHash()).as("state hash after a snapshot refused at %d bytes", limit)
                .isEqualTo(hash);
            assertThat(EngineSnapshot.toBytes(engine)).as("snapshot after one refused at %d bytes", limit)
                .isEqualTo(whole);
        }
    }
}
