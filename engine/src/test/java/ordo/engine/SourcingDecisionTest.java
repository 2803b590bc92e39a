package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

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
        d.lines(2);
        d.candidates(3, new Location[]{a, b, c, null}, new byte[]{1, 2, 3, 0}, new int[]{10, -1, 30, 0},
            new long[]{150, -1, 2_000, 0}, new int[]{-1, -1, -1, 0}, new int[]{0, 7, 0, 0},
            new long[]{1, 2, 3, 4, 5, 6, 0, 0});

        assertThat(d.candidateCount).isEqualTo(3);
        assertThat(d.location).containsExactly(a, b, c);
        assertThat(d.reason).containsExactly(1, 2, 3);
        assertThat(d.distanceMetres).containsExactly(10, -1, 30);
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
        d.lines(1);
        final long big = 1L << 40;
        d.candidates(2, new Location[]{a, b}, new byte[]{1, 2}, new int[]{5, 6}, new long[]{big, 3},
            new int[]{-1, 0}, new int[]{4, 9}, new long[]{big + 1, 2});

        assertThat(d.cost(0)).isEqualTo(big);
        assertThat(d.cost(1)).isEqualTo(3);
        assertThat(d.capacityLeft(0)).isEqualTo(-1);
        assertThat(d.capacityLeft(1)).isZero();
        assertThat(d.allocatedUnits(0)).isEqualTo(4);
        assertThat(d.allocatedUnits(1)).isEqualTo(9);
        assertThat(d.atp(0, 0)).isEqualTo(big + 1);
        assertThat(d.atp(1, 0)).isEqualTo(2);
    }
}
