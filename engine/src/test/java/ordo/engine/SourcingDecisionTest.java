package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class SourcingDecisionTest
{
    private final Catalog catalog = new Catalog();
    private final DecisionStore store = new DecisionStore(catalog);
    private final Location a = catalog.newLocation(slice("a"));
    private final Location b = catalog.newLocation(slice("b"));
    private final Location c = catalog.newLocation(slice("c"));

    @Test
    void everyCandidateRowReadsBackAsItWasRecordedInItsCompactForm()
    {
        final long at = store.record(1_700_000_000_123L, 42, true, 2, 350, 2, new int[]{3, 0, 2, 1, 0, 5, 5, 0, 0, 0},
            3, new Location[]{a, b, c, null}, new byte[]{1, 2, 3, 0}, new int[]{10, -1, 30, 0},
            new long[]{150, -1, 2_000, 0}, new int[]{-1, -1, -1, 0}, new int[]{0, 7, 0, 0},
            new long[]{1, 2, 3, 4, 5, 6, 0, 0});
        final SourcingDecision d = store.view(at);

        assertThat(new long[]{d.decidedAt, d.decidedSeq, d.shipments, d.planCostMinor})
            .containsExactly(1_700_000_000_123L, 42, 2, 350);
        assertThat(d.exact).isTrue();
        assertThat(d.candidateCount).isEqualTo(3);
        assertThat(new Location[]{d.location(0), d.location(1), d.location(2)}).containsExactly(a, b, c);
        assertThat(new int[]{d.requested(0), d.fromReservation(0), d.allocated(0), d.backordered(0), d.cancelled(0)})
            .containsExactly(3, 0, 2, 1, 0);
        assertThat(new int[]{d.requested(1), d.fromReservation(1), d.allocated(1), d.backordered(1), d.cancelled(1)})
            .containsExactly(5, 5, 0, 0, 0);
        assertThat(new byte[]{d.reason(0), d.reason(1), d.reason(2)}).containsExactly(1, 2, 3);
        assertThat(new int[]{d.distanceMetres(0), d.distanceMetres(1), d.distanceMetres(2)}).containsExactly(10, -1, 30);
        assertThat(new long[]{d.cost(0), d.cost(1), d.cost(2)}).containsExactly(150, -1, 2_000);
        assertThat(new int[]{d.capacityLeft(0), d.capacityLeft(1), d.capacityLeft(2)}).containsExactly(-1, -1, -1);
        assertThat(new int[]{d.allocatedUnits(0), d.allocatedUnits(1), d.allocatedUnits(2)}).containsExactly(0, 7, 0);
        assertThat(new long[]{d.atp(0, 0), d.atp(0, 1), d.atp(1, 0), d.atp(1, 1), d.atp(2, 0), d.atp(2, 1)})
            .containsExactly(1, 2, 3, 4, 5, 6);
        // Compact: header, 2 × 5 line values, per candidate a reason, a char distance, a char cost and a location,
        // one allocated pair, byte ATPs.
        assertThat(store.usedBytes()).isEqualTo(SourcingDecision.HEADER + 40 + 3 * (1 + 2 + 2 + 4) + 8 + 6);
    }

    @Test
    void valuesBeyondAnIntAndLimitedCapacitiesAreKeptExactly()
    {
        final long big = 1L << 40;
        final SourcingDecision d = store.view(store.record(-5, Long.MAX_VALUE, false, 0, Long.MIN_VALUE, 1,
            new int[]{Integer.MAX_VALUE, 0, 1, 0, Integer.MIN_VALUE}, 2, new Location[]{a, b},
            new byte[]{1, (byte)200}, new int[]{5, Integer.MAX_VALUE}, new long[]{big, Long.MIN_VALUE},
            new int[]{-1, 0}, new int[]{4, 9}, new long[]{Long.MAX_VALUE, Long.MIN_VALUE}));

        assertThat(d.decidedAt).isEqualTo(-5);
        assertThat(d.decidedSeq).isEqualTo(Long.MAX_VALUE);
        assertThat(d.planCostMinor).isEqualTo(Long.MIN_VALUE);
        assertThat(d.exact).isFalse();
        assertThat(d.requested(0)).isEqualTo(Integer.MAX_VALUE);
        assertThat(d.cancelled(0)).isEqualTo(Integer.MIN_VALUE);
        assertThat(d.reason(1)).isEqualTo((byte)200);
        assertThat(d.distanceMetres(1)).isEqualTo(Integer.MAX_VALUE);
        assertThat(d.cost(0)).isEqualTo(big);
        assertThat(d.cost(1)).isEqualTo(Long.MIN_VALUE);
        assertThat(d.capacityLeft(0)).isEqualTo(-1);
        assertThat(d.capacityLeft(1)).isZero();
        assertThat(d.allocatedUnits(0)).isEqualTo(4);
        assertThat(d.allocatedUnits(1)).isEqualTo(9);
        assertThat(d.atp(0, 0)).isEqualTo(Long.MAX_VALUE);
        assertThat(d.atp(1, 0)).isEqualTo(Long.MIN_VALUE);
    }

    /** The state hash takes four decisions of one shape at once (StateHasher): each must hash as it does alone. */
    @Test
    void fourDecisionsOfOneShapeHashAtOnceAsEachDoesAlone()
    {
        final java.util.Random random = new java.util.Random(180);
        final Location[] nodes = {a, b, c};
        for (int round = 0; round < 200; round++)
        {
            final int lines = random.nextInt(4);
            final int candidates = round % 10 == 0 ? 50 : random.nextInt(6);
            final SourcingDecision[] views = new SourcingDecision[4];
            final long[] alone = new long[4];
            for (int k = 0; k < 4; k++)
            {
                // Each of the four in widths of its own: small or large distances, costs and ATPs, capacities or none.
                final int scale = random.nextInt(4);
                final int[] lineValues = new int[lines * SourcingDecision.LINE_VALUES];
                for (int v = 0; v < lineValues.length; v++)
                {
                    lineValues[v] = random.nextInt(20);
                }
                final Location[] location = new Location[candidates];
                final byte[] reason = new byte[candidates];
                final int[] distance = new int[candidates];
                final long[] cost = new long[candidates];
                final int[] capacity = new int[candidates];
                final int[] units = new int[candidates];
                final long[] atp = new long[candidates * lines];
                for (int i = 0; i < candidates; i++)
                {
                    location[i] = nodes[random.nextInt(nodes.length)];
                    reason[i] = (byte)random.nextInt(256);
                    distance[i] = scale == 0 ? random.nextInt(60_000) : random.nextInt(Integer.MAX_VALUE);
                    cost[i] = scale == 0 ? random.nextInt(60_000) : scale == 1 ? random.nextInt() : random.nextLong();
                    capacity[i] = scale == 2 ? random.nextInt(100) : -1;
                    units[i] = random.nextInt(4) == 0 ? 1 + random.nextInt(9) : 0;
                }
                for (int i = 0; i < atp.length; i++)
                {
                    atp[i] = switch (scale)
                    {
                        case 0 -> 1_000 + random.nextInt(100);
                        case 1 -> random.nextInt(30_000);
                        case 2 -> random.nextInt();
                        default -> random.nextLong();
                    };
                }
                final long at = store.record(random.nextLong(), random.nextLong(), random.nextBoolean(),
                    random.nextInt(4), random.nextLong(), lines, lineValues, candidates, location, reason, distance,
                    cost, capacity, units, atp);
                views[k] = new SourcingDecision(store).wrap(at);
                alone[k] = store.view(at).hash();
            }
            final long[] together = new long[5];
            SourcingDecision.hash4(views[0], views[1], views[2], views[3], together, 1);
            assertThat(java.util.Arrays.copyOfRange(together, 1, 5)).as("round %d", round).containsExactly(alone);
        }
    }

    @Test
    void aDecisionWithoutCandidatesStillAnswersItsLines()
    {
        final SourcingDecision d = store.view(store.record(1, 2, true, 0, 0, 1, new int[]{4, 0, 0, 4, 0}, 0,
            new Location[0], new byte[0], new int[0], new long[0], new int[0], new int[0], new long[0]));

        assertThat(d.candidateCount).isZero();
        assertThat(d.requested(0)).isEqualTo(4);
        assertThat(d.backordered(0)).isEqualTo(4);
    }

    /** Values at each edge of each column's narrow widths read back exactly (an off-by-one in a range check fails). */
    @Test
    void valuesAtTheEdgesOfEachWidthReadBackExactly()
    {
        final long[] bases = {0, 1_000, -1_000, Integer.MAX_VALUE, Long.MIN_VALUE + 40_000, Long.MAX_VALUE - 40_000};
        final long[] deltas = {127, 128, -128, -129, 32_767, 32_768, -32_768, -32_769};
        for (final long base : bases)
        {
            for (final long delta : deltas)
            {
                final long[] atp = {base, base + delta};
                final SourcingDecision d = store.view(store.record(0, 0, true, 1, 0, 1, new int[5], 2,
                    new Location[]{a, b}, new byte[2], new int[]{0, 0}, new long[2], new int[]{-1, -1}, new int[2],
                    atp));
                assertThat(new long[]{d.atp(0, 0), d.atp(1, 0)}).as("ATPs %d, %d", atp[0], atp[1]).containsExactly(atp);
            }
        }
        final int[][] distances = {{-1, 65_534}, {-1, 65_535}, {-2, 0}, {0, 65_536}, {65_534, 65_534}};
        for (final int[] distance : distances)
        {
            final long[] cost = {distance[0], distance[1]};
            final SourcingDecision d = store.view(store.record(0, 0, true, 1, 0, 1, new int[5], 2,
                new Location[]{a, b}, new byte[2], distance, cost, new int[]{-1, -1}, new int[2], new long[2]));
            assertThat(new int[]{d.distanceMetres(0), d.distanceMetres(1)}).containsExactly(distance);
            assertThat(new long[]{d.cost(0), d.cost(1)}).containsExactly(cost);
        }
    }

    /**
     * An order with no decision recorded yet (between its creation and its decision in the placement, as when that
     * command fails part-way) reads as the empty decision, as it did when each order held one: its hash and views
     * answer, rather than reading memory at address 0.
     */
    @Test
    void anOrderWithoutADecisionReadsAsTheEmptyDecision()
    {
        final SourcingDecision d = store.view(RecordArena.NONE);

        assertThat(new long[]{d.decidedAt, d.decidedSeq, d.shipments, d.planCostMinor, d.lineCount, d.candidateCount})
            .containsOnly(0);
        assertThat(d.exact).isFalse();
        long empty = Hashing.SEED;
        for (int v = 0; v < 5; v++)
        {
            empty = Hashing.combine(empty, 0);
        }
        assertThat(d.hash()).isEqualTo(empty);
        assertThat(new SourcingDecision(store).wrap(RecordArena.NONE).hash()).isEqualTo(empty);

        // An order of an engine caught in that state: the state hash and the sourcing view still answer.
        final ordo.engine.testing.EngineDriver driver = new ordo.engine.testing.EngineDriver();
        SgNetwork.define(driver);
        SgNetwork.stock(driver, "A", "wh-kl", 5);
        final long id = driver.placeOrder("A:1").orderId();
        driver.engine().orders().get(id).decisionAt = RecordArena.NONE;
        driver.stateHash();
        assertThat(driver.querySourcing(id).code()).isEqualTo(ResultCode.OK);
    }

    /** Whatever the values, a decision answers each exactly as recorded (each column's width adapts to its range). */
    @Property(tries = 500)
    void everyValueReadsBackExactly(@ForAll @IntRange(min = 1, max = 5) final int lines,
        @ForAll @Size(min = 0, max = 12) final List<@IntRange(min = 0, max = 12) Integer> reasons,
        @ForAll("values") final List<Long> values)
    {
        final Catalog network = new Catalog();
        final DecisionStore decisions = new DecisionStore(network);
        final int candidates = reasons.size();
        final Location[] location = new Location[candidates];
        final byte[] reason = new byte[candidates];
        final int[] distance = new int[candidates];
        final long[] cost = new long[candidates];
        final int[] capacity = new int[candidates];
        final int[] allocated = new int[candidates];
        final long[] atp = new long[candidates * lines];
        final int[] lineValues = new int[lines * SourcingDecision.LINE_VALUES];
        int next = 0;
        for (int v = 0; v < lineValues.length; v++)
        {
            lineValues[v] = (int)(long)values.get(next++ % values.size());
        }
        for (int k = 0; k < candidates; k++)
        {
            location[k] = network.newLocation(slice("n" + k));
            reason[k] = (byte)(int)reasons.get(k);
            distance[k] = (int)(long)values.get(next++ % values.size());
            cost[k] = values.get(next++ % values.size());
            capacity[k] = (int)(long)values.get(next++ % values.size());
            allocated[k] = k % 3 == 0 ? 0 : (int)(long)values.get(next++ % values.size());
            for (int i = 0; i < lines; i++)
            {
                atp[k * lines + i] = values.get(next++ % values.size());
            }
        }
        final long decidedAt = values.get(next++ % values.size());
        final long planCost = values.get(next % values.size());
        final SourcingDecision d = decisions.view(decisions.record(decidedAt, 7, candidates % 2 == 0, candidates,
            planCost, lines, lineValues, candidates, location, reason, distance, cost, capacity, allocated, atp));

        assertThat(new long[]{d.decidedAt, d.decidedSeq, d.shipments, d.planCostMinor, d.lineCount})
            .containsExactly(decidedAt, 7, candidates, planCost, lines);
        assertThat(d.exact).isEqualTo(candidates % 2 == 0);
        for (int i = 0; i < lines; i++)
        {
            final int v = i * SourcingDecision.LINE_VALUES;
            assertThat(new int[]{d.requested(i), d.fromReservation(i), d.allocated(i), d.backordered(i),
                d.cancelled(i)}).containsExactly(lineValues[v], lineValues[v + 1], lineValues[v + 2],
                lineValues[v + 3], lineValues[v + 4]);
        }
        for (int k = 0; k < candidates; k++)
        {
            assertThat(d.location(k)).isSameAs(location[k]);
            assertThat(d.reason(k)).isEqualTo(reason[k]);
            assertThat(d.distanceMetres(k)).isEqualTo(distance[k]);
            assertThat(d.cost(k)).isEqualTo(cost[k]);
            assertThat(d.capacityLeft(k)).isEqualTo(capacity[k]);
            assertThat(d.allocatedUnits(k)).isEqualTo(allocated[k]);
            for (int i = 0; i < lines; i++)
            {
                assertThat(d.atp(k, i)).isEqualTo(atp[k * lines + i]);
            }
        }
    }

    @Provide
    Arbitrary<List<Long>> values()
    {
        final Arbitrary<Long> edges = Arbitraries.of(Long.MIN_VALUE, Long.MAX_VALUE, -1L, 0L, 1L << 30,
            (long)Integer.MAX_VALUE, (long)Integer.MIN_VALUE);
        return Arbitraries.oneOf(Arbitraries.longs().between(-2, 300), Arbitraries.longs(), edges).list()
            .ofMinSize(1).ofMaxSize(40);
    }

    @Test
    void aDecisionOverTheSameNodesSharesTheLocationsOfTheOneBefore()
    {
        final Location[] table = {a, b, null};
        store.record(1, 1, true, 0, 0, 1, new int[5], 2, table, new byte[2], new int[2], new long[2],
            new int[]{-1, -1}, new int[2], new long[2]);
        final long first = store.usedBytes();
        final long second = store.record(2, 2, true, 0, 0, 1, new int[5], 2, table, new byte[2], new int[2],
            new long[2], new int[]{-1, -1}, new int[2], new long[2]);

        assertThat(store.usedBytes() - first).as("the second record has no location column")
            .isEqualTo(first - 2 * Integer.BYTES);
        assertThat(store.view(second).location(1)).isSameAs(b);

        store.record(3, 3, true, 0, 0, 1, new int[5], 2, new Location[]{b, a}, new byte[2], new int[2], new long[2],
            new int[]{-1, -1}, new int[2], new long[2]);
        assertThat(store.usedBytes() - first).as("other nodes: a column of its own").isEqualTo(2 * first - 8);
    }

    /**
     * Thousands of decisions fill the first page and the ones after it, with a record larger than a page between
     * them: each still reads back its own values (an address stays valid as pages are added).
     */
    @Test
    void everyRecordReadsBackAcrossPagesAndOversizedRecords()
    {
        final long[] addresses = new long[6_000];
        for (int r = 0; r < addresses.length; r++)
        {
            addresses[r] = r == 3_000 ? bigDecision(r) : smallDecision(r);
        }

        assertThat(store.pageBytes()).isGreaterThan(RecordArena.PAGE_BYTES * 2L);
        for (int r = 0; r < addresses.length; r++)
        {
            assertReadsBack(addresses[r], r);
        }
    }

    /** Records go to the preallocated pages first; one larger than a page gets its own, and the spares stay spare. */
    @Test
    void preallocatedMemoryIsWhatRecordsUseFirst()
    {
        store.preallocate(3L * RecordArena.PAGE_BYTES);
        assertThat(store.pageBytes()).isEqualTo(3L * RecordArena.PAGE_BYTES);
        final long[] addresses = new long[5_000];
        for (int r = 0; r < addresses.length; r++)
        {
            addresses[r] = r == 100 ? bigDecision(r) : smallDecision(r);
        }

        assertThat(store.usedBytes()).isGreaterThan(2L * RecordArena.PAGE_BYTES);
        assertThat(store.pageBytes()).as("the three spares and the big record's own page")
            .isEqualTo(3L * RecordArena.PAGE_BYTES + ((bigRecordBytes() + 63) & -64));
        for (int r = 0; r < addresses.length; r++)
        {
            assertReadsBack(addresses[r], r);
        }
    }

    private static final int BIG_CANDIDATES = 2_100;
    private Location[] many;

    /** Candidates 0..n of a network of {@link #BIG_CANDIDATES} nodes, defined on first use. */
    private Location[] many()
    {
        if (many == null)
        {
            many = new Location[BIG_CANDIDATES];
            for (int k = 0; k < many.length; k++)
            {
                many[k] = catalog.newLocation(slice("node-" + k));
            }
        }
        return many;
    }

    /** 1 line, 1..50 candidates; its last distance and ATP, its sequence and cost are {@code r}. */
    private long smallDecision(final int r)
    {
        return decision(r, 1 + r % 50, 1);
    }

    /** 2 100 candidates × 64 lines of ATPs that need 8 bytes each: larger than a page. */
    private long bigDecision(final int r)
    {
        final long address = decision(r, BIG_CANDIDATES, 64);
        assertThat(bigRecordBytes()).isGreaterThan(RecordArena.PAGE_BYTES);
        return address;
    }

    private static int bigRecordBytes()
    {
        return SourcingDecision.HEADER + 64 * SourcingDecision.LINE_VALUES * Integer.BYTES +
            BIG_CANDIDATES * (1 + 2 + 2 + 4) + BIG_CANDIDATES * 64 * Long.BYTES;
    }

    private long decision(final int r, final int candidates, final int lines)
    {
        final int[] distance = new int[candidates];
        java.util.Arrays.fill(distance, r);
        final int[] capacity = new int[candidates];
        java.util.Arrays.fill(capacity, -1);
        final long[] atp = new long[candidates * lines];
        java.util.Arrays.fill(atp, 1L << 40);
        atp[atp.length - 1] = r;
        return store.record(r, r, true, 1, r, lines, new int[lines * SourcingDecision.LINE_VALUES], candidates,
            many(), new byte[candidates], distance, new long[candidates], capacity, new int[candidates], atp);
    }

    private void assertReadsBack(final long address, final int r)
    {
        final SourcingDecision d = store.view(address);
        assertThat(d.decidedSeq).isEqualTo(r);
        assertThat(d.planCostMinor).isEqualTo(r);
        assertThat(d.distanceMetres(d.candidateCount - 1)).isEqualTo(r);
        assertThat(d.atp(d.candidateCount - 1, d.lineCount - 1)).isEqualTo(r);
        assertThat(d.atp(0, 0)).isEqualTo(d.candidateCount * d.lineCount == 1 ? r : 1L << 40);
        assertThat(d.location(d.candidateCount - 1)).isSameAs(many()[d.candidateCount - 1]);
    }

    private static ByteSlice slice(final String text)
    {
        return new ByteSlice().wrap(new org.agrona.concurrent.UnsafeBuffer(
            text.getBytes(java.nio.charset.StandardCharsets.US_ASCII)), 0, text.length());
    }
}
