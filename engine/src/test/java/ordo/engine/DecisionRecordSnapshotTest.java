package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;

/**
 * Format 9 keeps each sourcing decision as its record's bytes (little-endian) and a restore copies them back into the
 * decision store: the state, the views and the store's sharing of location columns come back as the records of
 * format 8 did, and a record that is not one the store could have made — any count, width, location index or length
 * out of place — is refused with the problem named, before anything of it is kept (nothing reads a record with bounds
 * checks).
 */
class DecisionRecordSnapshotTest
{
    @Test
    void aStateWithDecisionsAndFillsComesBackTheSame()
    {
        final EngineDriver driver = busyState();
        final byte[] snapshot = driver.snapshot();
        assertThat(EngineSnapshot.formatOf(snapshot)).isEqualTo(EngineSnapshot.FORMAT_VERSION);

        final EngineDriver restored = EngineDriver.restore(snapshot);

        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(restored.snapshot()).isEqualTo(snapshot);
        assertThat(restored.checkInvariants()).isNull();
        for (long id = 1; id <= driver.engine().orders().lastId(); id++)
        {
            assertThat(restored.querySourcing(id).data()).as("order %d's sourcing", id)
                .isEqualTo(driver.querySourcing(id).data());
            assertThat(restored.queryOrder(id).data()).isEqualTo(driver.queryOrder(id).data());
        }
        // What comes after answers the same, and the decisions made then are the same.
        restored.advance(MINUTE).placeOrder("A:1", "B:1");
        driver.advance(MINUTE).placeOrder("A:1", "B:1");
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
    }

    /**
     * The format-8 snapshot a previous build left restores (as the pinned tests check) into a store laid out as the
     * format-9 snapshot of the same state restores into: the same bytes of records, the same columns shared, and the
     * decisions made after either share alike.
     */
    @Test
    void fromFormat8OrFormat9TheStoreHoldsTheSameRecordsAndSharesAlike() throws IOException
    {
        final byte[] format8;
        try (InputStream in = DecisionRecordSnapshotTest.class.getResourceAsStream("pinned-format8.snap"))
        {
            format8 = in.readAllBytes();
        }
        assertThat(EngineSnapshot.formatOf(format8)).isEqualTo(8);
        final EngineDriver from8 = EngineDriver.restore(format8);
        final byte[] format9 = from8.snapshot();
        assertThat(EngineSnapshot.formatOf(format9)).isEqualTo(EngineSnapshot.FORMAT_VERSION);
        final EngineDriver from9 = EngineDriver.restore(format9);

        assertThat(from9.stateHash()).isEqualTo(from8.stateHash());
        assertThat(usedBytes(from9)).isEqualTo(usedBytes(from8));
        from8.advance(MINUTE).placeOrder("A:1");
        from9.advance(MINUTE).placeOrder("A:1");
        assertThat(usedBytes(from9)).as("a decision over the last one's nodes shares its column").isEqualTo(
            usedBytes(from8));
        assertThat(from9.stateHash()).isEqualTo(from8.stateHash());
    }

    @Test
    void everyHeaderFieldOutOfRangeIsRefusedNamingIt()
    {
        refused(r -> r.putInt(SourcingDecision.LINES, -1), "of -1 lines");
        refused(r -> r.putInt(SourcingDecision.CANDIDATES, -1), "and -1 candidates");
        refused(r -> r.putInt(SourcingDecision.PAIRS, -1), "giving units to -1 of");
        refused(r -> r.putInt(SourcingDecision.PAIRS, r.getInt(SourcingDecision.CANDIDATES) + 1),
            "giving units to " + (candidates() + 1) + " of " + candidates() + " candidates");
        refused(r -> r.put(SourcingDecision.FLAGS, (byte)0x84), "with flags 132");
        refused(r -> r.put(SourcingDecision.DISTANCE_WIDTH, (byte)8), "distances of 8 bytes");
        refused(r -> r.put(SourcingDecision.DISTANCE_WIDTH, (byte)0), "distances of 0 bytes");
        refused(r -> r.put(SourcingDecision.COST_WIDTH, (byte)3), "costs of 3 bytes");
        refused(r -> r.put(SourcingDecision.COST_WIDTH, (byte)-1), "costs of -1 bytes");
        refused(r -> r.put(SourcingDecision.ATP_WIDTH, (byte)16), "ATPs of 16 bytes");
        refused(r -> r.put(SourcingDecision.ATP_WIDTH, (byte)8).putLong(SourcingDecision.ATP_BASE, 7),
            "with whole ATPs and a base");
        refused(r -> r.putLong(SourcingDecision.LOCATIONS, 4), "whose locations are 4");
        refused(r -> r.putLong(SourcingDecision.LOCATIONS, Long.MIN_VALUE), "whose locations are " + Long.MIN_VALUE);
        // The first decision has none before it to share with.
        refused(r -> r.putLong(SourcingDecision.LOCATIONS, DecisionRecords.SHARED_LOCATIONS),
            "sharing the locations of no decision");
        refused(r -> r.putInt(SourcingDecision.CANDIDATES, Integer.MAX_VALUE).putInt(SourcingDecision.LINES, 3),
            Integer.MAX_VALUE + " candidates × 3 lines");
        refused(r -> r.putInt(SourcingDecision.LINES, 1 << 20), "left in the snapshot");
        refused(r -> r.putInt(SourcingDecision.CANDIDATES, 1 << 24), "left in the snapshot");
    }

