package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.statistics.Statistics;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Event;
import ordo.engine.testing.OpRunner;
import ordo.engine.testing.RandomCommands;
import ordo.engine.testing.RandomCommands.Op;
import ordo.engine.testing.Result;

/**
 * Snapshots and replay: restoring a snapshot and applying the rest of the log gives the live engine's state, replies
 * and events; replaying the whole log into a fresh engine does too; snapshots are byte-for-byte stable.
 */
class SnapshotAndReplayTest
{
    @Provide
    Arbitrary<List<Op>> streams()
    {
        return RandomCommands.streams(1, 120);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void snapshotThenReplayGivesTheLiveStateHash(@ForAll("streams") final List<Op> ops,
        @ForAll @IntRange(min = 0, max = 10_000) final int cut)
    {
        final EngineDriver live = new EngineDriver(RandomCommands.T0);
        final OpRunner runner = new OpRunner(live);
        runner.setUp();
        final int snapshotAfter = cut % (ops.size() + 1);
        byte[] snapshot = null;
        long hashAtSnapshot = 0;
        for (int i = 0; i <= ops.size(); i++)
        {
            if (i == snapshotAfter)
            {
                snapshot = live.snapshot();
                hashAtSnapshot = live.stateHash();
                Statistics.label("snapshot holds a record with a first view").collect(holdsAView(live));
            }
            if (i < ops.size())
            {
                runner.apply(ops.get(i));
            }
        }

        final EngineDriver restored = EngineDriver.restore(snapshot);
        assertThat(restored.stateHash()).as("hash right after restore").isEqualTo(hashAtSnapshot);
        assertThat(restored.snapshot()).as("restore then snapshot again gives the same bytes").isEqualTo(snapshot);
        final long snapshotSeq = restored.seq();

        final List<Result> replayed = CommandLog.replayInto(restored, live.log().after(snapshotSeq));

        assertThat(replayed).as("replies after the snapshot")
            .isEqualTo(live.results().subList((int)snapshotSeq, live.results().size()));
        assertThat(restored.events()).as("events after the snapshot").isEqualTo(eventsAfter(live.events(), snapshotSeq));
        assertThat(restored.stateHash()).isEqualTo(live.stateHash());
        assertThat(restored.snapshot()).as("and the final snapshots are identical").isEqualTo(live.snapshot());
        assertThat(restored.engine().nextExpiryAt()).isEqualTo(live.engine().nextExpiryAt());
        assertThat(restored.engine().nextTickAt()).isEqualTo(live.engine().nextTickAt());
        assertThat(restored.engine().liveReservations()).isEqualTo(live.engine().liveReservations());
        // Guards the generator: keyed definitions (records that keep their first view) must reach snapshots.
        Statistics.label("snapshot holds a record with a first view")
            .coverage(coverage -> coverage.check(true).count(count -> count >= 10));
    }

    private static boolean holdsAView(final EngineDriver driver)
    {
        final boolean[] found = {false};
        driver.engine().idempotency().forEach((key, fingerprint, createdAt, type, code, entity, a, b, c, d, view) ->
            found[0] |= view != null);
        return found[0];
    }

    @Property(tries = 100, edgeCases = EdgeCasesMode.NONE)
    void replayOfTheWholeLogGivesTheSameHashRepliesAndEvents(@ForAll("streams") final List<Op> ops)
    {
        final EngineDriver live = new EngineDriver(RandomCommands.T0);
        final OpRunner runner = new OpRunner(live);
        runner.setUp();
        runner.run(ops);

        final EngineDriver fresh = new EngineDriver();
        final List<Result> replies = live.log().replayInto(fresh);

        assertThat(replies).isEqualTo(live.results());
        assertThat(fresh.events()).isEqualTo(live.events());
        assertThat(fresh.stateHash()).isEqualTo(live.stateHash());
        assertThat(fresh.engine().lastSeq()).isEqualTo(live.engine().lastSeq());
        assertThat(fresh.engine().nowMillis()).isEqualTo(live.engine().nowMillis());
        assertThat(fresh.snapshot()).isEqualTo(live.snapshot());
    }

    @Test
    void aSeededStreamIsTheSameStreamEveryTime()
    {
        final List<Op> first = RandomCommands.generate(42, 200);
        assertThat(RandomCommands.generate(42, 200)).isEqualTo(first).hasSize(200);
        assertThat(RandomCommands.generate(43, 200)).isNotEqualTo(first);
    }

    @Test
    void aSnapshotCarriesEveryKindOfState()
    {
        final EngineDriver live = new EngineDriver();
        live.defineLocation("wh-1");
        live.defineLocation("store-1", Codes.LocationType.STORE, -1, -2, Codes.CAP_PICKUP, false);
        live.defineSku("A", 2, Long.MIN_VALUE, Long.MAX_VALUE);
        live.defineSku("B", 0, live.now() - 1, live.now() + 3_600_000);
        live.setInventory("A", "wh-1", 10, 1);
        live.setInventory("B", "wh-1", 10, 0);
        live.setInventory("B", "store-1", 3, 0);
        live.withIdempotency(7, 70).reserve("web", "c-1", "wh-1", 60_000, "A:2", "B:1");
        final long released = live.reserve("app", "c-2", null, 600_000, "B:2").reservationId();
        live.release(released);
        live.reserve("web", "c-3", null, 1_000, "A:1");
        live.withIdempotency(8, 80).reserve("web", "c-1", null, 60_000, "A:1"); // remembered limit reject
        live.advance(2_000).tick(); // expires the 1 s hold

        final byte[] snapshot = live.snapshot();
        final EngineDriver restored = EngineDriver.restore(snapshot);

        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.stateHash()).isEqualTo(live.stateHash());
        assertThat(restored.seq()).isEqualTo(live.seq());
        assertThat(restored.engine().nowMillis()).isEqualTo(live.engine().nowMillis());
        assertThat(restored.checkInvariants()).isNull();
        for (final String sku : List.of("A", "B"))
        {
            assertThat(restored.inventory(sku)).isEqualTo(live.inventory(sku));
            assertThat(restored.sku(sku)).isEqualTo(live.sku(sku));
        }
        for (long id = 1; id <= 3; id++)
        {
            assertThat(restored.queryReservation(id)).isEqualTo(live.queryReservation(id));
        }
        assertThat(restored.location("store-1")).isEqualTo(live.location("store-1"));

        // Derived state rebuilt on read: per-customer counts and the expiry queue decide the same way.
        for (final EngineDriver driver : List.of(live, restored))
        {
            driver.advance(1);
            assertThat(driver.reserve("web", "c-1", null, 60_000, "A:1").code()).isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
            assertThat(driver.withIdempotency(7, 70).reserve("web", "c-1", "wh-1", 60_000, "A:2", "B:1").replayed())
                .isTrue();
            driver.advance(60_000).tick();
        }
        assertThat(restored.events().subList(0, restored.events().size()))
            .isEqualTo(eventsAfter(live.events(), live.seq() - 3));
        assertThat(restored.stateHash()).isEqualTo(live.stateHash());
    }

