package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The engine's timer: live holds must leave in exactly (expiresAt, id) order whatever their TTLs, and a hold removed
 * early (released, converted) must never come out.
 */
class ExpiryQueueTest
{
    /** kind 0-5: hold now with one of a few TTLs (ties are common); 6: advance time; 7: pop the first; 8-9: remove. */
    record Op(int kind, int pick)
    {
    }

    @Provide
    Arbitrary<List<Op>> ops()
    {
        return Combinators.combine(Arbitraries.integers().between(0, 9), Arbitraries.integers().between(0, 1_000))
            .as(Op::new).list().ofMinSize(0).ofMaxSize(2_000);
    }

    private static final Comparator<Reservation> ORDER =
        Comparator.<Reservation>comparingLong(r -> r.expiresAt).thenComparingLong(r -> r.id);

    @Property(tries = 300)
    void holdsLeaveInExpiryThenIdOrderAndRemovedOnesNever(@ForAll("ops") final List<Op> ops)
    {
        final long[] ttls = {5, 7, 7, 12, 3, 40};
        final ExpiryQueue queue = new ExpiryQueue();
        final TreeSet<Reservation> reference = new TreeSet<>(ORDER);
        long now = 0;
        long lastId = 0;
        for (final Op op : ops)
        {
            if (op.kind() < 6)
            {
                final Reservation r = new Reservation();
                r.id = ++lastId;
                r.createdAt = now;
                r.expiresAt = now + ttls[op.kind()];
                queue.add(r);
                reference.add(r);
            }
            else if (op.kind() == 6)
            {
                now += op.pick() % 4;
            }
            else if (op.kind() == 7)
            {
                if (!reference.isEmpty())
                {
                    final Reservation first = reference.pollFirst();
                    assertThat(queue.peek()).isSameAs(first);
                    queue.remove(first);
                }
            }
            else if (!reference.isEmpty())
            {
                final List<Reservation> live = new ArrayList<>(reference);
                final Reservation victim = live.get(op.pick() % live.size());
                reference.remove(victim);
                queue.remove(victim);
            }
            assertThat(queue.size()).isEqualTo(reference.size());
            assertThat(queue.peekTime()).isEqualTo(reference.isEmpty() ? Long.MAX_VALUE : reference.first().expiresAt);
        }
        while (!reference.isEmpty())
        {
            final Reservation first = reference.pollFirst();
            assertThat(queue.peek()).isSameAs(first);
            queue.remove(first);
        }
        assertThat(queue.isEmpty()).isTrue();
        assertThat(queue.peek()).isNull();
    }

    @Test
    void holdsAddedOutOfIdOrderStillLeaveInOrder()
    {
        final ExpiryQueue queue = new ExpiryQueue();
        final List<Reservation> added = new ArrayList<>();
        for (int i = 5_000; i > 0; i--)
        {
            final Reservation r = new Reservation();
            r.id = i;
            r.createdAt = i / 3;
            r.expiresAt = i / 3 + 1_000 * (i % 3);
            queue.add(r);
            added.add(r);
        }
        added.sort(ORDER);
        for (final Reservation expected : added)
        {
            assertThat(queue.peek()).isSameAs(expected);
            assertThat(queue.peekTime()).isEqualTo(expected.expiresAt);
            queue.remove(expected);
        }
        assertThat(queue.peekTime()).isEqualTo(Long.MAX_VALUE);
    }
}