    @Test
    void aColumnOutOfPlaceIsRefusedNamingIt()
    {
        final int candidates = candidates();
        final int lines = firstHeader().lines;
        final int columns = (int)SourcingDecision.columnsLength(lines, candidates, firstHeader().distanceWidth,
            firstHeader().costWidth, firstHeader().hasCapacity, firstHeader().pairs, firstHeader().atpWidth);
        final int pairsAt = columns - firstHeader().pairs * 2 * Integer.BYTES - candidates * lines *
            firstHeader().atpWidth;
        final int locationCount = SgNetwork.NODES.size();
        // The location column (its own: the first decision) follows the other columns, a byte an index here.
        assertThat(indexWidth(written(busyState().engine().orders().get(1).decisionAt))).isEqualTo(Byte.BYTES);
        refused(r -> r.put(columns, (byte)locationCount), "names location " + locationCount + " of " + locationCount);
        refused(r -> r.put(columns + candidates - 1, (byte)-1), "names location 255 of");
        assertThat(firstHeader().pairs).as("the first decision gave units").isPositive();
        refused(r -> r.putInt(pairsAt, candidates), "giving units to candidate " + candidates + " of");
        refused(r -> r.putInt(pairsAt, -1), "giving units to candidate -1 of");
        refused(r -> r.putInt(pairsAt + Integer.BYTES, 0), "giving no units to candidate");
        // Pairs come in candidate order, each candidate once (the sourcing view finds a candidate's units by them).
        assertThat(firstHeader().pairs).as("the split first order gave two candidates units").isGreaterThanOrEqualTo(2);
        refused(r -> r.putInt(pairsAt + 2 * Integer.BYTES, r.getInt(pairsAt)), "after");
        // A header that makes the record longer or shorter than it is reads the rest of the snapshot out of step.
        refused(r -> r.putInt(SourcingDecision.PAIRS, firstHeader().pairs - 1), "");
    }

