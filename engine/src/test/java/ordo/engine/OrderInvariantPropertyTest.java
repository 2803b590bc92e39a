package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.EdgeCasesMode;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.statistics.Statistics;

import ordo.engine.Codes.OrderStatus;
import ordo.engine.testing.Cmd;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OrderOpRunner;
import ordo.engine.testing.OrderOpRunner.Applied;
import ordo.engine.testing.OrderViews;
import ordo.engine.testing.Query;
import ordo.engine.testing.RandomOrders;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomOrders.Op;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/**
 * Orders, stock and holds stay consistent after every command of random streams over random small networks: the
 * engine's own checker, no over-committed cell unless a count or adjustment lowered it (and then nothing new is
 * committed there until it recovers), every cell's allocated units equal to the open allocations of the orders,
 * backorders equal to the orders' backordered units, each order's numbers and status agreeing, allocations only at
 * nodes that may ship the order, per-customer limits held; and a snapshot of the final state answers the same.
 */
class OrderInvariantPropertyTest
{
    @Provide
    Arbitrary<NetworkSpec> networks()
    {
        return RandomOrders.networks();
    }

    @Provide
    Arbitrary<List<Op>> streams()
    {
        return RandomOrders.streams(10, 120);
    }

    @Property(tries = 200, edgeCases = EdgeCasesMode.NONE)
    void ordersAndStockStayConsistentAfterEveryCommand(@ForAll("networks") final NetworkSpec network,
        @ForAll("streams") final List<Op> ops)
    {
        final EngineDriver driver = new EngineDriver(RandomOrders.T0);
        final OrderOpRunner runner = new OrderOpRunner(driver);
        final Checker checker = new Checker(driver, runner, network);
        runner.setUp(network, applied ->
        {
            assertThat(applied.result().code()).as("%s", applied.step()).isEqualTo(ResultCode.OK);
            checker.check(applied);
        });
        for (final Op op : ops)
        {
            final Applied applied = runner.apply(op);
            if (applied.isCommand())
            {
                checker.check(applied);
            }
        }

        aSnapshotAnswersTheSame(driver, runner);
        for (final long id : runner.orderIds())
        {
            final OrderViews.Sourcing sourcing = driver.sourcing(id);
            for (final OrderViews.Candidate candidate : sourcing.candidates())
            {
                Statistics.label("sourcing reasons").collect(candidate.reason());
            }
            Statistics.label("plans").collect(sourcing.shipments() > 1 ? "split" : "one shipment or none");
            Statistics.label("converted").collect(driver.order(id).reservationId() != 0);
        }
        Statistics.label("orders placed").collect(runner.orderIds().size() >= 5 ? ">= 5" : "< 5");
        // Guards the generator: the decisions worth checking must actually come up across the run.
        Statistics.label("sourcing reasons").coverage(coverage ->
        {
            for (final Codes.SourcingReason reason : Codes.SourcingReason.values())
            {
                // A node hold's are rare here; SourcingTest and ReservationConversionTest cover them.
                if (reason != Codes.SourcingReason.RESERVED_HERE && reason != Codes.SourcingReason.NOT_NEEDED)
                {
                    // A limit's candidates come in about one try in 17 (17 of them a run on average, 9 the fewest
                    // seen in 50 runs): five of them failed about one run in 330 (a flake audit's count);
                    // ShipmentLimitPropertyTest covers limits.
                    final int fewest = reason == Codes.SourcingReason.SHIPMENT_LIMIT ? 1 : 5;
                    coverage.check(reason).count(count -> count >= fewest);
                }
            }
        });
        Statistics.label("order status").coverage(coverage ->
        {
            for (final OrderStatus status : List.of(OrderStatus.BACKORDERED, OrderStatus.PARTIALLY_ALLOCATED,
                OrderStatus.CANCELLED, OrderStatus.READY_TO_RELEASE))
            {
                coverage.check(status).count(count -> count >= 50);
            }
        });
        Statistics.label("plans").coverage(coverage -> coverage.check("split").count(count -> count >= 10));
        Statistics.label("converted").coverage(coverage -> coverage.check(true).count(count -> count >= 10));
    }

    private static void aSnapshotAnswersTheSame(final EngineDriver live, final OrderOpRunner runner)
    {
        final EngineDriver restored = EngineDriver.restore(live.snapshot());
        restored.at(live.now());
        assertThat(restored.stateHash()).isEqualTo(live.stateHash());
        for (final long id : runner.orderIds())
        {
            assertThat(restored.querySourcing(id)).as("sourcing of %d", id).isEqualTo(live.querySourcing(id));
            assertThat(restored.queryOrder(id)).as("order %d", id).isEqualTo(live.queryOrder(id));
            assertThat(restored.queryOrderEvents(id)).as("events of %d", id).isEqualTo(live.queryOrderEvents(id));
        }
        final Query.Orders all = new Query.Orders("", null, "", 0, 1_000, List.of());
        assertThat(restored.query(all)).isEqualTo(live.query(all));
        for (final String sku : RandomOrders.SKUS)
        {
            assertThat(restored.queryInventory(sku)).isEqualTo(live.queryInventory(sku));
        }
        assertThat(restored.checkInvariants()).isNull();
    }

