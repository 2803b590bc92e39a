package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.function.Consumer;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.EventSink;
import ordo.engine.PayloadWriter;
import ordo.journal.Durability;
import ordo.journal.Journal;
import ordo.journal.SnapshotStore;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Start-up's recovery: gives its journal back whatever stops it, an Error included; restores a twin for the shadow. */
class RecoveryTest
{
    @TempDir
    Path dataDir;

    /**
     * An Error while replaying (here from the events the replay raises; in life, out of memory on a large snapshot)
     * closes the journal, as an exception does: it once stayed open, its lock held, so a corrected start in this
     * process could not open the directory.
     */
    @Test
    void anErrorDuringReplayLeavesTheJournalClosedForTheNextStart()
    {
        writeNetwork();
        final SnapshotStore store = SnapshotStore.open(dataDir, 3);
        final EventSink failing = (type, seq, time, entity) ->
        {
            throw new AssertionError("an Error during replay");
        };

        assertThatThrownBy(() -> Recovery.recover(dataDir, Durability.PROCESS, store, failing))
            .isInstanceOf(AssertionError.class);

        final Recovery.Result recovered = Recovery.recover(dataDir, Durability.PROCESS, store, EventSink.NONE);
        try
        {
            assertThat(recovered.engine().lastSeq()).isEqualTo(3);
        }
        finally
        {
            recovered.journal().close();
        }
    }

    /**
     * In shadow mode start-up restores the snapshot into two engines at once: the live one, which replays the tail,
     * and a twin at the snapshot's seq with its state hash, for the shadow snapshotter (which no longer reads and
     * restores the file a second time). Without a snapshot the twin is an empty engine; not asked for, there is none.
     */
    @Test
    void aSnapshotIsRestoredTwiceAtOnceWhenATwinIsAskedFor() throws Exception
    {
        final SnapshotStore store = SnapshotStore.open(dataDir, 3);
        writeNetwork();
        final Recovery.Result none = Recovery.recover(dataDir, Durability.PROCESS, store, EventSink.NONE, true);
        final ordo.engine.Engine atThree = none.engine();
        final long chainAtThree = none.journal().lastChain();
        try
        {
            assertThat(none.twin()).as("no snapshot: an empty twin").isNotNull();
            assertThat(none.twin().engine()).isNotSameAs(atThree);
            assertThat(none.twin().engine().lastSeq()).isZero();
            assertThat(none.twin().journalChain()).isZero();
            assertThat(none.seededAt()).isZero();
            store.write(3, atThree.nowMillis(), atThree.stateHash(), chainAtThree,
                ordo.engine.EngineSnapshot.serialise(atThree));
            append(none.journal(), 4, CommandType.SET_INVENTORY,
                w -> CommandCodec.setInventory(w, 0, 0, "A", "wh-1", 9, 0));
            none.journal().endOfBatch();
        }
        finally
        {
            none.journal().close();
        }

        final Recovery.Result twice = Recovery.recover(dataDir, Durability.PROCESS, store, EventSink.NONE, true);
        try
        {
            assertThat(twice.seededAt()).isEqualTo(3);
            assertThat(twice.engine().lastSeq()).as("the live engine replayed the tail").isEqualTo(4);
            assertThat(twice.twin()).isNotNull();
            final ordo.engine.Engine twin = twice.twin().engine();
            assertThat(twin).isNotSameAs(twice.engine());
            assertThat(twin.lastSeq()).as("the twin stays at the snapshot: the shadow follows the tail").isEqualTo(3);
            assertThat(twin.stateHash()).isEqualTo(atThree.stateHash());
            assertThat(twice.twin().journalChain()).isEqualTo(chainAtThree);
        }
        finally
        {
            twice.journal().close();
        }

        final Recovery.Result once = Recovery.recover(dataDir, Durability.PROCESS, store, EventSink.NONE);
        try
        {
            assertThat(once.seededAt()).isEqualTo(3);
            assertThat(once.twin()).as("not asked for").isNull();
            assertThat(once.engine().stateHash()).isEqualTo(twice.engine().stateHash());
        }
        finally
        {
            once.journal().close();
        }
    }

    /**
     * The twin is restored from the snapshot the live engine starts from: when the newest is passed over (here its
     * state hash is not the one its body restores to), both come from the older one.
     */
    @Test
    void theTwinComesFromTheSnapshotTheLiveEngineStartsFromWhenTheNewestIsPassedOver() throws Exception
    {
        final SnapshotStore store = SnapshotStore.open(dataDir, 3);
        writeNetwork();
        final Recovery.Result atThree = Recovery.recover(dataDir, Durability.PROCESS, store, EventSink.NONE);
        final long hashAtThree = atThree.engine().stateHash();
        try
        {
            store.write(3, atThree.engine().nowMillis(), hashAtThree, atThree.journal().lastChain(),
                ordo.engine.EngineSnapshot.serialise(atThree.engine()));
            append(atThree.journal(), 4, CommandType.SET_INVENTORY,
                w -> CommandCodec.setInventory(w, 0, 0, "A", "wh-1", 9, 0));
            atThree.journal().endOfBatch();
        }
        finally
        {
            atThree.journal().close();
        }
        final Recovery.Result atFour = Recovery.recover(dataDir, Durability.PROCESS, store, EventSink.NONE);
        final long hashAtFour = atFour.engine().stateHash();
        try
        {
            // The newest snapshot claims another state hash than its body restores to: passed over.
            store.write(4, atFour.engine().nowMillis(), hashAtFour ^ 1, atFour.journal().lastChain(),
                ordo.engine.EngineSnapshot.serialise(atFour.engine()));
        }
        finally
        {
            atFour.journal().close();
        }

        final Recovery.Result recovered = Recovery.recover(dataDir, Durability.PROCESS, store, EventSink.NONE, true);
        try
        {
            assertThat(recovered.seededAt()).as("the newest passed over").isEqualTo(3);
            assertThat(recovered.engine().stateHash()).isEqualTo(hashAtFour);
            assertThat(recovered.twin()).isNotNull();
            assertThat(recovered.twin().engine().lastSeq()).isEqualTo(3);
            assertThat(recovered.twin().engine().stateHash()).isEqualTo(hashAtThree);
        }
        finally
        {
            recovered.journal().close();
        }
    }

    private void writeNetwork()
    {
        writeNetwork(dataDir);
    }

    /** A journal of three commands (a warehouse, a SKU, its stock), under this build's rules (also OrdoCore's tests). */
    static void writeNetwork(final Path dataDir)
    {
        try (Journal journal = Journal.open(dataDir, Durability.PROCESS))
        {
            journal.recordRules(ordo.engine.Engine.RULES_VERSION);
            appendNetwork(journal);
            journal.endOfBatch();
        }
    }

    private static void appendNetwork(final Journal journal)
    {
        append(journal, 1, CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh-1",
            Codes.LocationType.WAREHOUSE, "Warehouse", 1_300_000, 103_800_000, "SG", Codes.CAP_SHIP, 0, 100,
            "SGD", true));
        append(journal, 2, CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "A", "A", 0, 0,
            Long.MIN_VALUE, Long.MAX_VALUE, false));
        append(journal, 3, CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, "A", "wh-1", 5, 0));
    }

    private static void append(final Journal journal, final long seq, final CommandType type,
        final Consumer<PayloadWriter> command)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        command.accept(w);
        journal.append(seq, 1_700_000_000_000L + seq, type.code(), buffer, 0, w.length());
    }
}