    /**
     * A location column is kept in the fewest bytes its indexes fit (1, 2 or 4) and widened to the store's ints on
     * restore: a network past 256 nodes comes back the same, and a record written with 4-byte indexes restores as the
     * 1-byte one does.
     */
    @Test
    void locationColumnsOfEveryWidthComeBackTheSame() throws IOException
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        for (int n = 0; n < 300; n++)
        {
            driver.defineLocation("far-" + n, Codes.LocationType.WAREHOUSE, 2_000_000 + n, 103_000_000, Codes.CAP_SHIP,
                true);
        }
        final Catalog catalog = driver.engine().catalog();
        final Location at255 = catalog.location(255);
        final Location at256 = catalog.location(256);
        stock(driver, "A", new String(at255.id), 5);
        stock(driver, "B", new String(at256.id), 5);
        driver.placeOrder("A:1");
        driver.placeOrder("B:1");
        final byte[] upTo255 = written(driver.engine().orders().get(1).decisionAt);
        final byte[] upTo256 = written(driver.engine().orders().get(2).decisionAt);
        assertThat(indexWidth(upTo255)).as("indexes up to 255").isEqualTo(Byte.BYTES);
        assertThat(indexWidth(upTo256)).as("an index of 256").isEqualTo(Character.BYTES);
        // Little-endian, index by index: 256 is 00 01.
        final int candidates256 = ByteBuffer.wrap(upTo256).order(ByteOrder.LITTLE_ENDIAN)
            .getInt(SourcingDecision.CANDIDATES);
        final byte[] column = Arrays.copyOfRange(upTo256, upTo256.length - candidates256 * Character.BYTES,
            upTo256.length);
        assertThat(java.util.stream.IntStream.range(0, candidates256)
            .filter(c -> column[2 * c] == 0 && column[2 * c + 1] == 1)).as("index 256 as 00 01").hasSize(1);
        stock(driver, "A", "far-299", 5);
        stock(driver, "A", "wh-sg", 1);
        driver.placeOrder("A:3");
        final byte[] wide = written(driver.engine().orders().get(3).decisionAt);
        assertThat(indexWidth(wide)).as("an index past 255").isEqualTo(Character.BYTES);
        final EngineDriver restored = EngineDriver.restore(driver.snapshot());
        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(usedBytes(restored)).isEqualTo(usedBytes(driver));
        for (long id = 1; id <= 3; id++)
        {
            assertThat(restored.querySourcing(id).data()).isEqualTo(driver.querySourcing(id).data());
        }