    /** The checks after one command; remembers the cells a count or adjustment left short. */
    private static final class Checker
    {
        private final EngineDriver driver;
        private final OrderOpRunner runner;
        private final NetworkSpec network;
        private final Map<String, Views.LocationStock> previous = new HashMap<>();
        private final Set<String> shortByCount = new HashSet<>();
        private final List<String> trail = new ArrayList<>();

        Checker(final EngineDriver driver, final OrderOpRunner runner, final NetworkSpec network)
        {
            this.driver = driver;
            this.runner = runner;
            this.network = network;
        }

        void check(final Applied applied)
        {
            final Result result = applied.result();
            trail.add("#" + result.seq() + " @" + applied.step().atMillis() + " " + applied.step().cmd() + " -> " +
                result);
            final String where = String.join("\n", trail.subList(Math.max(0, trail.size() - 10), trail.size()));
            Statistics.label(applied.step().cmd().commandType().toString()).collect(result.code());

            assertThat(driver.checkInvariants()).as(where).isNull();
            final Map<String, Views.LocationStock> cells = new HashMap<>();
            final Map<String, Long> backordered = new HashMap<>();
            for (final String sku : RandomOrders.SKUS)
            {
                final Result answer = driver.queryInventory(sku);
                if (answer.code() == ResultCode.SKU_NOT_FOUND)
                {
                    continue; // while the network is being defined
                }
                final Views.Inventory inventory = answer.inventory();
                backordered.put(sku, inventory.backordered());
                for (final Views.LocationStock row : inventory.locations())
                {
                    cells.put(sku + "@" + row.location(), row);
                }
            }
            for (final Map.Entry<String, Views.LocationStock> cell : cells.entrySet())
            {
                noCellOverCommitted(applied.step().cmd(), cell.getKey(), cell.getValue(), where);
            }
            previous.clear();
            previous.putAll(cells);
            ordersMatchStock(cells, backordered, where);
        }

        private void noCellOverCommitted(final Cmd cmd, final String key, final Views.LocationStock row,
            final String where)
        {
            final boolean over = row.reserved() + row.allocated() + row.safetyStock() > row.onHand();
            if (!over)
            {
                shortByCount.remove(key);
                return;
            }
            final Views.LocationStock before = previous.get(key);
            final boolean loweredNow = countOrAdjustmentOf(cmd, key) &&
                (before == null || row.onHand() < before.onHand() || row.safetyStock() > before.safetyStock());
            final boolean wasShort = shortByCount.contains(key);
            assertThat(loweredNow || wasShort)
                .as("%s committed beyond on-hand without a count lowering it: %s\n%s", key, row, where).isTrue();
            shortByCount.add(key);
            // Only a cell short before this command must not gain commitments: holds that expire at the command's
            // time are given to waiting backorders before the command runs, so a count may short a cell that
            // took units from them in the same step (found with seed 699786613426050716).
            if (before != null && wasShort)
            {
                assertThat(row.reserved() + row.allocated())
                    .as("%s is short, yet more was committed there: %s after %s\n%s", key, row, before, where)
                    .isLessThanOrEqualTo(before.reserved() + before.allocated());
            }
        }

        private static boolean countOrAdjustmentOf(final Cmd cmd, final String key)
        {
            if (cmd instanceof Cmd.SetInventory set)
            {
                return key.equals(set.sku() + "@" + set.location());
            }
            return cmd instanceof Cmd.Adjust adjust && key.equals(adjust.sku() + "@" + adjust.location());
        }

