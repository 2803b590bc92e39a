package ordo.engine;

import static ordo.engine.SgNetwork.MINUTE;
import static ordo.engine.SgNetwork.stock;
import static org.assertj.core.api.Assertions.assertThat;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

import org.junit.jupiter.api.Test;

import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.Query;

/**
 * An order's lines and allocations (split over nodes, a backorder part-filled, a partial cancellation taking back
 * from the newest allocation first) hash, snapshot and show exactly as the build that kept them in arrays did
 * (e027495). Replay and restore tests compare one build with itself, so a change to what is hashed or written that is
 * the same on both sides passes them; the state hash and the snapshot are compared with files the previous build
 * wrote (`journal verify`), so they must not change without a new format version. Format 7 writes decisions in
 * variable-length integers, format 8 adds each order's failed refunds, format 9 writes decisions as their records' bytes:
 * each time the snapshot is pinned anew, and the
 * snapshots the previous builds wrote of the same state (resources, whose SHA-256 are the earlier pins) must still
 * restore to this state.
 */
class OrderStatePinnedTest
{
    /** Taken at e027495. */
    private static final String STATE_HASH = "4c4469ea1992cadf";
    /** The format-6 snapshot of e027495 (and of every build up to 43513a0): pinned-format6.snap. */
    private static final String SNAPSHOT_FORMAT_6 = "03e4ac0ec0a52f6d0892a0b72af3f9a28978d924b7d4c77a7d42994518924596";
    /** The format-7 snapshot of every build from its introduction to cfe1a5e (rules version 8): pinned-format7.snap. */
    private static final String SNAPSHOT_FORMAT_7 = "26686ec4c28fc196de3a5d647db013b1d2d0a0e8d41a16182573b21204aa4f38";
    /**
     * Format 8 (each order's failed, withheld and settled refunds), of every build from its introduction to 0d98b81:
     * pinned-format8.snap.
     */
    private static final String SNAPSHOT_FORMAT_8 = "2f480fea8f98dc0d845ee262211fb76c80ff2042a1329692d8347bb669e8ac7b";
    /**
     * Format 9 (decisions as their records' bytes, location columns in the fewest bytes), of every build from its
     * introduction to 5201d1d (rules version 13): pinned-format9.snap.
     */
    private static final String SNAPSHOT_FORMAT_9 = "3efd1935ecae27b5df377237d50d253a469b27a66c1f4c398baf37bb56437b30";
    /**
     * Format 10 (the policy's and each order's shipment limit, rules version 14), of every build from its
     * introduction to 1fa7909 (rules version 14): pinned-format10.snap.
     */
    private static final String SNAPSHOT_FORMAT_10 = "521c23b14b32a08f0d758d2629042851928d0a078dcbc4a86c57e3968d9bdf58";
    /**
     * Format 11 (the countries each location ships to, rules version 15), of every build from its introduction to
     * aeade2e (rules version 15): pinned-format11.snap.
     */
    private static final String SNAPSHOT_FORMAT_11 = "1e92013ac15d0099bd65f8c42ec3c2dc25964c15df5863745d2176059aa7373f";
    /**
     * Format 12 (each order's charges, rules version 16), of every build from its introduction to 208045c:
     * pinned-format12.snap.
     */
    private static final String SNAPSHOT_FORMAT_12 = "ea6155c1c04a1f64da877951e647a4f7133950449eadd4d23f7f68c734f0a050";
    /**
     * Format 13 (the command each SKU's stock figures last changed in: the stock change feed), of every build from its
     * introduction to 86c5677 (rules version 16): pinned-format13.snap.
     */
    private static final String SNAPSHOT_FORMAT_13 = "3907aac9f7fad5b2d2c65cf073a949f886037c15a432a8e257a4760dc9d81590";
    /**
     * Format 14 (the locations each channel takes stock from, rules version 17), of every build from its introduction
     * to 94b59ff (rules version 18): pinned-format14.snap. Its days are UTC days' numbers, read as their ends.
     */
    private static final String SNAPSHOT_FORMAT_14 = "c26a60284dabed33744a7e485ebbdb1c90f85d58146b73f0c97498552caba531";
    /**
     * Format 15 (when each location's capacity day begins, and a day held as its end: rules version 19), taken when
     * introduced.
     */
    private static final String SNAPSHOT = "d7e0655caf32e97b478a17fdc1c722e207543ed0477727e03c8cda5369e9188d";
    /**
     * Taken again when the view began to end with the order's shipment limit (rules version 14), and with its charges
     * and totals (rules version 16).
     */
    private static final String ORDER_VIEW = "5989ece76e37a9142bce8cdd369518f2e2979dff49d68558097cdedc34bbcb4e";
    /** Taken again when the view began to carry the order's reservation id (session 28). */
    private static final String EVENTS_VIEW = "da2571bed91c3b3cb0222cf4c4ac968f10aabd52233d05d03190f8c5b83d33e2";
    /**
     * Taken again when the view began to end with the lines still waiting (session 40), and when its plan began to
     * carry the order's shipment limit (rules version 14).
     */
    private static final String SOURCING_VIEW = "be6739e7013b4b9e8070aa0cccb8731bcdd589ddd14d3cd9bca37d49837b5ebc";
    /** Taken again when each summary began to carry its delivery method and pickup store (session 40). */
    private static final String LIST_VIEW = "5066eede08fbf7fe2a5e357d5953fea983aa2553a5e8cea426142ddaa45e7719";

    @Test
    void linesAndAllocationsHashSnapshotAndShowAsBefore()
    {
        final Pinned pinned = pinnedState();
        assertPinned(pinned.driver(), pinned.orderId(), true);
    }

