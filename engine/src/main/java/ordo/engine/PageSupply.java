package ordo.engine;

import java.nio.ByteBuffer;

import org.agrona.BufferUtil;

/**
 * Where an engine's off-heap records ({@link RecordArena}: sourcing decisions, timelines, lines, allocations) take a
 * new page once their preallocated ones are used up. A fresh page of direct memory is zeroed when it is made, and
 * the first store into each of its memory pages is a page fault: about a quarter of a millisecond per page on the
 * thread that makes it. A supply that makes pages ahead of time on another thread keeps that off the command path;
 * without one ({@link #NONE}) the arena makes its pages itself. Either way nothing the engine decides, answers,
 * journals or hashes depends on it: addresses are never state.
 */
public interface PageSupply
{
    /** The size of every page a supply hands out. */
    int PAGE_BYTES = RecordArena.PAGE_BYTES;
    /** Every page's address is a multiple of this. */
    int ALIGNMENT = RecordArena.ALIGNMENT;

    /**
     * A page as {@link #poll} hands them out, made now: {@code allocateDirect} zeroes it, and those stores are its
     * page faults, taken by the calling thread.
     */
    static ByteBuffer newPage()
    {
        return BufferUtil.allocateDirectAligned(PAGE_BYTES, ALIGNMENT);
    }

    /** No pages made ahead: the arena makes its own. */
    PageSupply NONE = () -> null;

    /**
     * A page made ahead, or null when none is ready (the arena then makes one itself). Called on the engine's thread;
     * must not block. A page is a direct buffer of exactly {@link #PAGE_BYTES} bytes, all zero, whose address is a
     * multiple of {@link #ALIGNMENT}, handed out once and not touched by the supply afterwards: the arena writes its
     * records into it for the engine's life.
     */
    ByteBuffer poll();
}
