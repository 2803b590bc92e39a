package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/** What the engine promises its callers: gap-free sequences, monotonic time, queries without effects. */
class EngineContractTest
{
    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(64);
    private final PayloadWriter writer = new PayloadWriter();
    private final Reply reply = new Reply();

    @Test
    void sequenceGapIsABugNotAReject()
    {
        final Engine engine = new Engine();
        final int length = tick();
        engine.apply(1, 1_000, CommandType.TICK, buffer, 0, length, reply);
        final long hash = engine.stateHash();

        assertThatThrownBy(() -> engine.apply(3, 1_000, CommandType.TICK, buffer, 0, length, reply))
            .isInstanceOf(IllegalStateException.class).hasMessageContaining("sequence gap");
        assertThatThrownBy(() -> engine.apply(1, 1_000, CommandType.TICK, buffer, 0, length, reply))
            .as("a repeated sequence").isInstanceOf(IllegalStateException.class);
        assertThat(engine.lastSeq()).isEqualTo(1);
        assertThat(engine.stateHash()).isEqualTo(hash);

        engine.apply(2, 1_000, CommandType.TICK, buffer, 0, length, reply);
        assertThat(reply.code()).isEqualTo(ResultCode.OK);
        assertThat(reply.seq()).isEqualTo(2);
    }

    @Test
    void theFirstCommandIsSequenceOne()
    {
        final Engine engine = new Engine();
        final int length = tick();
        assertThatThrownBy(() -> engine.apply(0, 1_000, CommandType.TICK, buffer, 0, length, reply))
            .isInstanceOf(IllegalStateException.class);
        assertThat(engine.nowMillis()).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void queriesAndControlCommandsAreNotApplied()
    {
        final Engine engine = new Engine();
        final int length = tick();
        assertThatThrownBy(() -> engine.apply(1, 0, CommandType.QUERY_STATE_HASH, buffer, 0, length, reply))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.apply(1, 0, CommandType.SNAPSHOT, buffer, 0, length, reply))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> engine.query(0, CommandType.TICK, buffer, 0, length, reply))
            .isInstanceOf(IllegalArgumentException.class);
        assertThat(engine.lastSeq()).isZero();
    }

    @Test
    void engineTimeNeverRunsBackwards()
    {
        final EngineDriver driver = new EngineDriver(10_000);
        driver.defineLocation("wh-1");
        driver.defineSku("A");
        driver.setInventory("A", "wh-1", 5, 0);

        final Result late = driver.at(9_000).reserve("web", "c-1", null, 1_000, "A:1");

        assertThat(late.timeMillis()).as("a command stamped behind runs at engine time").isEqualTo(10_000);
        assertThat(late.a()).as("so its hold expires from engine time").isEqualTo(11_000);
        assertThat(driver.reservation(late.reservationId()).createdAt()).isEqualTo(10_000);
        assertThat(driver.engine().nowMillis()).isEqualTo(10_000);
        assertThat(driver.at(10_500).tick().timeMillis()).isEqualTo(10_500);
    }

    @Test
    void theStateHashQueryAnswersSequenceAndHash()
    {
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-1");

        final Result result = driver.query(CommandType.QUERY_STATE_HASH, w -> { });

        assertThat(result.code()).isEqualTo(ResultCode.OK);
        assertThat(result.a()).isEqualTo(1);
        assertThat(result.b()).isEqualTo(driver.stateHash());
        assertThat(result.seq()).isEqualTo(1);
    }

    @Test
    void queriesNeverChangeState()
    {
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-1");
        driver.defineSku("A");
        driver.setInventory("A", "wh-1", 5, 0);
        final long id = driver.reserve("web", "c-1", null, 1_000, "A:1").reservationId();
        final byte[] snapshot = driver.snapshot();

        driver.advance(10_000);
        driver.inventory("A");
        driver.reservation(id);
        driver.sku("A");
        driver.location("wh-1");
        driver.query(CommandType.QUERY_STATE_HASH, w -> { });
        driver.queryReservation(99);

        assertThat(driver.snapshot()).isEqualTo(snapshot);
        assertThat(driver.engine().liveReservations()).isEqualTo(1);
    }

    @Test
    void unknownIdsInQueriesAreNotFound()
    {
        final EngineDriver driver = new EngineDriver();
        assertThat(driver.queryInventory("A").code()).isEqualTo(ResultCode.SKU_NOT_FOUND);
        assertThat(driver.query(CommandType.QUERY_SKU, w -> CommandCodec.queryById(w, "A")).code())
            .isEqualTo(ResultCode.SKU_NOT_FOUND);
        assertThat(driver.query(CommandType.QUERY_LOCATION, w -> CommandCodec.queryById(w, "wh-1")).code())
            .isEqualTo(ResultCode.LOCATION_NOT_FOUND);
        assertThat(driver.queryReservation(1).code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
    }

    @Test
    void commandAndResultCodesAreStable()
    {
        for (final CommandType type : CommandType.values())
        {
            assertThat(CommandType.fromCode(type.code())).isSameAs(type);
        }
        assertThat(CommandType.fromCode(99)).isNull();
        assertThat(CommandType.fromCode(-1)).isNull();
        assertThat(CommandType.fromCode(1_000)).isNull();
        assertThat(CommandType.RESERVE.code()).isEqualTo(5);
        for (final ResultCode code : ResultCode.values())
        {
            assertThat(ResultCode.fromCode(code.code())).isSameAs(code);
        }
        assertThat(ResultCode.INSUFFICIENT_STOCK.code()).isEqualTo(200);
        assertThat(ResultCode.IDEMPOTENCY_KEY_REUSED.code()).isEqualTo(400);
        assertThatThrownBy(() -> ResultCode.fromCode(999)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aFreshEngineHoldsItsInvariants()
    {
        assertThat(new Engine().checkInvariants()).isNull();
        assertThat(new Engine().stateHash()).isEqualTo(new Engine().stateHash());
    }

    private int tick()
    {
        writer.wrap(buffer, 0);
        CommandCodec.tick(writer);
        return writer.length();
    }
}
