package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The benchmark measures what it says: no set of its size covers its order, so the plan takes one node more, greedy
 * (past the budget of combinations); under a limit of that size the plan has that many shipments, greedy too (past
 * the limited search's work, rules version 22).
 */
class SmallSetTrapBenchmarkTest
{
    @Test
    void noSetOfItsSizeCoversAndEveryPlanIsGreedy()
    {
        for (final int size : new int[] {2, 3})
        {
            for (final int lines : new int[] {3, 64})
            {
                for (final boolean limited : new boolean[] {false, true})
                {
                    final SmallSetTrapBenchmark trap = new SmallSetTrapBenchmark();
                    trap.size = size;
                    trap.lines = lines;
                    trap.limited = limited;
                    trap.encodeOrder();
                    trap.freshNetwork();
                    final long id = trap.place();
                    final String what = "size " + size + ", " + lines + " lines, limited " + limited;
                    assertThat(trap.shipmentsOf(id)).as(what).isEqualTo(limited ? size : size + 1);
                    assertThat(trap.exact(id)).as(what).isFalse();
                }
            }
        }
    }
}
