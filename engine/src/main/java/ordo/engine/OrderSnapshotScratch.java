package ordo.engine;

import static ordo.engine.OrderSnapshot.blob;
import static ordo.engine.OrderSnapshot.blobLength;

import java.io.DataInput;
import java.io.IOException;

/**
 * What a restore reuses from one order to the next instead of making it again for each (~3 KB an order of
 * short-lived arrays, most of what a restore allocated, and the young collections that came with them): the
 * columns of a decision ({@link DecisionStore#record} keeps nothing of them), the texts and event notes (copied
 * into the order's records off the heap), and the shared arrays of country and currency codes (as
 * {@code OrderCommands} shares them when an order is placed). One restore, one thread.
 */
final class OrderSnapshotScratch
{
    int[] lineValues = new int[0];
    Location[] location = new Location[0];
    byte[] reason = new byte[0];
    int[] distance = new int[0];
    long[] cost = new long[0];
    int[] capacityLeft = new int[0];
    int[] allocatedUnits = new int[0];
    long[] atp = new long[0];
    /** A decision's record as format 9 keeps it ({@link OrderSnapshotReader#readDecisionRecord}). */
    byte[] record = new byte[1024];
    /** Per text field, an array at least as long as the text read into it, and the text's length. */
    final byte[][] texts = new byte[Order.TEXT_COUNT][];
    final int[] textLengths = new int[Order.TEXT_COUNT];
    byte[] note = new byte[64];
    /** Codes of one to three capital letters, by {@link #codeKey}: one array each. */
    private final org.agrona.collections.Int2ObjectHashMap<byte[]> codes =
        new org.agrona.collections.Int2ObjectHashMap<>();

    OrderSnapshotScratch()
    {
        java.util.Arrays.fill(texts, Order.EMPTY);
    }

    /**
     * Makes the decision columns hold {@code lines} lines and {@code candidates} candidates, sized as a decision
     * read into arrays of its own would make them (so a count no array can have fails as it did then).
     */
    void decision(final int lines, final int candidates)
    {
        final int values = lines * SourcingDecision.LINE_VALUES;
        final int cells = candidates * lines;
        if (values < 0 || candidates < 0 || cells < 0)
        {
            throw new NegativeArraySizeException(String.valueOf(values < 0 ? values : candidates < 0 ?
                candidates : cells));
        }
        if (lineValues.length < values)
        {
            lineValues = new int[Math.max(values, 2 * lineValues.length)];
        }
        if (location.length < candidates)
        {
            final int n = Math.max(candidates, 2 * location.length);
            location = new Location[n];
            reason = new byte[n];
            distance = new int[n];
            cost = new long[n];
            capacityLeft = new int[n];
            allocatedUnits = new int[n];
        }
        if (atp.length < cells)
        {
            atp = new long[Math.max(cells, 2 * atp.length)];
        }
    }

    /** Reads a text field's bytes into its scratch array. */
    void text(final DataInput in, final int field) throws IOException
    {
        final int length = blobLength(in);
        if (texts[field].length < length)
        {
            texts[field] = new byte[Math.max(length, 2 * texts[field].length)];
        }
        in.readFully(texts[field], 0, length);
        textLengths[field] = length;
    }

    /** Reads an event's note into {@link #note}; answers its length. */
    int note(final DataInput in) throws IOException
    {
        final int length = blobLength(in);
        if (note.length < length)
        {
            note = new byte[Math.max(length, 2 * note.length)];
        }
        in.readFully(note, 0, length);
        return length;
    }

    /**
     * A country or currency code: one shared array for each code of one to three capital letters (what an order
     * placed holds), a new one for anything else, {@link Order#EMPTY} for none.
     */
    byte[] code(final DataInput in) throws IOException
    {
        final byte[] bytes = blob(in);
        final int key = codeKey(bytes);
        if (key < 0)
        {
            return bytes;
        }
        final byte[] shared = codes.get(key);
        if (shared != null)
        {
            return shared;
        }
        codes.put(key, bytes);
        return bytes;
    }

    /** As OrderCommands keys codes: length, then five bits a letter; -1 when not one to three capitals. */
    private static int codeKey(final byte[] bytes)
    {
        if (bytes.length == 0 || bytes.length > 3)
        {
            return -1;
        }
        int key = bytes.length;
        for (final byte b : bytes)
        {
            if (b < 'A' || b > 'Z')
            {
                return -1;
            }
            key = (key << 5) | (b - 'A');
        }
        return key;
    }
}
