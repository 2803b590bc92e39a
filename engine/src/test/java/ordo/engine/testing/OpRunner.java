package ordo.engine.testing;

import static ordo.engine.testing.RandomCommands.CHANNELS;
import static ordo.engine.testing.RandomCommands.CUSTOMERS;
import static ordo.engine.testing.RandomCommands.LOCATIONS;
import static ordo.engine.testing.RandomCommands.SKUS;
import static ordo.engine.testing.RandomCommands.TTLS;
import static ordo.engine.testing.RandomCommands.UNKNOWN_LOCATION;
import static ordo.engine.testing.RandomCommands.UNKNOWN_SKU;
import static ordo.engine.testing.RandomCommands.fingerprint;
import static ordo.engine.testing.RandomCommands.location;
import static ordo.engine.testing.RandomCommands.network;

import java.util.ArrayList;
import java.util.List;

import ordo.engine.Codes;
import ordo.engine.testing.RandomCommands.Adjust;
import ordo.engine.testing.RandomCommands.Advance;
import ordo.engine.testing.RandomCommands.JumpToExpiry;
import ordo.engine.testing.RandomCommands.Keyed;
import ordo.engine.testing.RandomCommands.LineOp;
import ordo.engine.testing.RandomCommands.Op;
import ordo.engine.testing.RandomCommands.RedefineSku;
import ordo.engine.testing.RandomCommands.Release;
import ordo.engine.testing.RandomCommands.Reserve;
import ordo.engine.testing.RandomCommands.Retry;
import ordo.engine.testing.RandomCommands.SetActive;
import ordo.engine.testing.RandomCommands.SetStock;
import ordo.engine.testing.RandomCommands.SkuSpec;
import ordo.engine.testing.RandomCommands.Tick;

/**
 * Resolves {@link RandomCommands} ops against what has happened so far and applies them through a driver. Remembers
 * issued reservation ids and their expiry times, and the keyed steps sent, so later ops can refer to them.
 * One runner per stream; single-threaded.
 */
public final class OpRunner
{
    /** What one op did: the concrete step and the engine's reply, or neither for a pure clock move. */
    public record Applied(Op op, Step step, Result result)
    {
        public boolean isCommand()
        {
            return step != null;
        }
    }

    private final EngineDriver driver;
    private final List<Long> issuedIds = new ArrayList<>();
    private final List<Long> expiries = new ArrayList<>();
    private final List<Step> keyedSteps = new ArrayList<>();

    public OpRunner(final EngineDriver driver)
    {
        this.driver = driver;
    }

    public EngineDriver driver()
    {
        return driver;
    }

    /** Applies {@link RandomCommands#network()}; returns what each step did. */
    public List<Applied> setUp()
    {
        final List<Applied> applied = new ArrayList<>();
        for (final Step step : network())
        {
            applied.add(apply(step));
        }
        return applied;
    }

    public Applied apply(final Step step)
    {
        final Result result = driver.apply(step);
        if (step.cmd() instanceof Cmd.Reserve && result.isOk() && !result.replayed())
        {
            issuedIds.add(result.reservationId());
            expiries.add(result.a());
        }
        return new Applied(null, step, result);
    }

    public Applied apply(final Op op)
    {
        final Step step = resolve(op);
        if (step == null)
        {
            return new Applied(op, null, null);
        }
        if (step.keyHash() != 0 && !(op instanceof Retry))
        {
            keyedSteps.add(step);
        }
        return new Applied(op, step, apply(step).result());
    }

    /** Applies a whole stream after {@link #setUp()}; returns what each op did. */
    public List<Applied> run(final List<Op> ops)
    {
        final List<Applied> applied = new ArrayList<>(ops.size());
        for (final Op op : ops)
        {
            applied.add(apply(op));
        }
        return applied;
    }

    /** @return the concrete step for an op at the driver's current time, or null for a clock move. */
    public Step resolve(final Op op)
    {
        final long now = driver.now();
        if (op instanceof Advance advance)
        {
            driver.advance(advance.millis());
            return null;
        }
        if (op instanceof JumpToExpiry jump)
        {
            final List<Long> ahead = new ArrayList<>();
            for (final long expiry : expiries)
            {
                if (expiry + jump.offset() >= now)
                {
                    ahead.add(expiry + jump.offset());
                }
            }
            if (!ahead.isEmpty())
            {
                driver.at(ahead.get(jump.pick() % ahead.size()));
            }
            return null;
        }
        if (op instanceof Retry retry)
        {
            if (keyedSteps.isEmpty())
            {
                return null;
            }
            final Step earlier = keyedSteps.get(retry.pick() % keyedSteps.size());
            return new Step(now, earlier.keyHash(), earlier.fingerprint(), earlier.cmd());
        }
        if (op instanceof Keyed keyed)
        {
            final Step inner = resolve(keyed.inner());
            if (inner == null || inner.cmd() instanceof Cmd.Tick)
            {
                return inner;
            }
            return new Step(now, 0x1000 + keyed.key(), fingerprint(inner.cmd()), inner.cmd());
        }
        return Step.plain(now, command(op));
    }

    private Cmd command(final Op op)
    {
        if (op instanceof SetStock s)
        {
            return new Cmd.SetInventory(skuId(s.sku()), locationId(s.location()), s.onHand(), s.safetyStock());
        }
        if (op instanceof Adjust a)
        {
            return new Cmd.Adjust(skuId(a.sku()), locationId(a.location()), a.delta(),
                Codes.AdjustmentReason.values()[a.reason()]);
        }
        if (op instanceof Reserve r)
        {
            final List<Cmd.Line> lines = new ArrayList<>();
            for (final LineOp line : r.lines())
            {
                lines.add(new Cmd.Line(skuId(line.sku()), line.qty()));
            }
            return new Cmd.Reserve(CHANNELS.get(r.channel()), CUSTOMERS.get(r.customer()),
                r.location() < 0 ? null : locationId(r.location()), r.ttl() < 0 ? 999 : TTLS[r.ttl()], lines);
        }
        if (op instanceof Release r)
        {
            final int candidates = issuedIds.size() + 1;
            final int pick = r.pick() % candidates;
            return new Cmd.Release(pick == issuedIds.size() ? 1_000_000 + r.pick() : issuedIds.get(pick));
        }
        if (op instanceof Tick)
        {
            return new Cmd.Tick();
        }
        if (op instanceof RedefineSku r)
        {
            final SkuSpec spec = SKUS.get(r.sku());
            return new Cmd.DefineSku(spec.id(), r.perCustomerLimit(), spec.saleStartsAt(), spec.saleEndsAt());
        }
        if (op instanceof SetActive s)
        {
            return location(s.location(), s.active());
        }
        throw new IllegalArgumentException("unresolvable op " + op);
    }

    private static String skuId(final int index)
    {
        return index < SKUS.size() ? SKUS.get(index).id() : UNKNOWN_SKU;
    }

    private static String locationId(final int index)
    {
        return index < LOCATIONS.size() ? LOCATIONS.get(index) : UNKNOWN_LOCATION;
    }
}
