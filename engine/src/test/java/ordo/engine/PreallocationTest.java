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
     * Past what {@link #run} reaches: more emptied customers than the ledger keeps (entries dropped from a table the
     * preallocation grew, and taken from its pool after the preallocated ones), ended holds recycled after retention
     * on top of the preallocated pool, limited SKUs refused, holds expiring; then the same again on an engine restored
     * from the snapshot, preallocated or not. Returns every answer, the events, the hash and the snapshots.
     */
    private static java.util.List<String> runPastRetentionAndKeptEmpties(final int preallocate)
    {
        final java.util.List<String> seen = new java.util.ArrayList<>();
        final EngineDriver driver = new EngineDriver();
        driver.engine().preallocate(preallocate);
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100_000);
        stock(driver, "LTD", "wh-sg", 100_000);
        phase(driver, seen, 0);
        driver.advance(25 * 60 * MINUTE);
        seen.add(answer(driver.tick()));
        phase(driver, seen, 1);
        final byte[] snapshot = driver.snapshot();
        seen.add(java.util.Arrays.toString(snapshot));
        seen.add(driver.events().toString());
        seen.add(Long.toString(driver.stateHash()));
        final EngineDriver restored = EngineDriver.restore(snapshot);
        restored.engine().preallocate(preallocate);
        restored.advance(25 * 60 * MINUTE);
        seen.add(answer(restored.tick()));
        phase(restored, seen, 2);
        seen.add(restored.events().toString());
        seen.add(Long.toString(restored.stateHash()));
        seen.add(java.util.Arrays.toString(restored.snapshot()));
        return seen;
    }

    private static String answer(final ordo.engine.testing.Result result)
    {
        return result.code() + " " + result.entityId() + " " + result.a() + " " + result.b() + " " + result.c() + " " +
            result.d() + " " + java.util.Arrays.toString(result.data());
    }

    private static void phase(final EngineDriver driver, final java.util.List<String> seen, final int round)
    {
        for (int i = 0; i < 6_000; i++)
        {
            final String customer = "shopper-" + (i * 7 + round) % 5_000;
            final var held = driver.reserve("web", customer, null, (1 + i % 5) * MINUTE, i % 4 == 0 ? "LTD:2" : "A:1");
            seen.add(answer(held));
            if (i % 8 == 0)
            {
                seen.add(answer(driver.reserve("web", customer, null, MINUTE, "LTD:1"))); // over the limit of 2
            }
            if (i % 3 == 0 && held.code() == ResultCode.OK)
            {
                seen.add(answer(driver.release(held.reservationId())));
            }
            driver.advance(1_000);
        }
    }

    /** Orders placed, some cancelled, on an engine whose orders' direct memory is preallocated or not. */
    private static EngineDriver placeOrders(final int preallocateOrders)
    {
        return placeOrders(preallocateOrders, null);
    }

    /** As {@link #placeOrders(int)}, on an engine that takes its later pages from {@code supply} (null: none set). */
    static EngineDriver placeOrders(final int preallocateOrders, final PageSupply supply)
    {
        final EngineDriver driver = new EngineDriver();
        driver.engine().preallocateOrders(preallocateOrders);
        if (supply != null)
        {
            driver.engine().pageSupply(supply);
        }
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 100_000);
        stock(driver, "A", "store-orchard", 50);
        stock(driver, "B", "wh-kl", 100_000);
        for (int i = 0; i < 400; i++)
        {
            final long id = driver.placeOrder(i % 2 == 0 ? "A:1" : "A:2", "B:1").entityId();
            if (i % 7 == 0)
            {
                driver.cancelOrder(id);
            }
            driver.advance(3_000);
        }
        return driver;
    }

    @Test
    void preallocatedOrderMemoryIsUsedFirstAndChangesNothingVisible()
    {
        final EngineDriver plain = placeOrders(0);
        final EngineDriver preallocated = placeOrders(1_500);

        assertThat(preallocated.events()).isEqualTo(plain.events());
        assertThat(preallocated.stateHash()).isEqualTo(plain.stateHash());
        assertThat(preallocated.snapshot()).isEqualTo(plain.snapshot());
        // 1 500 orders' worth of decisions (640 B each) and timelines (728 B each, texts included): one 1 MiB page
        // of decisions and two of timelines, and 400 orders over a few nodes fit in them.
        assertThat(preallocated.engine().offHeapBytes()).isEqualTo(3L * RecordArena.PAGE_BYTES);
        assertThat(plain.engine().offHeapBytes()).isPositive().isLessThan(2L * RecordArena.PAGE_BYTES);
        assertThat(new EngineDriver().engine().offHeapBytes()).isZero();
    }

    @Test
    void aPreallocatedEngineStaysTheSamePastRetentionTheKeptEmptiesAndARestore()
    {
        final java.util.List<String> plain = runPastRetentionAndKeptEmpties(0);

        assertThat(runPastRetentionAndKeptEmpties(20_000)).isEqualTo(plain);
        assertThat(plain).anyMatch(answer -> answer.startsWith("PER_CUSTOMER_LIMIT"));
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
        final int[] offsets = new int[2 * HOLDS + 1];
        final UnsafeBuffer commands = encode(offsets, 128, (w, i) ->
        {
            CommandCodec.reserveHeader(w, 0, 0, "web", "shopper-" + i, "", 60 * MINUTE, 1);
            CommandCodec.reserveLine(w, "A", 1);
        });
        return bytesForSecondHalf(engine, CommandType.RESERVE, commands, offsets);
    }

    /**
     * Encodes {@code offsets.length - 1} commands of at most {@code maxBytes} each, one after the other, with
     * {@code writeOne} (given the writer and the command's number); fills in where each starts, and the end.
     */
    private static UnsafeBuffer encode(final int[] offsets, final int maxBytes,
        final java.util.function.ObjIntConsumer<PayloadWriter> writeOne)
    {
        final int count = offsets.length - 1;
        final UnsafeBuffer commands = new UnsafeBuffer(new byte[count * maxBytes]);
        final PayloadWriter w = new PayloadWriter();
        int at = 0;
        for (int i = 0; i < count; i++)
        {
            offsets[i] = at;
            w.wrap(commands, at);
            writeOne.accept(w, i);
            at = w.position();
        }
        offsets[count] = at;
        return commands;
    }

    /**
     * Applies the encoded commands ({@code offsets}: where each starts, and the end), each expected to answer OK,
     * and answers the bytes this thread allocated during the second half of them (the first half warms up).
     */
    private static long bytesForSecondHalf(final Engine engine, final CommandType type, final UnsafeBuffer commands,
        final int[] offsets)
    {
        final int count = offsets.length - 1;
        final Reply reply = new Reply();
        long seq = engine.lastSeq();
        final long time = engine.nowMillis();
        long before = 0;
        for (int i = 0; i < count; i++)
        {
            if (i == count / 2)
            {
                before = allocatedBytes();
            }
            engine.apply(++seq, time, type, commands, offsets[i], offsets[i + 1] - offsets[i], reply);
            if (reply.code() != ResultCode.OK)
            {
                // No assertion object per command: it would be counted.
                throw new AssertionError(type + " " + i + " answered " + reply.code());
            }
        }
        return allocatedBytes() - before;
    }

    @Test
    void newCustomersTakingHoldsWithinThePreallocatedCountAllocateNothingPerHold()
    {
        // Without: a reservation and a ledger entry per hold, well over a hundred bytes each.
        assertThat(bytesForNewHolds(0)).isGreaterThan(HOLDS * 100L);
        // With: nothing per hold — the reservation, the ledger entry and the id table's pages were made ahead (the
        // pages alone were a reference per hold, 4 bytes, before they were).
        assertThat(bytesForNewHolds(2 * HOLDS + 10)).isLessThan(HOLDS);
    }

    private static final int ORDERS = 4_000;

    /**
     * Allocated bytes while {@code ORDERS} orders are placed (two lines each, each by a new customer to a street of
     * its own from an IP address of its own, half IPv4 and half IPv6 — no velocity rule fires, so no fraud reason is
     * written), after as many warm-up orders; the commands are encoded before the count starts.
     */
    private static long bytesForOrders(final int preallocateOrders)
    {
        final EngineDriver driver = EngineDriver.withoutEvents();
        final Engine engine = driver.engine();
        engine.preallocateOrders(preallocateOrders);
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 10_000_000);
        stock(driver, "B", "wh-kl", 10_000_000);
        final int[] offsets = new int[2 * ORDERS + 1];
        final UnsafeBuffer commands = encode(offsets, 512, (w, i) ->
        {
            final OrderForm form = driver.ordering().customer("buyer-" + i).externalId("mkt-" + i)
                .line("A", 1).line("B", 2).form();
            form.line1 = i + " Bishan Street 11";
            form.clientIp = i % 2 == 0 ? "203.0." + i / 256 % 256 + "." + i % 256 :
                "2001:DB8::" + Integer.toHexString(i);
            CommandCodec.placeOrder(w, 0, 0, form);
        });
        return bytesForSecondHalf(engine, CommandType.PLACE_ORDER, commands, offsets);
    }

    @Test
    void placingOrdersWithinThePreallocatedCountAllocatesNothingPerOrder()
    {
        // Without: the Order object (~350 bytes) per order, and the list of orders growing by copying.
        assertThat(bytesForOrders(0)).isGreaterThan(ORDERS * 300L);
        // With: nothing per order — the Order objects, each new customer's ledger entry, the list's room and the
        // fraud screen's windows, counts and known customers were made ahead; the texts, lines, events, allocations
        // and the decision are records in preallocated direct memory; the client IP is spelled in scratch arrays.
        assertThat(bytesForOrders(2 * ORDERS + 10)).isLessThan(ORDERS);
    }

    @Test
    void ordersMadeAheadAreHandedOutOnceEachThenNewOnesAreMade()
    {
        final OrderBook book = new OrderBook(new Catalog());
        book.preallocate(3);
        assertThat(book.spareOrders()).isEqualTo(3);
        final java.util.Set<Order> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        seen.add(book.newOrder());
        seen.add(book.newOrder());
        assertThat(book.spareOrders()).isEqualTo(1);
        // Room for four more: the one left and three new.
        book.preallocate(4);
        assertThat(book.spareOrders()).isEqualTo(4);
        book.preallocate(2); // fewer than are left: nothing made, nothing dropped
        assertThat(book.spareOrders()).isEqualTo(4);
        for (int i = 0; i < 5; i++)
        {
            assertThat(seen.add(book.newOrder())).as("order %d is a new object", i).isTrue();
        }
        assertThat(book.spareOrders()).isZero();
        final Order made = book.newOrder();
        assertThat(seen.add(made)).isTrue();
        assertThat(made.id).isZero();
        assertThat(book.size()).isZero(); // handed out, not yet in the book
    }

    /**
     * What {@link Engine#preallocateOrders} takes on the heap, as docs/ordo.example.yaml, the README and its javadoc
     * say:
     * ~750 bytes an order in the order book (the Order object ~350; the customer-ledger entry with its id and SKU
     * arrays, room in the list, the external-id index and the ledger's table ~400), and 0.2–0.4 KB a placement in the
     * fraud screen (five windows of times and keys, their counts per key, the known customers; power-of-two tables).
     * They said ~350 bytes an order and 80 bytes a placement once the ledger entries, counts and known customers were
     * made too.
     */
    @Test
    void theHeapPreallocatedPerOrderIsWhatTheDocumentationSays()
    {
        final int orders = 100_000;
        final OrderBook book = new OrderBook(new Catalog());
        long before = allocatedBytes();
        book.preallocate(orders);
        final double perOrder = (allocatedBytes() - before) / (double)orders;
        assertThat(perOrder).isBetween(650.0, 850.0);

        final FraudScreen fraud = new FraudScreen();
        before = allocatedBytes();
        fraud.preallocate(orders);
        final double perPlacement = (allocatedBytes() - before) / (double)orders;
        assertThat(perPlacement).isBetween(200.0, 450.0);
        assertThat(book.spareOrders()).isEqualTo(orders); // both kept until measured
    }
}
