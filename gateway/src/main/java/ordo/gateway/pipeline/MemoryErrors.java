package ordo.gateway.pipeline;

import io.netty.util.internal.OutOfDirectMemoryError;

/** Which out-of-memory errors one answer may survive. */
public final class MemoryErrors
{
    private MemoryErrors()
    {
    }

    /**
     * Netty's {@code OutOfDirectMemoryError}, or the JDK's "Cannot reserve … bytes of direct buffer memory": no room
     * for a response buffer, which later answers may find again once connections drain. Out of heap is not this: it
     * is the whole process's trouble.
     */
    public static boolean isDirectMemory(final OutOfMemoryError e)
    {
        final String message = e.getMessage();
        return e instanceof OutOfDirectMemoryError || (message != null && message.contains("direct buffer memory"));
    }
}
