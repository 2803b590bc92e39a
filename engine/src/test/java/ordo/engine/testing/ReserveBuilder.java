package ordo.engine.testing;

import java.util.ArrayList;
import java.util.List;

/**
 * Builds one RESERVE for {@link EngineDriver#reserving()}, including shapes {@link EngineDriver#reserve} can't
 * express (no lines, any qty, odd ids). Defaults: channel "web", customer "c-1", network, 10 minutes.
 */
public final class ReserveBuilder
{
    private final EngineDriver driver;
    private String channel = "web";
    private String customer = "c-1";
    private String location;
    private long ttlMillis = 600_000;
    private final List<Cmd.Line> lines = new ArrayList<>();

    ReserveBuilder(final EngineDriver driver)
    {
        this.driver = driver;
    }

    public ReserveBuilder channel(final String channel)
    {
        this.channel = channel;
        return this;
    }

    public ReserveBuilder customer(final String customer)
    {
        this.customer = customer;
        return this;
    }

    /** A node hold at this location (null = network). */
    public ReserveBuilder at(final String location)
    {
        this.location = location;
        return this;
    }

    public ReserveBuilder ttl(final long ttlMillis)
    {
        this.ttlMillis = ttlMillis;
        return this;
    }

    public ReserveBuilder line(final String sku, final int qty)
    {
        lines.add(new Cmd.Line(sku, qty));
        return this;
    }

    public Cmd.Reserve build()
    {
        return new Cmd.Reserve(channel, customer, location, ttlMillis, lines);
    }

    public Result submit()
    {
        return driver.apply(build());
    }
}
