package ordo.engine.testing;

/** A concrete command with the time it is stamped with and its idempotency envelope (keyHash 0 = none). */
public record Step(long atMillis, long keyHash, long fingerprint, Cmd cmd)
{
    public static Step plain(final long atMillis, final Cmd cmd)
    {
        return new Step(atMillis, 0, 0, cmd);
    }
}