    @Test
    void theFormat6SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format6.snap", SNAPSHOT_FORMAT_6, 6);
    }

    /** What a server of rules version 8 left at a clean stop, before an upgrade. */
    @Test
    void theFormat7SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format7.snap", SNAPSHOT_FORMAT_7, 7);
    }

    /** What a server writing format 8 left at a clean stop, before an upgrade: decisions in integers, recorded anew. */
    @Test
    void theFormat8SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format8.snap", SNAPSHOT_FORMAT_8, 8);
    }

    /** What a server of rules version 13 left at a clean stop, before an upgrade: no shipment limits. */
    @Test
    void theFormat9SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format9.snap", SNAPSHOT_FORMAT_9, 9);
    }

    /** What a server of rules version 14 left at a clean stop, before an upgrade: every location ships anywhere. */
    @Test
    void theFormat10SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format10.snap", SNAPSHOT_FORMAT_10, 10);
    }

    /** What a server of rules version 15 left at a clean stop, before an upgrade: no order has charges. */
    @Test
    void theFormat11SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format11.snap", SNAPSHOT_FORMAT_11, 11);
    }

    /** What a server of rules version 16 left at a clean stop, before the stock change feed. */
    @Test
    void theFormat12SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format12.snap", SNAPSHOT_FORMAT_12, 12);
    }

    /** What a server of rules version 16 left at a clean stop, before channels could be kept to some locations. */
    @Test
    void theFormat13SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format13.snap", SNAPSHOT_FORMAT_13, 13);
    }

    /** What a server of rules version 17 or 18 left at a clean stop: days as UTC days' numbers. */
    @Test
    void theFormat14SnapshotOfTheSameStateRestoresToIt() throws java.io.IOException
    {
        restoresToThePinnedState("pinned-format14.snap", SNAPSHOT_FORMAT_14, 14);
    }

    private static void restoresToThePinnedState(final String resource, final String sha256, final int format)
        throws java.io.IOException
    {
        final byte[] older;
        try (java.io.InputStream in = OrderStatePinnedTest.class.getResourceAsStream(resource))
        {
            older = in.readAllBytes();
        }
        assertThat(sha256(older)).isEqualTo(sha256);
        assertThat(EngineSnapshot.formatOf(older)).isEqualTo(format);

        final EngineDriver restored = EngineDriver.restore(older);

        final Pinned pinned = pinnedState();
        // Its own snapshot differs from the live state's in when each SKU changed (below).
        assertPinned(restored, pinned.orderId(), false);
        if (format >= EngineSnapshot.STOCK_CHANGES_FORMAT)
        {
            // Every channel of a format before 14 takes stock anywhere, as each of the pinned state's does.
            assertThat(restored.snapshot()).isEqualTo(pinned.driver().snapshot());
            return;
        }
        // A format before 13 does not say when each SKU's figures changed: each reads as changed at the snapshot,
        // so the change feed lists them all to a poller from before it, and none since.
        final long at = restored.seq();
        assertThat(restored.queryStockChanges(at - 1, null, 200, null, null).stockChanges().items())
            .hasSize(restored.engine().catalog().skuCount());
        assertThat(restored.queryStockChanges(at, null, 200, null, null).stockChanges().items()).isEmpty();
        final Engine live = pinned.driver().engine();
        for (int i = 0; i < live.catalog().skuCount(); i++)
        {
            live.catalog().changes().changedSeq(i, at);
        }
        live.catalog().changes().restore(at);
        assertThat(restored.snapshot()).isEqualTo(pinned.driver().snapshot());
    }

    private record Pinned(EngineDriver driver, long orderId)
    {
    }

    /** Two orders: one split, part-backordered, part-filled and part-cancelled; one plain. */
    private static Pinned pinnedState()
    {
        final EngineDriver driver = new EngineDriver();
        SgNetwork.define(driver);
        stock(driver, "A", "wh-sg", 2);
        stock(driver, "A", "wh-kl", 3);
        stock(driver, "BO", "wh-sg", 1);
        stock(driver, "B", "wh-sg", 5);
        final long id = driver.placeOrder("A:4", "BO:3", "B:1").orderId();
        driver.advance(MINUTE).adjust("BO", "wh-kl", 1, Codes.AdjustmentReason.RECEIPT);
        driver.advance(MINUTE).cancelOrder(id, "A:1", "BO:2");
        driver.advance(MINUTE).placeOrder("A:1");
        return new Pinned(driver, id);
    }

    private static void assertPinned(final EngineDriver driver, final long id, final boolean snapshot)
    {
        assertThat(driver.checkInvariants()).isNull();

        assertThat(Engine.formatHash(driver.stateHash())).isEqualTo(STATE_HASH);
        if (snapshot)
        {
            assertThat(sha256(driver.snapshot())).isEqualTo(SNAPSHOT);
        }
        assertThat(sha256(driver.queryOrder(id).data())).isEqualTo(ORDER_VIEW);
        assertThat(sha256(driver.queryOrderEvents(id).data())).isEqualTo(EVENTS_VIEW);
        assertThat(sha256(driver.querySourcing(id).data())).isEqualTo(SOURCING_VIEW);
        assertThat(sha256(driver.query(new Query.Orders("", null, "", 0, 10, List.of())).data())).isEqualTo(LIST_VIEW);
    }

    private static String sha256(final byte[] bytes)
    {
        try
        {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        }
        catch (final NoSuchAlgorithmException e)
        {
            throw new AssertionError(e);
        }
    }
}