        private void ordersMatchStock(final Map<String, Views.LocationStock> cells,
            final Map<String, Long> backordered, final String where)
        {
            final Map<String, Long> allocatedByCell = new HashMap<>();
            final Map<String, Long> backorderedBySku = new HashMap<>();
            final Map<String, Long> limitedByCustomer = new HashMap<>();
            for (final long id : runner.orderIds())
            {
                final OrderViews.Order order = driver.order(id);
                final String what = "order " + id + ": " + order + "\n" + where;
                oneOrderAddsUp(order, what);
                for (final OrderViews.Allocation allocation : order.allocations())
                {
                    allocatedByCell.merge(order.lines().get(allocation.line()).sku() + "@" + allocation.location(),
                        (long)allocation.qty(), Long::sum);
                    if (order.reservationId() == 0)
                    {
                        mayShip(order, allocation.location(), what);
                    }
                }
                for (final OrderViews.OrderLine line : order.lines())
                {
                    backorderedBySku.merge(line.sku(), (long)line.backordered(), Long::sum);
                    if (line.sku().equals("LTD"))
                    {
                        limitedByCustomer.merge(order.customerId(), (long)(line.allocated() + line.backordered()),
                            Long::sum);
                    }
                }
            }
            for (final Map.Entry<String, Views.LocationStock> cell : cells.entrySet())
            {
                assertThat(cell.getValue().allocated()).as("%s allocated vs the orders' open allocations\n%s",
                    cell.getKey(), where).isEqualTo(allocatedByCell.getOrDefault(cell.getKey(), 0L));
            }
            assertThat(cells.keySet()).as("allocations only where there is a stock cell\n" + where)
                .containsAll(allocatedByCell.keySet());
            for (final String sku : backordered.keySet())
            {
                assertThat(backordered.get(sku)).as("%s backordered vs the orders\n%s", sku, where)
                    .isEqualTo(backorderedBySku.getOrDefault(sku, 0L));
            }
            for (final String customer : RandomOrders.CUSTOMERS)
            {
                final long held = liveHolds(customer, "LTD");
                assertThat(held + limitedByCustomer.getOrDefault(customer, 0L))
                    .as("%s's LTD: %d held + ordered %s\n%s", customer, held, limitedByCustomer, where)
                    .isLessThanOrEqualTo(RandomOrders.LTD_LIMIT);
            }
        }

        private static void oneOrderAddsUp(final OrderViews.Order order, final String what)
        {
            int qty = 0;
            int allocated = 0;
            int backordered = 0;
            int cancelled = 0;
            for (int l = 0; l < order.lines().size(); l++)
            {
                final OrderViews.OrderLine line = order.lines().get(l);
                assertThat(line.allocated() + line.backordered() + line.cancelled()).as(what).isEqualTo(line.qty());
                assertThat(line.allocated()).as(what).isGreaterThanOrEqualTo(0);
                assertThat(line.backordered()).as(what).isGreaterThanOrEqualTo(0);
                int open = 0;
                for (final OrderViews.Allocation allocation : order.allocations())
                {
                    if (allocation.line() == l)
                    {
                        assertThat(allocation.qty()).as(what).isPositive();
                        open += allocation.qty();
                    }
                }
                assertThat(open).as("line %s: allocations vs allocated\n%s", line.sku(), what)
                    .isEqualTo(line.allocated());
                qty += line.qty();
                allocated += line.allocated();
                backordered += line.backordered();
                cancelled += line.cancelled();
            }
            final OrderStatus expected = cancelled == qty ? OrderStatus.CANCELLED :
                backordered == 0 ? OrderStatus.READY_TO_RELEASE :
                allocated == 0 ? OrderStatus.BACKORDERED : OrderStatus.PARTIALLY_ALLOCATED;
            assertThat(order.status()).as("status\n" + what).isEqualTo(expected);
            Statistics.label("order status").collect(order.status());
            if (expected != OrderStatus.CANCELLED)
            {
                assertThat(order.promisedDeliveryBy() == 0).as("promise unknown exactly while units wait\n" + what)
                    .isEqualTo(backordered > 0);
            }
        }

        /** An order without a converted hold is shipped only from active nodes able to serve its delivery. */
        private void mayShip(final OrderViews.Order order, final String location, final String what)
        {
            final RandomOrders.NodeSpec node = network.nodes().get(Integer.parseInt(location.substring(1)));
            assertThat(node.active()).as("%s is inactive\n%s", location, what).isTrue();
            if (order.deliveryMethod() == Codes.DeliveryMethod.PICKUP)
            {
                assertThat(location).as("pickup store\n" + what).isEqualTo(order.pickupLocation());
                assertThat(node.capabilities() & Codes.CAP_PICKUP).as(what).isNotZero();
            }
            else
            {
                final int needs = node.type() == Codes.LocationType.STORE ? Codes.CAP_SHIP | Codes.CAP_SHIP_FROM_STORE :
                    Codes.CAP_SHIP;
                assertThat(node.capabilities() & needs).as("%s may not ship\n%s", location, what).isNotZero();
                assertThat(node.countries().isEmpty() || node.countries().contains(order.shipCountry()))
                    .as("%s does not ship to %s\n%s", location, order.shipCountry(), what).isTrue();
            }
        }

        private long liveHolds(final String customer, final String sku)
        {
            long held = 0;
            for (final long id : runner.holdIds())
            {
                final Result result = driver.queryReservation(id);
                if (!result.isOk())
                {
                    continue; // ended more than a day ago: forgotten
                }
                final Views.Reservation hold = result.reservation();
                if (hold.status() == Codes.ReservationStatus.HELD && hold.customer().equals(customer))
                {
                    for (final Views.Line line : hold.lines())
                    {
                        if (line.sku().equals(sku))
                        {
                            held += line.qty();
                        }
                    }
                }
            }
            return held;
        }
    }
}