        final EngineDriver small = busyState();
        final byte[] narrow = written(small.engine().orders().get(1).decisionAt);
        assertThat(indexWidth(narrow)).isEqualTo(Byte.BYTES);
        final int candidates = ByteBuffer.wrap(narrow).order(ByteOrder.LITTLE_ENDIAN).getInt(SourcingDecision.CANDIDATES);
        final int columns = narrow.length - candidates;
        final byte[] ints = Arrays.copyOf(narrow, columns + candidates * Integer.BYTES);
        final ByteBuffer asInts = ByteBuffer.wrap(ints).order(ByteOrder.LITTLE_ENDIAN);
        asInts.putLong(SourcingDecision.LOCATIONS, DecisionRecords.OWN_LOCATIONS);
        for (int c = 0; c < candidates; c++)
        {
            asInts.putInt(columns + c * Integer.BYTES, narrow[columns + c] & 0xFF);
        }
        final DecisionStore fromBytes = new DecisionStore(small.engine().catalog());
        final DecisionStore fromInts = new DecisionStore(small.engine().catalog());
        final long one = fromBytes.restore(narrow.clone(), narrow.length);
        final long other = fromInts.restore(ints, ints.length);
        assertThat(fromInts.view(other).hash()).isEqualTo(fromBytes.view(one).hash())
            .isEqualTo(small.engine().orders().decisions().view(small.engine().orders().get(1).decisionAt).hash());
        assertThat(fromInts.usedBytes()).isEqualTo(fromBytes.usedBytes());
    }

    /**
     * A network of more than 65 536 locations: a decision naming one past index 65 535 is written with a column of
     * 4-byte indexes (little-endian: 65 536 is 00 00 01 00), and the snapshot restores to the same state, views and
     * store layout. Until now only a hand-made record of that width had been restored, not one the writer made.
     */
    @Test
    void aNetworkPastSixtyFiveThousandNodesWritesFourByteColumnsThatComeBack()
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        final int first = driver.engine().catalog().locationCount();
        for (int n = first; n <= 65_536; n++)
        {
            // Ids in increasing order, as a retailer numbers its stores: each takes its rank without moving others'.
            driver.defineLocation(String.format("far-%05d", n), Codes.LocationType.WAREHOUSE, 2_000_000 + n % 1_000,
                103_000_000, Codes.CAP_SHIP, true);
        }
        final Location at65536 = driver.engine().catalog().location(65_536);
        stock(driver, "A", new String(at65536.id), 5);
        stock(driver, "B", "wh-sg", 5);
        driver.placeOrder("A:1");
        driver.placeOrder("B:1", "A:1");
        final byte[] wide = written(driver.engine().orders().get(1).decisionAt);
        assertThat(indexWidth(wide)).as("an index of 65 536").isEqualTo(Integer.BYTES);
        assertThat(Arrays.copyOfRange(wide, wide.length - Integer.BYTES, wide.length)).as("65 536 as 00 00 01 00")
            .containsExactly(0, 0, 1, 0);
        assertThat(indexWidth(written(driver.engine().orders().get(2).decisionAt))).isEqualTo(Integer.BYTES);

        final EngineDriver restored = EngineDriver.restore(driver.snapshot());

        assertThat(restored.stateHash()).isEqualTo(driver.stateHash());
        assertThat(usedBytes(restored)).isEqualTo(usedBytes(driver));
        for (long id = 1; id <= 2; id++)
        {
            assertThat(restored.querySourcing(id).data()).isEqualTo(driver.querySourcing(id).data());
        }
        final Order placed = restored.engine().orders().get(1);
        assertThat(placed.allocationLocation(placed.firstAllocation).index).as("allocated at the far node")
            .isEqualTo(65_536);
    }

    /**
     * An order not decided yet is written as the record {@code record} makes of no candidates, and a second after it
     * shares its (empty) column, as {@code record} shares it: the store's layout and what the next decision shares
     * come back the same (an own marker there gave the second a column of its own: found in review).
     */
    @Test
    void twoUndecidedOrdersInARowShareAsTheStoreDoes() throws IOException
    {
        final DecisionRecords.Writer writer = new DecisionRecords.Writer();
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final DataOutputStream out = new DataOutputStream(bytes);
        writer.write(out, RecordArena.NONE);
        writer.write(out, RecordArena.NONE);
        final byte[] both = bytes.toByteArray();
        assertThat(both).hasSize(2 * SourcingDecision.HEADER);
        final ByteBuffer records = ByteBuffer.wrap(both).order(ByteOrder.LITTLE_ENDIAN);
        assertThat(records.getLong(SourcingDecision.LOCATIONS)).isEqualTo(DecisionRecords.OWN_LOCATIONS);
        assertThat(records.getLong(SourcingDecision.HEADER + SourcingDecision.LOCATIONS))
            .isEqualTo(DecisionRecords.SHARED_LOCATIONS);

        final DecisionStore store = new DecisionStore(busyState().engine().catalog());
        final long first = store.restore(Arrays.copyOf(both, SourcingDecision.HEADER), SourcingDecision.HEADER);
        final long second = store.restore(Arrays.copyOfRange(both, SourcingDecision.HEADER, both.length),
            SourcingDecision.HEADER);
        assertThat(org.agrona.UnsafeApi.getLong(second + SourcingDecision.LOCATIONS))
            .isEqualTo(org.agrona.UnsafeApi.getLong(first + SourcingDecision.LOCATIONS));
        assertThat(store.usedBytes()).isEqualTo(2L * SourcingDecision.HEADER);
    }

    /** A candidate's reason the views cannot name (they map it to a name, and a null was a 500) is refused. */
    @Test
    void aReasonNoViewCanNameIsRefused()
    {
        final int reasonsAt = SourcingDecision.HEADER + firstHeader().lines * SourcingDecision.LINE_VALUES *
            Integer.BYTES;
        refused(r -> r.put(reasonsAt, (byte)0), "gives candidate 0 the reason code 0");
        final int unnamed = Codes.SourcingReason.values().length + 1;
        refused(r -> r.put(reasonsAt + candidates() - 1, (byte)unnamed), "the reason code " + unnamed);
    }

    /**
     * A decision whose line count is not what its order's views read — a fill's one line, a placement's none or the
     * order's — is refused, however sound the record: the sourcing view reads a fill's line 0 without bounds checks,
     * and a fill of no lines had it read the next record's time as units (found in review; no format checked it).
     */
    @Test
    void aDecisionOfAnotherLineCountThanItsOrdersIsRefused()
    {
        final EngineDriver driver = busyState();
        final Order first = driver.engine().orders().get(1);
        assertThat(first.fills.count()).as("busyState's first order was filled once").isEqualTo(1);
        final byte[] snapshot = driver.snapshot();
        final byte[] noLines = new byte[SourcingDecision.HEADER];
        final ByteBuffer header = ByteBuffer.wrap(noLines).order(ByteOrder.LITTLE_ENDIAN);
        header.put(SourcingDecision.DISTANCE_WIDTH, (byte)Integer.BYTES).put(SourcingDecision.COST_WIDTH,
            (byte)Integer.BYTES).put(SourcingDecision.ATP_WIDTH, (byte)Long.BYTES);
        header.putLong(SourcingDecision.LOCATIONS, DecisionRecords.OWN_LOCATIONS);

        final byte[] fillOfNoLines = replaced(snapshot, first.fills.decision(0), noLines);
        assertThatThrownBy(() -> EngineSnapshot.fromBytes(fillOfNoLines, EventSink.NONE))
            .hasRootCauseInstanceOf(IOException.class).hasMessageContaining("order 1 of 3 lines has a backorder " +
                "fill's decision of 0 lines");

        final byte[] placementOfOneLine = replaced(snapshot, first.decisionAt, written(first.fills.decision(0)));
        assertThatThrownBy(() -> EngineSnapshot.fromBytes(placementOfOneLine, EventSink.NONE))
            .hasRootCauseInstanceOf(IOException.class).hasMessageContaining("order 1 of 3 lines has a placement's " +
                "decision of 1 lines");
    }

    @Test
    void aSnapshotCutShortInADecisionIsRefused()
    {
        final byte[] snapshot = busyState().snapshot();
        final int at = firstRecord(snapshot);
        for (final int cut : new int[] {at + 1, at + SourcingDecision.HEADER - 1, at + SourcingDecision.HEADER + 3,
            at + SourcingDecision.HEADER + 100})
        {
            assertThatThrownBy(() -> EngineSnapshot.fromBytes(Arrays.copyOf(snapshot, cut), EventSink.NONE))
                .isInstanceOf(IllegalArgumentException.class).hasRootCauseInstanceOf(IOException.class);
        }
    }

    /**
     * A record refused leaves the store as it was: nothing allocated, and the column the next decision shares still
     * the one before it.
     */
    @Test
    void aRecordRefusedLeavesTheStoreAsItWas() throws IOException
    {
        final EngineDriver driver = busyState();
        final OrderBook orders = driver.engine().orders();
        final byte[] first = written(orders.get(1).decisionAt);
        final DecisionStore store = new DecisionStore(driver.engine().catalog());
        final long kept = store.restore(first.clone(), first.length);
        final long used = store.usedBytes();

        final byte[] bad = first.clone();
        final ByteBuffer badRecord = ByteBuffer.wrap(bad).order(ByteOrder.LITTLE_ENDIAN);
        bad[bad.length - 1] = (byte)200;
        assertThatThrownBy(() -> store.restore(bad, bad.length)).isInstanceOf(IOException.class)
            .hasMessageContaining("names location 200");
        assertThat(store.usedBytes()).isEqualTo(used);

        // The same decision again, sharing: with the one kept, not with the one refused.
        final int candidates = badRecord.getInt(SourcingDecision.CANDIDATES);
        final byte[] shared = Arrays.copyOf(first, first.length - candidates * indexWidth(first));
        ByteBuffer.wrap(shared).order(ByteOrder.LITTLE_ENDIAN).putLong(SourcingDecision.LOCATIONS,
            DecisionRecords.SHARED_LOCATIONS);
        final long again = store.restore(shared, shared.length);
        assertThat(store.view(again).hash()).isEqualTo(store.view(kept).hash())
            .isEqualTo(orders.decisions().view(orders.get(1).decisionAt).hash());
        assertThat(store.usedBytes()).isEqualTo(used + shared.length);
    }

    /** On a big-endian platform each value of a record swaps between its order and a snapshot's: both ways alike. */
    @Test
    void swappingARecordTurnsEveryValueToTheOtherOrderAndBack()
    {
        final EngineDriver driver = busyState();
        final byte[] record = written(driver.engine().orders().get(1).decisionAt);
        final ByteBuffer little = ByteBuffer.wrap(record.clone()).order(ByteOrder.LITTLE_ENDIAN);
        final int lines = little.getInt(SourcingDecision.LINES);
        final int candidates = little.getInt(SourcingDecision.CANDIDATES);
        final int pairs = little.getInt(SourcingDecision.PAIRS);
        final boolean hasCapacity = (little.get(SourcingDecision.FLAGS) & SourcingDecision.HAS_CAPACITY) != 0;
        final int distanceWidth = little.get(SourcingDecision.DISTANCE_WIDTH);
        final int costWidth = little.get(SourcingDecision.COST_WIDTH);
        final int atpWidth = little.get(SourcingDecision.ATP_WIDTH);

        final byte[] swapped = record.clone();
        DecisionRecords.swap(swapped, lines, candidates, hasCapacity, pairs, distanceWidth, costWidth, atpWidth);

        final ByteBuffer big = ByteBuffer.wrap(swapped).order(ByteOrder.BIG_ENDIAN);
        for (int at = 0; at < 40; at += Long.BYTES)
        {
            assertThat(big.getLong(at)).isEqualTo(little.getLong(at));
        }
        for (int at = 40; at < 56; at += Integer.BYTES)
        {
            assertThat(big.getInt(at)).isEqualTo(little.getInt(at));
        }
        int p = SourcingDecision.HEADER;
        for (int v = 0; v < lines * SourcingDecision.LINE_VALUES; v++, p += Integer.BYTES)
        {
            assertThat(big.getInt(p)).isEqualTo(little.getInt(p));
        }
        p += candidates; // reasons, a byte each
        p = sameValues(little, big, p, candidates, distanceWidth);
        p = sameValues(little, big, p, candidates, costWidth);
        p = sameValues(little, big, p, hasCapacity ? candidates : 0, Integer.BYTES);
        p = sameValues(little, big, p, 2 * pairs, Integer.BYTES);
        p = sameValues(little, big, p, candidates * lines, atpWidth);
        // The location column is written and read little-endian index by index: the swap leaves it.
        assertThat(Arrays.copyOfRange(swapped, p, record.length)).isEqualTo(Arrays.copyOfRange(record, p,
            record.length));
        assertThat(p + candidates * indexWidth(record)).isEqualTo(record.length);

        DecisionRecords.swap(swapped, lines, candidates, hasCapacity, pairs, distanceWidth, costWidth, atpWidth);
        assertThat(swapped).isEqualTo(record);
    }

    // ------------------------------------------------------------------------------------------------ helpers

    /** Orders placed over the network, one split, one backordered then filled, one part-cancelled. */
    private static EngineDriver busyState()
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 3);
        stock(driver, "BO", "wh-sg", 1);
        stock(driver, "B", "wh-sg", 5);
        final long id = driver.placeOrder("A:4", "BO:3", "B:1").orderId();
        driver.advance(MINUTE).placeOrder("B:2");
        driver.advance(MINUTE).adjust("BO", "wh-kl", 4, Codes.AdjustmentReason.RECEIPT);
        driver.advance(MINUTE).cancelOrder(id, "A:1");
        driver.advance(MINUTE).placeOrder("A:1", "B:1");
        return driver;
    }

    private static long usedBytes(final EngineDriver driver)
    {
        return driver.engine().orders().decisions().usedBytes();
    }

    /** A decision's record as a snapshot keeps it, its location column its own. */
    private static byte[] written(final long record)
    {
        try
        {
            final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            new DecisionRecords.Writer().write(new DataOutputStream(bytes), record);
            return bytes.toByteArray();
        }
        catch (final IOException e)
        {
            throw new AssertionError(e);
        }
    }

    /** Where the first order's decision record begins in {@code snapshot}: found by its time and sequence. */
    private static int firstRecord(final byte[] snapshot)
    {
        final byte[] head = Arrays.copyOf(written(busyState().engine().orders().get(1).decisionAt), 16);
        for (int i = 0; i + head.length <= snapshot.length; i++)
        {
            if (Arrays.equals(snapshot, i, i + head.length, head, 0, head.length))
            {
                return i;
            }
        }
        throw new AssertionError("no decision record in the snapshot");
    }

    /**
     * {@code snapshot} with the record of decision {@code record} (found by its time and sequence, its length read from
     * its header as written there: its own location column or a shared one) replaced by {@code replacement}.
     */
    private static byte[] replaced(final byte[] snapshot, final long record, final byte[] replacement)
    {
        final byte[] own = written(record);
        for (int at = 0; at + 16 <= snapshot.length; at++)
        {
            if (Arrays.equals(snapshot, at, at + 16, own, 0, 16))
            {
                final ByteBuffer r = ByteBuffer.wrap(snapshot, at, snapshot.length - at).slice()
                    .order(ByteOrder.LITTLE_ENDIAN);
                final int candidates = r.getInt(SourcingDecision.CANDIDATES);
                final long length = SourcingDecision.columnsLength(r.getInt(SourcingDecision.LINES), candidates,
                    r.get(SourcingDecision.DISTANCE_WIDTH), r.get(SourcingDecision.COST_WIDTH),
                    (r.get(SourcingDecision.FLAGS) & SourcingDecision.HAS_CAPACITY) != 0,
                    r.getInt(SourcingDecision.PAIRS), r.get(SourcingDecision.ATP_WIDTH)) +
                    (long)candidates * indexWidth(r.getLong(SourcingDecision.LOCATIONS));
                final byte[] out = new byte[snapshot.length - (int)length + replacement.length];
                System.arraycopy(snapshot, 0, out, 0, at);
                System.arraycopy(replacement, 0, out, at, replacement.length);
                System.arraycopy(snapshot, at + (int)length, out, at + replacement.length,
                    snapshot.length - at - (int)length);
                return out;
            }
        }
        throw new AssertionError("the decision's record is not in the snapshot");
    }

    /** The bytes a location index takes in the column of a snapshot's record with this marker (0: shared). */
    private static int indexWidth(final long marker)
    {
        return marker == DecisionRecords.OWN_LOCATIONS ? Integer.BYTES : marker == DecisionRecords.OWN_LOCATIONS_CHAR ?
            Character.BYTES : marker == DecisionRecords.OWN_LOCATIONS_BYTE ? Byte.BYTES : 0;
    }

    private static int indexWidth(final byte[] record)
    {
        return indexWidth(ByteBuffer.wrap(record).order(ByteOrder.LITTLE_ENDIAN).getLong(SourcingDecision.LOCATIONS));
    }

    /** The first order's decision's header, as its record has it. */
    private static Header firstHeader()
    {
        final ByteBuffer r = ByteBuffer.wrap(written(busyState().engine().orders().get(1).decisionAt))
            .order(ByteOrder.LITTLE_ENDIAN);
        return new Header(r.getInt(SourcingDecision.LINES), r.getInt(SourcingDecision.PAIRS),
            (r.get(SourcingDecision.FLAGS) & SourcingDecision.HAS_CAPACITY) != 0, r.get(SourcingDecision.DISTANCE_WIDTH),
            r.get(SourcingDecision.COST_WIDTH), r.get(SourcingDecision.ATP_WIDTH));
    }

    private record Header(int lines, int pairs, boolean hasCapacity, int distanceWidth, int costWidth, int atpWidth)
    {
    }

    private static int candidates()
    {
        return ByteBuffer.wrap(written(busyState().engine().orders().get(1).decisionAt)).order(ByteOrder.LITTLE_ENDIAN)
            .getInt(SourcingDecision.CANDIDATES);
    }

    /**
     * The snapshot of {@link #busyState} with its first decision record changed by {@code change} (its bytes from
     * the record's start, little-endian) is refused on read, the message naming {@code problem}.
     */
    private static void refused(final Consumer<ByteBuffer> change, final String problem)
    {
        final byte[] snapshot = busyState().snapshot();
        final int at = firstRecord(snapshot);
        change.accept(ByteBuffer.wrap(snapshot, at, snapshot.length - at).slice().order(ByteOrder.LITTLE_ENDIAN));
        assertThatThrownBy(() -> EngineSnapshot.fromBytes(snapshot, EventSink.NONE)).as(problem)
            .isInstanceOf(IllegalArgumentException.class).hasRootCauseInstanceOf(IOException.class)
            .hasMessageContaining(problem);
    }

    private static int sameValues(final ByteBuffer little, final ByteBuffer big, final int from, final int count,
        final int width)
    {
        int p = from;
        for (int k = 0; k < count; k++, p += width)
        {
            switch (width)
            {
                case 1 -> assertThat(big.get(p)).isEqualTo(little.get(p));
                case 2 -> assertThat(big.getShort(p)).isEqualTo(little.getShort(p));
                case 4 -> assertThat(big.getInt(p)).isEqualTo(little.getInt(p));
                default -> assertThat(big.getLong(p)).isEqualTo(little.getLong(p));
            }
        }
        return p;
    }
}
