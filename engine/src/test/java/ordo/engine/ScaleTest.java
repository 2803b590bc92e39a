package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.ReserveBuilder;
import ordo.engine.testing.Result;

/**
 * Past the initial capacities (1024 heap entries, idempotency slots and queue entries) and through pooled-object
 * reuse: thousands of holds and keys, checked against snapshots, replay and the invariants.
 */
class ScaleTest
{
    private static final long DAY = 24L * 60 * 60 * 1000;

    @Test
    void thousandsOfHoldsAndKeysSurviveSnapshotReplayAndRecycling()
    {
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-1");
        driver.defineLocation("wh-2");
        for (int s = 0; s < 8; s++)
        {
            driver.defineSku("S" + s, s % 3, Long.MIN_VALUE, Long.MAX_VALUE);
            driver.setInventory("S" + s, "wh-1", 100_000, 0);
            driver.setInventory("S" + s, "wh-2", 100_000, 3);
        }
        final Random random = new Random(11);
        final List<Long> ids = new ArrayList<>();
        final List<Result> keyed = new ArrayList<>();
        byte[] midway = null;
        long midwaySeq = 0;
        for (int round = 0; round < 3; round++)
        {
            for (int i = 0; i < 1_500; i++)
            {
                final int lines = 1 + random.nextInt(round == 1 ? 64 : 3);
                final ReserveBuilder builder = driver.reserving().customer("c" + random.nextInt(400))
                    .at(random.nextBoolean() ? null : "wh-" + (1 + random.nextInt(2)))
                    .ttl(1_000 + random.nextInt(3_600_000));
                for (int l = 0; l < lines; l++)
                {
                    builder.line("S" + ((i + l) % 8), 1);
                }
                final long key = random.nextInt(4) == 0 ? 1 + round * 10_000 + i : 0;
                final Result result = driver.withIdempotency(key, key * 31).apply(builder.build());
                if (result.isOk())
                {
                    ids.add(result.reservationId());
                }
                if (key != 0)
                {
                    keyed.add(result);
                }
                if (random.nextInt(3) == 0 && !ids.isEmpty())
                {
                    driver.release(ids.get(random.nextInt(ids.size())));
                }
                driver.advance(random.nextInt(2_000));
                assertThat(driver.checkInvariants()).isNull();
            }
            if (round == 1)
            {
                midway = driver.snapshot();
                midwaySeq = driver.seq();
            }
            driver.advance(DAY / 2).tick();
        }
        assertThat(ids.size()).isGreaterThan(2_000);
        assertThat(keyed.size()).isGreaterThan(1_000);
        assertThat(driver.events().stream().filter(e -> e.type() == EventType.RESERVATION_EXPIRED).count())
            .isGreaterThan(1_000);

        final EngineDriver fresh = new EngineDriver();
        assertThat(driver.log().replayInto(fresh)).isEqualTo(driver.results());
        assertThat(fresh.stateHash()).isEqualTo(driver.stateHash());
        assertThat(fresh.snapshot()).isEqualTo(driver.snapshot());

        final EngineDriver restored = EngineDriver.restore(midway);
        ordo.engine.testing.CommandLog.replayInto(restored, driver.log().after(midwaySeq));
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.snapshot()).isEqualTo(driver.snapshot());

        driver.advance(2 * DAY).tick();
        assertThat(driver.engine().liveReservations()).isZero();
        assertThat(driver.engine().nextExpiryAt()).isEqualTo(Long.MAX_VALUE);
        assertThat(driver.queryReservation(ids.get(ids.size() - 1)).code()).as("recycled after retention")
            .isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
        final Result afterRecycling = driver.reserving().line("S1", 1).line("S2", 1).submit();
        assertThat(afterRecycling.reservationId()).isEqualTo(ids.get(ids.size() - 1) + 1);
        assertThat(afterRecycling.reservation().lines()).hasSize(2);
        assertThat(driver.checkInvariants()).isNull();
    }
}
