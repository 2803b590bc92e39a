package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Event;
import ordo.engine.testing.ReserveBuilder;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/** Reserve (all lines or none), exact expiry, release, the reservation view and its retention. */
class ReservationTest
{
    private static final long MINUTE = 60_000;

    private final EngineDriver driver = new EngineDriver();

    @BeforeEach
    void network()
    {
        driver.defineLocation("wh-1");
        driver.defineSku("A");
        driver.defineSku("B");
        driver.defineSku("C");
        driver.setInventory("A", "wh-1", 5, 0);
        driver.setInventory("B", "wh-1", 5, 0);
        driver.setInventory("C", "wh-1", 1, 0);
    }

    @Test
    void reservationIsAllOrNothing()
    {
        final List<Views.Inventory> before = views();
        final long hashBefore = driver.stateHash();

        final Result result = driver.reserve("web", "c-1", null, 10 * MINUTE, "A:2", "B:2", "C:2");

        assertThat(result.code()).isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(result.line()).isEqualTo(2);
        assertThat(result.a()).as("available").isEqualTo(1);
        assertThat(result.c()).as("requested").isEqualTo(2);
        assertThat(Views.skuId(result.data())).isEqualTo("C");
        assertThat(views()).isEqualTo(before);
        assertThat(driver.stateHash()).isEqualTo(hashBefore);
        assertThat(driver.engine().liveReservations()).isZero();
        assertThat(driver.reserve("web", "c-1", null, 10 * MINUTE, "A:2").reservationId())
            .as("a rejected reserve uses up no id").isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"UNKNOWN_SKU", "INVALID_QUANTITY", "DUPLICATE_SKU"})
    void aValidationFailureOnALaterLineChangesNothing(final String failure)
    {
        final String lastLine = switch (failure)
        {
            case "UNKNOWN_SKU" -> "NOPE:1";
            case "INVALID_QUANTITY" -> "C:0";
            default -> "A:1";
        };
        final List<Views.Inventory> before = views();
        final long hashBefore = driver.stateHash();
        final int eventsBefore = driver.events().size();

        final Result result = driver.reserve("web", "c-1", null, 10 * MINUTE, "A:1", "B:1", lastLine);

        assertThat(result.code()).isEqualTo(ResultCode.valueOf(failure));
        assertThat(result.line()).isEqualTo(2);
        assertThat(Views.skuId(result.data())).isEqualTo(lastLine.substring(0, lastLine.indexOf(':')));
        assertThat(views()).isEqualTo(before);
        assertThat(driver.stateHash()).isEqualTo(hashBefore);
        assertThat(driver.events()).hasSize(eventsBefore);
    }

    @ParameterizedTest
    @ValueSource(ints = {-1, 0, 1_000_001})
    void aQuantityOutsideOneToAMillionIsInvalid(final int qty)
    {
        assertThat(driver.reserving().line("A", qty).submit().code()).isEqualTo(ResultCode.INVALID_QUANTITY);
    }

    @Test
    void theShapeOfAReserveIsCheckedBeforeItsLines()
    {
        assertThat(driver.reserving().submit().code()).as("no lines").isEqualTo(ResultCode.INVALID_FIELD);
        final ReserveBuilder tooMany = driver.reserving();
        for (int i = 0; i < CommandCodec.MAX_LINES + 1; i++)
        {
            tooMany.line("A", 1);
        }
        assertThat(tooMany.submit().code()).isEqualTo(ResultCode.TOO_MANY_LINES);
        assertThat(driver.reserving().ttl(999).line("A", 1).submit().code()).isEqualTo(ResultCode.INVALID_TTL);
        assertThat(driver.reserving().ttl(7L * 24 * 60 * MINUTE + 1).line("A", 1).submit().code())
            .isEqualTo(ResultCode.INVALID_TTL);
        assertThat(driver.reserving().customer("bad id").line("A", 1).submit().code()).isEqualTo(ResultCode.INVALID_ID);
        assertThat(driver.reserving().channel("").line("A", 1).submit().code()).isEqualTo(ResultCode.INVALID_ID);
        assertThat(driver.reserving().at("nowhere").line("A", 1).submit().code())
            .isEqualTo(ResultCode.UNKNOWN_LOCATION);
        assertThat(driver.reserving().ttl(1_000).line("A", 1).submit().code()).isEqualTo(ResultCode.OK);
        assertThat(driver.reserving().ttl(7L * 24 * 60 * MINUTE).line("A", 1).submit().code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void reservationExpiresExactlyAtTtl()
    {
        final long start = driver.now();
        final Result hold = driver.reserve("web", "c-1", null, 10 * MINUTE, "C:1");
        final long expiresAt = hold.a();
        assertThat(expiresAt).isEqualTo(start + 10 * MINUTE);

        driver.at(expiresAt - 1);
        assertThat(driver.reserve("web", "c-2", null, MINUTE, "C:1").code())
            .as("one millisecond before expiry the hold still counts").isEqualTo(ResultCode.INSUFFICIENT_STOCK);
        assertThat(expiredEvents()).isEmpty();

        driver.at(expiresAt);
        final Result competitor = driver.reserve("web", "c-2", null, MINUTE, "C:1");
        assertThat(competitor.code()).as("at expiry the hold no longer counts").isEqualTo(ResultCode.OK);
        assertThat(expiredEvents()).containsExactly(
            new Event(EventType.RESERVATION_EXPIRED, competitor.seq(), expiresAt, hold.reservationId()));
    }

    @Test
    void anExpiryEventCarriesTheExpiryTimeHoweverLateTheTick()
    {
        final Result hold = driver.reserve("web", "c-1", null, MINUTE, "A:1");
        driver.advance(5 * 60 * MINUTE);
        final Result tick = driver.tick();

        assertThat(expiredEvents()).containsExactly(
            new Event(EventType.RESERVATION_EXPIRED, tick.seq(), hold.a(), hold.reservationId()));
        final Views.Reservation view = driver.reservation(hold.reservationId());
        assertThat(view.status()).isEqualTo(Codes.ReservationStatus.EXPIRED);
        assertThat(view.endedAt()).isEqualTo(hold.a());
    }

    @Test
    void theViewShowsExpiredOnceQueryTimeReachesExpiryEvenBeforeAnyTick()
    {
        final Result hold = driver.reserve("web", "c-1", "wh-1", MINUTE, "A:2");
        final long expiresAt = hold.a();
        final long hash = driver.stateHash();

        driver.at(expiresAt - 1);
        assertThat(driver.reservation(hold.reservationId()).status()).isEqualTo(Codes.ReservationStatus.HELD);
        driver.at(expiresAt);
        final Views.Reservation atExpiry = driver.reservation(hold.reservationId());
        assertThat(atExpiry.status()).isEqualTo(Codes.ReservationStatus.EXPIRED);
        assertThat(atExpiry.endedAt()).isEqualTo(expiresAt);
        driver.advance(MINUTE);
        assertThat(driver.reservation(hold.reservationId()).status()).isEqualTo(Codes.ReservationStatus.EXPIRED);

        assertThat(driver.stateHash()).as("a query changes nothing, not even an expiry").isEqualTo(hash);
        assertThat(driver.engine().liveReservations()).isEqualTo(1);
        assertThat(expiredEvents()).isEmpty();
        driver.tick();
        assertThat(driver.reservation(hold.reservationId())).isEqualTo(atExpiry);
    }

    @Test
    void releaseAtTheExpiryTimeAnswersNotActive()
    {
        final Result hold = driver.reserve("web", "c-1", null, MINUTE, "A:1");
        driver.at(hold.a());

        final Result release = driver.release(hold.reservationId());

        assertThat(release.code()).isEqualTo(ResultCode.RESERVATION_NOT_ACTIVE);
        assertThat(release.entityId()).isEqualTo(hold.reservationId());
        assertThat(release.a()).isEqualTo(Codes.ReservationStatus.EXPIRED.code());
        assertThat(expiredEvents()).hasSize(1);
    }

    @Test
    void releaseGivesTheStockBackAtOnce()
    {
        final Result hold = driver.reserve("web", "c-1", null, 10 * MINUTE, "A:2", "C:1");
        assertThat(driver.inventory("A").atp()).isEqualTo(3);
        driver.advance(1_000);

        final Result release = driver.release(hold.reservationId());

        assertThat(release.code()).isEqualTo(ResultCode.OK);
        final Views.Reservation view = release.reservation();
        assertThat(view.status()).isEqualTo(Codes.ReservationStatus.RELEASED);
        assertThat(view.endedAt()).isEqualTo(driver.now());
        assertThat(driver.inventory("A").atp()).isEqualTo(5);
        assertThat(driver.inventory("C").atp()).isEqualTo(1);
        assertThat(driver.events().get(driver.events().size() - 1))
            .isEqualTo(new Event(EventType.RESERVATION_RELEASED, release.seq(), driver.now(), hold.reservationId()));
        final Result again = driver.release(hold.reservationId());
        assertThat(again.code()).isEqualTo(ResultCode.RESERVATION_NOT_ACTIVE);
        assertThat(again.a()).isEqualTo(Codes.ReservationStatus.RELEASED.code());
        assertThat(driver.release(999).code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
    }

    @Test
    void aReservationIsVisibleOnlyToItsChannelWhenTheCallerNamesChannels()
    {
        final long id = driver.reserve("web", "c-1", null, MINUTE, "A:1").reservationId();

        assertThat(driver.queryReservation(id, "app").code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
        assertThat(driver.queryReservation(id, "app", "web").code()).isEqualTo(ResultCode.OK);
        assertThat(driver.release(id, "app").code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
        assertThat(driver.inventory("A").atp()).isEqualTo(4);
        assertThat(driver.release(id, "web").code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void theViewShowsWhatWasReserved()
    {
        final long created = driver.now();
        final Result hold = driver.reserve("web", "c-1", "wh-1", 10 * MINUTE, "B:2", "A:1");

        final Views.Reservation view = hold.reservation();
        assertThat(view).isEqualTo(new Views.Reservation(hold.reservationId(), Codes.ReservationStatus.HELD, "web",
            "c-1", "wh-1", created, created + 10 * MINUTE, 0, List.of(new Views.Line("B", 2), new Views.Line("A", 1)), 0));
        assertThat(driver.reservation(hold.reservationId())).isEqualTo(view);
        assertThat(driver.reserve("app", "c-2", null, MINUTE, "A:1").reservation().location()).isNull();
    }

    @Test
    void anEndedReservationStaysReadableForADayThenIsForgotten()
    {
        final long id = driver.reserve("web", "c-1", null, MINUTE, "A:1").reservationId();
        final Result release = driver.release(id);
        final long day = 24 * 60 * MINUTE;

        driver.at(release.timeMillis() + day - 1).tick();
        assertThat(driver.reservation(id).status()).isEqualTo(Codes.ReservationStatus.RELEASED);
        driver.at(release.timeMillis() + day).tick();
        assertThat(driver.queryReservation(id).code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
        assertThat(driver.release(id).code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
        assertThat(driver.reserve("web", "c-1", null, MINUTE, "A:1").reservationId())
            .as("ids are never reused, even when objects are").isEqualTo(id + 1);
    }

    /**
     * Ended reservations are forgotten in the order they ended, each exactly a day after its end; the queue of ended
     * ids wraps and grows in between (a thousand ended a minute apart, half of them forgotten, then a thousand more
     * within a second).
     */
    @Test
    void everyEndedReservationIsForgottenExactlyADayAfterItEndedWhileTheEndedQueueWrapsAndGrows()
    {
        final long day = 24 * 60 * MINUTE;
        final List<long[]> ended = new ArrayList<>();
        final long start = driver.now();
        for (int i = 0; i < 1_000; i++)
        {
            driver.at(start + i * MINUTE);
            final long id = driver.reserve("web", "c-1", null, MINUTE, "A:1").reservationId();
            ended.add(new long[] {id, driver.release(id).timeMillis()});
        }
        final long later = start + day + 500 * MINUTE;
        for (int i = 0; i < 1_000; i++)
        {
            driver.at(later + i);
            final long id = driver.reserve("web", "c-2", null, MINUTE, "A:1").reservationId();
            ended.add(new long[] {id, driver.release(id).timeMillis()});
        }
        assertThat(driver.queryReservation(ended.get(500)[0]).code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
        assertThat(driver.queryReservation(ended.get(501)[0]).code()).isEqualTo(ResultCode.OK);

        for (final long[] reservation : ended.subList(501, ended.size()))
        {
            driver.at(reservation[1] + day - 1).tick();
            assertThat(driver.queryReservation(reservation[0]).code()).isEqualTo(ResultCode.OK);
            driver.at(reservation[1] + day).tick();
            assertThat(driver.queryReservation(reservation[0]).code()).isEqualTo(ResultCode.RESERVATION_NOT_FOUND);
        }
    }

    /**
     * The engine skips expiry work until the earliest time anything may be due; releasing the earliest hold leaves
     * that time early, and the later hold must still expire at its own millisecond, not before and not late.
     */
    @Test
    void aLaterHoldExpiresExactlyOnTimeAfterTheEarlierOneWasReleased()
    {
        final long early = driver.reserve("web", "c-1", null, MINUTE, "A:1").reservationId();
        final Result late = driver.reserve("web", "c-2", null, 5 * MINUTE, "A:1");
        driver.release(early);

        driver.at(late.a() - 1).tick();
        assertThat(expiredEvents()).isEmpty();
        assertThat(driver.engine().nextExpiryAt()).isEqualTo(late.a());

        final long seq = driver.at(late.a()).tick().seq();
        assertThat(expiredEvents()).containsExactly(
            new Event(EventType.RESERVATION_EXPIRED, seq, late.a(), late.reservationId()));
        assertThat(driver.engine().nextExpiryAt()).isEqualTo(Long.MAX_VALUE);
    }

    /**
     * Near the end of a long a hold's expiry (its time plus its TTL) wrapped to a time before the hold was made, so it
     * expired and was recycled at the next command while its idempotency record lived on, and a keyed retry threw.
     * Engine time ends in the year 9999: the longest hold made at its last millisecond expires on time and a retry
     * is answered again; a later stamp is refused before anything changes.
     */
    @Test
    void theLongestHoldMadeAtTheLastMillisecondOfEngineTimeExpiresOnTimeAndIsAnsweredAgain()
    {
        final long day = 24 * 60 * MINUTE;
        driver.at(Engine.MAX_STAMPED_MILLIS);
        final Result first = driver.withIdempotency(7, 8).reserve("web", "c-1", null, 7 * day, "A:1");
        driver.tick();

        final Result retry = driver.withIdempotency(7, 8).reserve("web", "c-1", null, 7 * day, "A:1");

        assertThat(first.code()).isEqualTo(ResultCode.OK);
        assertThat(retry.replayed()).isTrue();
        assertThat(retry.entityId()).isEqualTo(first.entityId());
        assertThat(driver.engine().liveReservations()).isEqualTo(1);
        assertThat(driver.engine().nextExpiryAt()).isEqualTo(Engine.MAX_STAMPED_MILLIS + 7 * day);
    }

    @Test
    void aCommandStampedAfterTheEndOfEngineTimeIsRefusedBeforeAnythingChanges()
    {
        final long seq = driver.engine().lastSeq();
        final long hash = driver.engine().stateHash();

        assertThatThrownBy(() -> driver.at(Engine.MAX_STAMPED_MILLIS + 1).tick())
            .isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("end of engine time");

        assertThat(driver.engine().lastSeq()).isEqualTo(seq);
        assertThat(driver.engine().stateHash()).isEqualTo(hash);
        assertThat(driver.engine().nowMillis()).isLessThanOrEqualTo(Engine.MAX_STAMPED_MILLIS);
    }

    @Test
    void holdsExpireInExpiryOrderThenIdOrder()
    {
        final long t = driver.now();
        final long late = driver.reserve("web", "c-1", null, 3 * MINUTE, "A:1").reservationId();
        final long early = driver.reserve("web", "c-1", null, MINUTE, "A:1").reservationId();
        final long sameAsEarlyFirst = driver.reserve("web", "c-2", null, MINUTE, "B:1").reservationId();
        final long sameAsEarlySecond = driver.reserve("web", "c-3", null, MINUTE, "B:1").reservationId();

        final long seq = driver.advance(10 * MINUTE).tick().seq();

        assertThat(expiredEvents()).containsExactly(
            new Event(EventType.RESERVATION_EXPIRED, seq, t + MINUTE, early),
            new Event(EventType.RESERVATION_EXPIRED, seq, t + MINUTE, sameAsEarlyFirst),
            new Event(EventType.RESERVATION_EXPIRED, seq, t + MINUTE, sameAsEarlySecond),
            new Event(EventType.RESERVATION_EXPIRED, seq, t + 3 * MINUTE, late));
        assertThat(driver.engine().liveReservations()).isZero();
        assertThat(driver.engine().nextExpiryAt()).isEqualTo(Long.MAX_VALUE);
    }

    @Test
    void theEnginePublishesTheNextExpiryForTheTicker()
    {
        final Result first = driver.reserve("web", "c-1", null, 2 * MINUTE, "A:1");
        final Result second = driver.reserve("web", "c-1", null, MINUTE, "A:1");
        assertThat(driver.engine().nextExpiryAt()).isEqualTo(second.a());
        assertThat(driver.engine().liveReservations()).isEqualTo(2);

        driver.release(second.reservationId());

        assertThat(driver.engine().nextExpiryAt()).as("a released hold no longer wakes the ticker").isEqualTo(first.a());
        assertThat(driver.engine().liveReservations()).isEqualTo(1);
    }

    private List<Views.Inventory> views()
    {
        return List.of(driver.inventory("A"), driver.inventory("B"), driver.inventory("C"));
    }

    private List<Event> expiredEvents()
    {
        final List<Event> expired = new ArrayList<>();
        for (final Event event : driver.events())
        {
            if (event.type() == EventType.RESERVATION_EXPIRED)
            {
                expired.add(event);
            }
        }
        return expired;
    }
}
