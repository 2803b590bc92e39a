package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.zip.CRC32;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;

/**
 * Holds of every kind — network and node, one line and several, short and long customer ids, held, released and
 * expired — hash and snapshot to pinned values. A hold keeps its SKUs, node and status as numbers and its customer id
 * as words; these values were the same when it kept references and arrays, so a change in how a hold is kept that
 * changed what it hashes or writes fails here (a test comparing a live engine with a restored one would not notice:
 * both would change alike).
 */
class HoldStatePinnedTest
{
    private static final long MINUTE = 60_000;

    @Test
    void holdsHashAndSnapshotToPinnedValues()
    {
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-1");
        driver.defineLocation("store-2");
        for (final String sku : new String[] {"A", "B", "C"})
        {
            driver.defineSku(sku, 0, false);
            driver.setInventory(sku, "wh-1", 50, 0);
            driver.setInventory(sku, "store-2", 20, 0);
        }
        driver.reserve("web", "c-1", null, 10 * MINUTE, "A:2", "B:1");
        driver.reserve("web", "customer-with-a-rather-long-id-0042", "wh-1", 30 * MINUTE, "C:3");
        final long released = driver.reserve("app", "c-12345678", "store-2", 10 * MINUTE, "A:1", "B:2", "C:1")
            .reservationId();
        driver.reserve("web", "c-1234567890123456", null, 2 * MINUTE, "B:4");
        driver.advance(MINUTE);
        driver.release(released);
        driver.advance(2 * MINUTE);
        driver.reserve("web", "c-9", "wh-1", 10 * MINUTE, "A:1");

        final CRC32 crc = new CRC32();
        crc.update(driver.snapshot());
        assertThat(Long.toHexString(driver.stateHash())).isEqualTo("e49b3d523fd138db");
        assertThat(Long.toHexString(crc.getValue())).isEqualTo("3e89dc06");
    }
}
