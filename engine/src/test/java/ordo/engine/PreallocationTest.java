package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;

/**
 * {@link Engine#preallocate}: the objects of the holds to come are made up front, so reserving allocates nothing
 * until there are more holds, and nothing a client or an auditor can see changes.
 */
class PreallocationTest
{
    private static final int HOLDS = 20_000;

    private static long allocatedBytes()
    {
        return ((com.sun.management.ThreadMXBean)ManagementFactory.getThreadMXBean()).getCurrentThreadAllocatedBytes();
    }

    /** The same reserves, releases and expiries on two engines, one of them preallocated. */
    private static EngineDriver run(final int preallocate)
    {
        final EngineDriver driver = new EngineDriver();
        driver.engine().preallocate(preallocate);
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 1_000);
        stock(driver, "B", "wh-sg", 1_000);
        for (int i = 0; i < 300; i++)
        {
            final long id = driver.reserve("web", "customer-" + i % 70, null, (1 + i % 4) * MINUTE,
                i % 3 == 0 ? "A:1,B:2" : "A:1").reservationId();
            if (i % 5 == 0)
            {
                driver.release(id);
            }
            driver.advance(7_000);
        }
        return driver;
    }

    @Test
    void aPreallocatedEngineAnswersHashesAndSnapshotsExactlyAsAnotherOne()
    {
        final EngineDriver plain = run(0);
        final EngineDriver preallocated = run(1_000);

        assertThat(preallocated.events()).isEqualTo(plain.events());
        assertThat(preallocated.stateHash()).isEqualTo(plain.stateHash());
        assertThat(preallocated.snapshot()).isEqualTo(plain.snapshot());
    }

    /**
     * Allocated bytes while {@code HOLDS} new customers each take a hold, after as many warm-up holds; the commands
     * are encoded before the count starts.
     */
    private static long bytesForNewHolds(final int preallocate)
    {
        final EngineDriver driver = EngineDriver.withoutEvents();
        final Engine engine = driver.engine();
        engine.preallocate(preallocate);
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10_000_000);
        final UnsafeBuffer commands = new UnsafeBuffer(new byte[2 * HOLDS * 128]);
        final int[] offsets = new int[2 * HOLDS + 1];
        final PayloadWriter w = new PayloadWriter();
        int at = 0;
        for (int i = 0; i < 2 * HOLDS; i++)
        {
            offsets[i] = at;
            w.wrap(commands, at);
            CommandCodec.reserveHeader(w, 0, 0, "web", "shopper-" + i, "", 60 * MINUTE, 1);
            CommandCodec.reserveLine(w, "A", 1);
            at = w.position();
        }
        offsets[2 * HOLDS] = at;
        final Reply reply = new Reply();
        long seq = engine.lastSeq();
        final long time = engine.nowMillis();
        long before = 0;
        for (int i = 0; i < 2 * HOLDS; i++)
        {
            if (i == HOLDS)
            {
                before = allocatedBytes();
            }
            engine.apply(++seq, time, CommandType.RESERVE, commands, offsets[i], offsets[i + 1] - offsets[i], reply);
            if (reply.code() != ResultCode.OK)
            {
                throw new AssertionError("reserve " + i + " answered " + reply.code()); // no assertion object per hold
            }
        }
        return allocatedBytes() - before;
    }

    @Test
    void newCustomersTakingHoldsWithinThePreallocatedCountAllocateNothingPerHold()
    {
        // Without: a reservation and a ledger entry per hold, well over a hundred bytes each.
        assertThat(bytesForNewHolds(0)).isGreaterThan(HOLDS * 100L);
        // With: what is left is the id table's pages (a reference per hold) and the like, not an object per hold.
        assertThat(bytesForNewHolds(2 * HOLDS + 10)).isLessThan(HOLDS * 16L);
    }
}