    /** Regression: per-customer counts were rebuilt differently on restore when a SKU's limit had changed. */
    @Test
    void aRestoredEngineCountsCustomerHoldsLikeTheLiveOne()
    {
        final EngineDriver live = new EngineDriver();
        live.defineLocation("wh-1");
        live.defineSku("A");
        live.setInventory("A", "wh-1", 10, 0);
        live.reserve("web", "c-1", null, 600_000, "A:2");
        live.defineSku("A", 2, Long.MIN_VALUE, Long.MAX_VALUE);

        final EngineDriver restored = EngineDriver.restore(live.snapshot());

        assertThat(restored.reserve("web", "c-1", null, 600_000, "A:1").code())
            .isEqualTo(live.reserve("web", "c-1", null, 600_000, "A:1").code())
            .isEqualTo(ResultCode.PER_CUSTOMER_LIMIT);
    }

    /** Regression: names went through DataOutput.writeUTF, which refuses more than 65535 modified-UTF-8 bytes. */
    @Test
    void aSnapshotCarriesAnyNameTheEngineAccepted()
    {
        final EngineDriver live = new EngineDriver();
        final String emoji = "\uD83D\uDCE6".repeat(16_000); // 64,000 UTF-8 bytes, 96,000 in modified UTF-8
        final String nul = "\u0000".repeat(40_000);
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(70_000);
        final PayloadWriter writer = new PayloadWriter();
        writer.wrap(buffer, 0);
        CommandCodec.defineLocation(writer, 0, 0, "wh-1", Codes.LocationType.WAREHOUSE, emoji, 0, 0, "SG", 0, 0, 0,
            "EUR", true);
        assertThat(live.applyPayload(CommandType.DEFINE_LOCATION, bytes(buffer, writer.length())).code())
            .isEqualTo(ResultCode.OK);
        writer.wrap(buffer, 0);
        CommandCodec.defineSku(writer, 0, 0, "A", nul, 0, 0, Long.MIN_VALUE, Long.MAX_VALUE, false);
        assertThat(live.applyPayload(CommandType.DEFINE_SKU, bytes(buffer, writer.length())).code())
            .isEqualTo(ResultCode.OK);

        final byte[] snapshot = live.snapshot();
        final EngineDriver restored = EngineDriver.restore(snapshot);

        assertThat(restored.location("wh-1").name()).isEqualTo(emoji);
        assertThat(restored.sku("A").name()).isEqualTo(nul);
        assertThat(restored.stateHash()).isEqualTo(live.stateHash());
        assertThat(restored.snapshot()).isEqualTo(snapshot);
    }

