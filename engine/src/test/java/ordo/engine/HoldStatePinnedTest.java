package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        // The snapshot's CRC re-taken for format 8 (which adds nothing a hold keeps; the hash is unchanged), for
        // format 9 (decisions as records; no order here, so only the format number differed), and for format 10 (the
        // policy's shipment limit, one byte more in its length-prefixed bytes; a hold keeps nothing new), and for
        // format 11 (a location's countries: one count byte, 0, after each location), for format 12 (an order's
        // charges; no order here, so only the format number differed), for format 13 (each SKU's last change,
        // eight bytes after its cells; the hash is unchanged), and for format 14 (each channel's locations, -1 for
        // every one; no channel here, so only the format number differed), and for format 15 (when each location's
        // capacity day begins, two shorts after its countries; a node that never counted a day keeps its first
        // value; the hash is unchanged).
        assertThat(Long.toHexString(crc.getValue())).isEqualTo("46596ad4");
    }

    /** A hold's status is a code in the snapshot; one that names no status is refused, not restored as none. */
    @Test
    void aSnapshotWithAnUnknownHoldStatusIsRefused()
    {
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-1");
        driver.defineSku("A", 0, false);
        driver.setInventory("A", "wh-1", 5, 0);
        driver.reserve("web", "c-1", null, 10 * MINUTE, "A:1");
        final byte[] snapshot = driver.snapshot();
        // The reservations' part: last id 1, one reservation, its id 1, then its status (HELD = 1).
        final byte[] held = {0, 0, 0, 0, 0, 0, 0, 1, 0, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0, 1, 1};
        final int at = indexOf(snapshot, held);
        assertThat(at).as("the hold's record").isPositive();
        assertThat(indexOf(java.util.Arrays.copyOfRange(snapshot, at + 1, snapshot.length), held)).isNegative();
        assertThat(EngineSnapshot.fromBytes(snapshot.clone(), EventSink.NONE).stateHash())
            .isEqualTo(driver.stateHash());

        snapshot[at + held.length - 1] = 9;

        assertThatThrownBy(() -> EngineSnapshot.fromBytes(snapshot, EventSink.NONE))
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("reservation 1 has status code 9");
    }

    private static int indexOf(final byte[] bytes, final byte[] pattern)
    {
        for (int i = 0; i + pattern.length <= bytes.length; i++)
        {
            if (java.util.Arrays.equals(bytes, i, i + pattern.length, pattern, 0, pattern.length))
            {
                return i;
            }
        }
        return -1;
    }
}
