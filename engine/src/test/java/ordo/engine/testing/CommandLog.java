package ordo.engine.testing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.agrona.concurrent.UnsafeBuffer;

import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.Reply;

/**
 * Every journaled command an {@link EngineDriver} applied, exactly as the engine saw it (sequence, stamped time,
 * type, payload bytes): what a journal holds. Replaying it into a fresh engine must reproduce the live one.
 * Not thread-safe; a test owns it.
 */
public final class CommandLog
{
    public record Entry(CommandType type, long seq, long stampedMillis, byte[] payload)
    {
        public Entry
        {
            payload = payload.clone();
        }

        @Override
        public byte[] payload()
        {
            return payload.clone();
        }

        public int length()
        {
            return payload.length;
        }

        /** Applies this entry to an engine with the entry's own sequence and time. */
        public void applyTo(final Engine engine, final Reply reply)
        {
            engine.apply(seq, stampedMillis, type, new UnsafeBuffer(payload), 0, payload.length, reply);
        }

        @Override
        public boolean equals(final Object other)
        {
            return other instanceof Entry e && type == e.type && seq == e.seq && stampedMillis == e.stampedMillis &&
                java.util.Arrays.equals(payload, e.payload);
        }

        @Override
        public int hashCode()
        {
            return (type.hashCode() * 31 + Long.hashCode(seq)) * 31 + java.util.Arrays.hashCode(payload);
        }

        @Override
        public String toString()
        {
            return "#" + seq + " " + type + " @" + stampedMillis + " (" + payload.length + " bytes)";
        }
    }

    private final List<Entry> entries = new ArrayList<>();

    public void append(final Entry entry)
    {
        if (!entries.isEmpty() && entry.seq() != entries.get(entries.size() - 1).seq() + 1)
        {
            throw new IllegalArgumentException("log must be gap-free: " + entry + " after " + entries.get(entries.size() - 1));
        }
        entries.add(entry);
    }

    public List<Entry> entries()
    {
        return Collections.unmodifiableList(entries);
    }

    public int size()
    {
        return entries.size();
    }

    public Entry get(final int index)
    {
        return entries.get(index);
    }

    /** Entries with sequence greater than {@code seq}, in order: the tail to replay after a snapshot taken at seq. */
    public List<Entry> after(final long seq)
    {
        final List<Entry> tail = new ArrayList<>();
        for (final Entry entry : entries)
        {
            if (entry.seq() > seq)
            {
                tail.add(entry);
            }
        }
        return tail;
    }

    /** Replays every entry into a driver (fresh, or restored from a snapshot at an earlier sequence). */
    public List<Result> replayInto(final EngineDriver driver)
    {
        return replayInto(driver, entries);
    }

    public static List<Result> replayInto(final EngineDriver driver, final List<Entry> entries)
    {
        final List<Result> results = new ArrayList<>(entries.size());
        for (final Entry entry : entries)
        {
            results.add(driver.replay(entry));
        }
        return results;
    }
}