    @Test
    void anEmptyEngineSnapshotsAndRestores()
    {
        final EngineDriver empty = new EngineDriver();
        final EngineDriver restored = EngineDriver.restore(empty.snapshot());

        assertThat(restored.stateHash()).isEqualTo(empty.stateHash());
        assertThat(restored.engine().nowMillis()).isEqualTo(Long.MIN_VALUE);
        assertThat(restored.defineLocation("wh-1").seq()).isEqualTo(1);
    }

    @Test
    void aDamagedSnapshotIsRefused()
    {
        final EngineDriver live = new EngineDriver();
        live.defineLocation("wh-1");
        live.defineSku("A");
        final byte[] snapshot = live.snapshot();

        assertThatThrownBy(() -> EngineDriver.restore(Arrays.copyOf(snapshot, snapshot.length - 1)))
            .isInstanceOf(IllegalArgumentException.class);
        final byte[] badMagic = snapshot.clone();
        badMagic[0] ^= 1;
        assertThatThrownBy(() -> EngineDriver.restore(badMagic)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not an engine snapshot");
        final byte[] newerVersion = snapshot.clone();
        newerVersion[7] = 99;
        assertThatThrownBy(() -> EngineDriver.restore(newerVersion)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not supported");
        // Format 5 wrote orders without their backorder fills: read as 6 they would be misread, not refused.
        final byte[] olderVersion = snapshot.clone();
        olderVersion[7] = (byte)(EngineSnapshot.OLDEST_READ_FORMAT - 1);
        assertThatThrownBy(() -> EngineDriver.restore(olderVersion)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("not supported");
        final byte[] trailer = snapshot.clone();
        trailer[trailer.length - 1] ^= 1;
        assertThatThrownBy(() -> EngineDriver.restore(trailer)).isInstanceOf(IllegalArgumentException.class)
            .hasMessageContaining("trailer");
    }

    @Test
    void aSnapshotTellsTheFormatItWasWrittenIn()
    {
        final byte[] snapshot = new EngineDriver().snapshot();
        final byte[] older = snapshot.clone();
        older[7] = (byte)(EngineSnapshot.FORMAT_VERSION - 1);
        final byte[] notASnapshot = snapshot.clone();
        notASnapshot[0] ^= 1;

        assertThat(EngineSnapshot.formatOf(snapshot)).isEqualTo(EngineSnapshot.FORMAT_VERSION);
        assertThat(EngineSnapshot.formatOf(older)).isEqualTo(EngineSnapshot.FORMAT_VERSION - 1);
        assertThat(EngineSnapshot.formatOf(notASnapshot)).isEqualTo(-1);
        assertThat(EngineSnapshot.formatOf(Arrays.copyOf(snapshot, 7))).isEqualTo(-1);
    }

    private static byte[] bytes(final ExpandableArrayBuffer buffer, final int length)
    {
        final byte[] bytes = new byte[length];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static List<Event> eventsAfter(final List<Event> events, final long seq)
    {
        final List<Event> after = new ArrayList<>();
        for (final Event event : events)
        {
            if (event.seq() > seq)
            {
                after.add(event);
            }
        }
        return after;
    }
}
