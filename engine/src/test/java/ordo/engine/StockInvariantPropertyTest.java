package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Event;
import ordo.engine.testing.OpRunner;
import ordo.engine.testing.OpRunner.Applied;
import ordo.engine.testing.RandomCommands;
import ordo.engine.testing.RandomCommands.Op;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/**
 * The stock invariant, checked after every command of random streams, against the engine's own checker and against
 * {@link ReferenceModel}: every decision (codes, line, available quantity, held quantity, ids, expiry times), every
 * reservation event and every inventory number must match, and no grant may take more than there is.
 */
class StockInvariantPropertyTest
{
    @Provide
    Arbitrary<List<Op>> streams()
    {
        return RandomCommands.streams(1, 120);
    }

    @Property(tries = 300, edgeCases = EdgeCasesMode.NONE)
    void stockInvariantHoldsAfterEveryCommand(@ForAll("streams") final List<Op> ops)
    {
        final EngineDriver driver = new EngineDriver(RandomCommands.T0);
        final OpRunner runner = new OpRunner(driver);
        final ReferenceModel model = new ReferenceModel();
        final List<String> trail = new ArrayList<>();

        for (final var step : RandomCommands.network())
        {
            final int eventsBefore = driver.events().size();
            check(driver, model, runner.apply(step), eventsBefore, trail);
        }
        for (final Op op : ops)
        {
            final int eventsBefore = driver.events().size();
            final Applied applied = runner.apply(op);
            if (applied.isCommand())
            {
                check(driver, model, applied, eventsBefore, trail);
            }
        }
        // Guards the generator: every decision the model checks must actually come up across the run.
        Statistics.label("codes").coverage(coverage ->
        {
            for (final ResultCode code : List.of(ResultCode.INSUFFICIENT_STOCK, ResultCode.PER_CUSTOMER_LIMIT,
                ResultCode.SALE_NOT_OPEN, ResultCode.SALE_ENDED, ResultCode.LOCATION_INACTIVE,
                ResultCode.RESERVATION_NOT_ACTIVE, ResultCode.IDEMPOTENCY_KEY_REUSED, ResultCode.ON_HAND_NEGATIVE))
            {
                coverage.check(code).count(count -> count >= 20);
            }
            coverage.check(ResultCode.OK).percentage(percent -> percent > 30);
        });
        Statistics.label("replayed").coverage(coverage -> coverage.check(true).count(count -> count >= 20));
    }

    private static void check(final EngineDriver driver, final ReferenceModel model, final Applied applied,
        final int eventsBefore, final List<String> trail)
    {
        final Result actual = applied.result();
        Statistics.label("codes").collect(actual.code());
        Statistics.label("replayed").collect(actual.replayed());
        final ReferenceModel.Expected expected = model.apply(actual.seq(), applied.step());
        trail.add("#" + actual.seq() + " @" + applied.step().atMillis() + " key=" + applied.step().keyHash() + " " +
            applied.step().cmd() + " -> " + actual);
        final String where = String.join("\n", trail.subList(Math.max(0, trail.size() - 12), trail.size()));

        assertThat(driver.checkInvariants()).as(where).isNull();
        assertThat(actual.code()).as(where).isEqualTo(expected.code());
        assertThat(actual.replayed()).as(where).isEqualTo(expected.replayed());
        if (expected.entityId() != null)
        {
            assertThat(actual.entityId()).as("entityId\n" + where).isEqualTo(expected.entityId());
        }
        if (expected.a() != null)
        {
            assertThat(actual.a()).as("a\n" + where).isEqualTo(expected.a());
        }
        if (expected.d() != null)
        {
            assertThat(actual.d()).as("d (line)\n" + where).isEqualTo(expected.d());
        }
        assertThat(reservationEvents(driver.events().subList(eventsBefore, driver.events().size())))
            .as("events\n" + where).isEqualTo(expected.reservationEvents());

        if (applied.step().cmd() instanceof Cmd.Reserve reserve && actual.isOk() && !actual.replayed())
        {
            grantNeverExceedsSupply(driver, reserve, where);
        }
        for (final String sku : model.skus())
        {
            sameNumbers(driver.inventory(sku), model, sku, where);
        }
    }

    /** Right after a grant: the node (for a node hold) and the network can still cover everything granted. */
    private static void grantNeverExceedsSupply(final EngineDriver driver, final Cmd.Reserve reserve, final String where)
    {
        for (final Cmd.Line line : reserve.lines())
        {
            final Views.Inventory view = driver.inventory(line.sku());
            if (reserve.location() != null)
            {
                final Views.LocationStock node = view.at(reserve.location());
                assertThat(node.reserved() + node.allocated() + node.safetyStock())
                    .as("node commitments within on-hand after a grant\n" + where).isLessThanOrEqualTo(node.onHand());
            }
            assertThat(view.networkHolds()).as("network holds within network supply after a grant\n" + where)
                .isLessThanOrEqualTo(view.networkSupply());
        }
    }

    private static void sameNumbers(final Views.Inventory view, final ReferenceModel model, final String sku,
        final String where)
    {
        final List<String> locations = model.cellLocations(sku);
        assertThat(view.locations()).extracting(Views.LocationStock::location).as(where).isEqualTo(locations);
        long onHand = 0;
        long reserved = model.networkHolds(sku);
        for (final String location : locations)
        {
            final Views.LocationStock row = view.at(location);
            final String what = sku + " at " + location + "\n" + where;
            assertThat(row.active()).as(what).isEqualTo(model.isActive(location));
            assertThat(row.onHand()).as(what).isEqualTo(model.onHand(sku, location));
            assertThat(row.safetyStock()).as(what).isEqualTo(model.safetyStock(sku, location));
            assertThat(row.reserved()).as(what).isEqualTo(model.nodeHolds(sku, location));
            assertThat(row.allocated()).as(what).isZero();
            assertThat(row.atp()).as(what).isEqualTo(model.nodeAtp(sku, location));
            onHand += row.onHand();
            reserved += row.reserved();
        }
        assertThat(view.onHand()).as(sku + " network on-hand\n" + where).isEqualTo(onHand);
        assertThat(view.reserved()).as(sku + " network reserved\n" + where).isEqualTo(reserved);
        assertThat(view.atp()).as(sku + " network ATP (negative: shortfall)\n" + where).isEqualTo(model.networkAtp(sku));
    }

    private static List<Event> reservationEvents(final List<Event> events)
    {
        final List<Event> result = new ArrayList<>();
        for (final Event event : events)
        {
            if (event.type() == EventType.RESERVATION_CREATED || event.type() == EventType.RESERVATION_RELEASED ||
                event.type() == EventType.RESERVATION_EXPIRED)
            {
                result.add(event);
            }
        }
        return result;
    }
}
