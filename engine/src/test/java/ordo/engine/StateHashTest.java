package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;

/** The state hash covers business state, never the clock or the sequence. */
class StateHashTest
{
    private static final long YEAR = 365L * 24 * 60 * 60 * 1000;

    @Test
    void stateHashIgnoresTheClock()
    {
        final EngineDriver driver = network(new EngineDriver());
        final long hash = driver.stateHash();

        driver.advance(YEAR).tick();
        driver.advance(YEAR).tick();

        assertThat(driver.stateHash()).isEqualTo(hash);
        assertThat(driver.engine().lastSeq()).isGreaterThan(2);
    }

    @Test
    void ticksBeforeAnyHoldIsDueLeaveTheHashUnchanged()
    {
        final EngineDriver driver = network(new EngineDriver());
        final long expiresAt = driver.reserve("web", "c-1", null, 7L * 24 * 60 * 60 * 1000, "A:1").a();
        final long hash = driver.stateHash();

        driver.at(expiresAt - 1).tick();

        assertThat(driver.stateHash()).isEqualTo(hash);
        driver.tick();
        assertThat(driver.queryReservation(1).code()).isEqualTo(ResultCode.OK);
        driver.at(expiresAt).tick();
        assertThat(driver.stateHash()).as("the expiry is a change").isNotEqualTo(hash);
    }

    @Test
    void theSameBusinessStateReachedAtOtherTimesHashesTheSame()
    {
        final EngineDriver early = network(new EngineDriver(1_000));
        final EngineDriver late = network(new EngineDriver(5 * YEAR));

        assertThat(late.stateHash()).isEqualTo(early.stateHash());
        assertThat(Engine.formatHash(early.stateHash())).hasSize(16).matches("[0-9a-f]{16}");
        assertThat(Engine.formatHash(1)).isEqualTo("0000000000000001");
        assertThat(Engine.formatHash(-1)).isEqualTo("ffffffffffffffff");
    }

    @Test
    void aRejectWithoutAKeyAndQueriesLeaveTheHashUnchanged()
    {
        final EngineDriver driver = network(new EngineDriver());
        final long hash = driver.stateHash();

        driver.reserve("web", "c-1", null, 60_000, "A:1000");
        driver.adjust("A", "wh-1", -1000, Codes.AdjustmentReason.DAMAGE);
        driver.release(77);
        driver.inventory("A");
        driver.queryReservation(1);

        assertThat(driver.stateHash()).isEqualTo(hash);
    }

    @Test
    void stateHashChangesWhenAnythingBusinessRelevantChanges()
    {
        final Map<String, Consumer<EngineDriver>> changes = new LinkedHashMap<>();
        changes.put("on hand", d -> d.setInventory("A", "wh-1", 11, 1));
        changes.put("safety stock", d -> d.setInventory("A", "wh-1", 10, 2));
        changes.put("a new stock cell", d -> d.setInventory("B", "wh-1", 0, 0));
        changes.put("adjustment", d -> d.adjust("A", "wh-1", -1, Codes.AdjustmentReason.DAMAGE));
        changes.put("network hold", d -> d.reserve("web", "c-1", null, 60_000, "A:1"));
        changes.put("node hold", d -> d.reserve("web", "c-1", "wh-1", 60_000, "A:1"));
        changes.put("another customer", d -> d.reserve("web", "c-2", null, 60_000, "A:1"));
        changes.put("another channel", d -> d.reserve("app", "c-1", null, 60_000, "A:1"));
        changes.put("another ttl", d -> d.reserve("web", "c-1", null, 60_001, "A:1"));
        changes.put("release", d -> d.release(d.reserve("web", "c-1", null, 60_000, "A:1").reservationId()));
        changes.put("expiry", d -> d.reserve("web", "c-1", null, 60_000, "A:1"));
        changes.put("per-customer limit", d -> d.defineSku("A", 1, Long.MIN_VALUE, Long.MAX_VALUE));
        changes.put("sale window", d -> d.defineSku("A", 0, 0, Long.MAX_VALUE));
        changes.put("location deactivated", d -> d.defineLocation("wh-1", Codes.LocationType.WAREHOUSE, 1_352_100,
            103_819_800, Codes.CAP_SHIP | Codes.CAP_PICKUP, false));
        changes.put("location moved", d -> d.defineLocation("wh-1", Codes.LocationType.WAREHOUSE, 1_352_101,
            103_819_800, Codes.CAP_SHIP | Codes.CAP_PICKUP, true));
        changes.put("new location", d -> d.defineLocation("wh-2"));
        changes.put("new sku", d -> d.defineSku("C"));
        changes.put("remembered business reject", d -> d.withIdempotency(9, 9).reserve("web", "c-1", null, 60_000,
            "A:1000"));

        final EngineDriver reference = network(new EngineDriver());
        reference.tick();
        final long unchanged = reference.stateHash();
        for (final Map.Entry<String, Consumer<EngineDriver>> change : changes.entrySet())
        {
            final EngineDriver driver = network(new EngineDriver());
            change.getValue().accept(driver);
            if (change.getKey().equals("expiry"))
            {
                final long beforeExpiry = driver.stateHash();
                driver.advance(60_000).tick();
                assertThat(driver.stateHash()).as(change.getKey()).isNotEqualTo(beforeExpiry);
            }
            assertThat(driver.stateHash()).as(change.getKey()).isNotEqualTo(unchanged);
        }
    }

    @Test
    void forgettingAnEndedReservationOrAnIdempotencyRecordIsAChange()
    {
        final EngineDriver driver = network(new EngineDriver());
        driver.withIdempotency(5, 5).reserve("web", "c-1", null, 60_000, "A:1");
        driver.advance(60_000).tick();
        final long expired = driver.stateHash();

        driver.advance(24L * 60 * 60 * 1000).tick();

        assertThat(driver.stateHash()).isNotEqualTo(expired);
        assertThat(driver.stateHash()).as("the id counter still tells that a reservation was made")
            .isNotEqualTo(network(new EngineDriver()).stateHash());
    }

    private static EngineDriver network(final EngineDriver driver)
    {
        driver.defineLocation("wh-1");
        driver.defineSku("A");
        driver.defineSku("B");
        driver.setInventory("A", "wh-1", 10, 1);
        return driver;
    }
}
