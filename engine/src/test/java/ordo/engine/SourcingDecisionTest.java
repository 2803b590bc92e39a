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
    private final Location a = new Location(0, new byte[]{'a'}, 1);
    private final Location b = new Location(1, new byte[]{'b'}, 2);
    private final Location c = new Location(2, new byte[]{'c'}, 3);

    @Test
    void everyCandidateRowReadsBackAsItWasRecordedInItsCompactForm()
    {
        final SourcingDecision d = new SourcingDecision();
        d.record(2, new int[]{3, 0, 2, 1, 0, 5, 5, 0, 0, 0}, 3, new Location[]{a, b, c, null},
            new byte[]{1, 2, 3, 0}, new int[]{10, -1, 30, 0}, new long[]{150, -1, 2_000, 0},
            new int[]{-1, -1, -1, 0}, new int[]{0, 7, 0, 0}, new long[]{1, 2, 3, 4, 5, 6, 0, 0});

        assertThat(d.candidateCount).isEqualTo(3);
        assertThat(d.location).containsExactly(a, b, c);
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
    }

    @Test
    void valuesBeyondAnIntAndLimitedCapacitiesAreKeptExactly()
    {
        final SourcingDecision d = new SourcingDecision();
        final long big = 1L << 40;
        d.record(1, new int[]{Integer.MAX_VALUE, 0, 1, 0, Integer.MIN_VALUE}, 2, new Location[]{a, b},
            new byte[]{1, (byte)200}, new int[]{5, Integer.MAX_VALUE}, new long[]{big, Long.MIN_VALUE},
            new int[]{-1, 0}, new int[]{4, 9}, new long[]{Long.MAX_VALUE, Long.MIN_VALUE});

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

    @Test
    void aDecisionWithoutCandidatesStillAnswersItsLines()
    {
        final SourcingDecision d = new SourcingDecision();
        d.record(1, new int[]{4, 0, 0, 4, 0}, 0, new Location[0], new byte[0], new int[0], new long[0], new int[0],
            new int[0], new long[0]);

        assertThat(d.candidateCount).isZero();
        assertThat(d.requested(0)).isEqualTo(4);
        assertThat(d.backordered(0)).isEqualTo(4);
    }

    /** Whatever the values, a decision answers each exactly as recorded (each column's type adapts to its range). */
    @Property(tries = 500)
    void everyValueReadsBackExactly(@ForAll @IntRange(min = 1, max = 5) final int lines,
        @ForAll @Size(min = 0, max = 12) final List<@IntRange(min = 0, max = 12) Integer> reasons,
        @ForAll("values") final List<Long> values)
    {
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
            location[k] = new Location(k, new byte[]{(byte)('a' + k)}, k);
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
        final SourcingDecision d = new SourcingDecision();
        d.record(lines, lineValues, candidates, location, reason, distance, cost, capacity, allocated, atp);

        for (int i = 0; i < lines; i++)
        {
            final int v = i * SourcingDecision.LINE_VALUES;
            assertThat(new int[]{d.requested(i), d.fromReservation(i), d.allocated(i), d.backordered(i),
                d.cancelled(i)}).containsExactly(lineValues[v], lineValues[v + 1], lineValues[v + 2],
                lineValues[v + 3], lineValues[v + 4]);
        }
        for (int k = 0; k < candidates; k++)
        {
            assertThat(d.location[k]).isSameAs(location[k]);
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
        final SourcingDecision first = new SourcingDecision();
        final Location[] table = {a, b, null};
        first.record(1, new int[5], 2, table, new byte[2], new int[2], new long[2], new int[]{-1, -1}, new int[2],
            new long[2]);
        final SourcingDecision second = new SourcingDecision();
        second.record(1, new int[5], 2, table, new byte[2], new int[2], new long[2], new int[]{-1, -1}, new int[2],
            new long[2], first.location);

        assertThat(second.location).isSameAs(first.location);
    }
}
