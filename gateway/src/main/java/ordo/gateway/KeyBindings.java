package ordo.gateway;

import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.ResultCode;
import ordo.gateway.auth.ApiKey;
import ordo.gateway.pipeline.CoreClient;
import ordo.gateway.pipeline.OrdoCore;

/**
 * What the configured keys' bindings name that the network does not have, said once the server is up: a store or
 * warehouse key bound to a location no {@code PUT /v1/locations/{id}} has defined acts for nothing there (its reads
 * of that location answer 404, its orders find no store), and a misspelt id in the configuration otherwise showed only
 * as those 404s. A location defined later is served from then on: the warning says so rather than refusing to start
 * (a new deployment configures its keys before it defines its network).
 */
public final class KeyBindings
{
    private KeyBindings()
    {
    }

    /**
     * One line per (key, location) whose location the engine does not know, in the keys' order and each key's
     * locations in id order. Asks the engine through {@link CoreClient}; waits up to 10 s for each answer and gives
     * up quietly (an empty list for the rest) when the core does not answer, as a warning must not stop a start.
     */
    public static List<String> undefinedLocations(final OrdoCore core, final List<ApiKey> keys)
    {
        final CoreClient client = new CoreClient(core);
        final List<String> lines = new ArrayList<>();
        for (final ApiKey key : keys)
        {
            for (final String location : new TreeSet<>(key.locations()))
            {
                final ResultCode code = locationCode(client, location);
                if (code == null)
                {
                    return lines;
                }
                if (code == ResultCode.LOCATION_NOT_FOUND)
                {
                    lines.add("API key " + key.name() + " (" + key.role().configName() +
                        ") is bound to location " + location + ", which the network does not define: the key acts " +
                        "for nothing there until PUT /v1/locations/" + location + " defines it (a misspelt id?)");
                }
            }
        }
        return lines;
    }

    /** The engine's answer to reading one location, or null when none came in time. */
    private static ResultCode locationCode(final CoreClient client, final String location)
    {
        final long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try
        {
            final CoreClient.Answer answer = client.call(CommandType.QUERY_LOCATION, location,
                (id, w) -> CommandCodec.queryById(w, id), TimeUnit.SECONDS.toMillis(10),
                () -> System.nanoTime() < deadline);
            return answer == null || answer.journalFailed() ? null : answer.code();
        }
        catch (final TimeoutException e)
        {
            return null;
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            return null;
        }
    }
}
