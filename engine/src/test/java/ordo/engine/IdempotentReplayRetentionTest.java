package ordo.engine;

import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Result;

/**
 * API.md "same key + same body → the first response again ... Keys are kept at least 24 h". A release of a hold that
 * had already expired is remembered (RESERVATION_NOT_ACTIVE, 2xx) for 24 h from the release, but the hold leaves the
 * book 24 h after it ended: in between, rules version 12's scope check of the replay first found no hold and answered
 * RESERVATION_NOT_FOUND, to the very channel that made it (found in review). A hold that has left the book is not
 * checked: its answer names only its status.
 */
class IdempotentReplayRetentionTest
{
    private static final long HOUR = 3_600_000L;

    @Test
    void aReleaseOfAnExpiredHoldReplaysItsFirstAnswerForTheKeysWholeDay()
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10);
        final long hold = driver.reserve("web", "c-1", "wh-sg", 60_000, "A:1").reservationId();
        driver.advance(20 * HOUR);
        final Result first = driver.withIdempotency(0xABCL, 0xDEFL).apply(new Cmd.Release(hold, List.of("web")));
        assertThat(first.code()).isEqualTo(ResultCode.RESERVATION_NOT_ACTIVE);

        driver.advance(8 * HOUR); // 28 h after the hold ended, 8 h after the release was answered
        final Result replay = driver.withIdempotency(0xABCL, 0xDEFL).apply(new Cmd.Release(hold, List.of("web")));

        assertThat(replay.code()).as("same key, same body, same channel, 8 h later").isEqualTo(first.code());
        assertThat(replay.replayed()).isTrue();
    }
}
