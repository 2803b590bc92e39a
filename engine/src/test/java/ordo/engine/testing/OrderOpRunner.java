package ordo.engine.testing;

import static ordo.engine.testing.RandomOrders.CHANNELS;
import static ordo.engine.testing.RandomOrders.CUSTOMERS;
import static ordo.engine.testing.RandomOrders.FRAUD_RULES;
import static ordo.engine.testing.RandomOrders.LTD_LIMIT;
import static ordo.engine.testing.RandomOrders.POLICIES;
import static ordo.engine.testing.RandomOrders.SKUS;
import static ordo.engine.testing.RandomOrders.TTLS;
import static ordo.engine.testing.RandomOrders.UNKNOWN_SKU;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import ordo.engine.Codes;
import ordo.engine.OrderForm;
import ordo.engine.testing.RandomOrders.Adjust;
import ordo.engine.testing.RandomOrders.Advance;
import ordo.engine.testing.RandomOrders.Cancel;
import ordo.engine.testing.RandomOrders.CellSpec;
import ordo.engine.testing.RandomOrders.Keyed;
import ordo.engine.testing.RandomOrders.LineOp;
import ordo.engine.testing.RandomOrders.NetworkSpec;
import ordo.engine.testing.RandomOrders.NextDay;
import ordo.engine.testing.RandomOrders.NodeSpec;
import ordo.engine.testing.RandomOrders.Op;
import ordo.engine.testing.RandomOrders.Place;
import ordo.engine.testing.RandomOrders.PoolOp;
import ordo.engine.testing.RandomOrders.RedefineChannel;
import ordo.engine.testing.RandomOrders.RedefineNode;
import ordo.engine.testing.RandomOrders.Release;
import ordo.engine.testing.RandomOrders.Reserve;
import ordo.engine.testing.RandomOrders.Retry;
import ordo.engine.testing.RandomOrders.Review;
import ordo.engine.testing.RandomOrders.SetFraudRules;
import ordo.engine.testing.RandomOrders.SetPolicy;
import ordo.engine.testing.RandomOrders.SetStock;
import ordo.engine.testing.RandomOrders.Tick;

/**
 * Resolves {@link RandomOrders} ops against what has happened so far (the network's node ids, the orders and holds
 * issued) and applies them through a driver. One runner per stream; single-threaded.
 */
public final class OrderOpRunner
{
    /** Engine days are UTC days (a node's daily capacity restarts at midnight UTC). */
    private static final long DAY_MILLIS = 86_400_000L;

    /** What one op did: the concrete step and the engine's reply, or neither for a pure clock move. */
    public record Applied(Op op, Step step, Result result)
    {
        public boolean isCommand()
        {
            return step != null;
        }
    }

    private record Hold(long id, String channel, String customer)
    {
    }

    private final EngineDriver driver;
    private final List<String> nodes = new ArrayList<>();
    private final List<Long> orderIds = new ArrayList<>();
    private final List<Hold> holds = new ArrayList<>();
    private final List<Step> keyedSteps = new ArrayList<>();
    private NetworkSpec network;

    public OrderOpRunner(final EngineDriver driver)
    {
        this.driver = driver;
    }

    public static String nodeId(final int index)
    {
        return "n" + index;
    }

    /** The commands that build a network, all stamped at {@link RandomOrders#T0}; the SKUs first. */
    public static List<Step> network(final NetworkSpec spec)
    {
        final List<Step> steps = new ArrayList<>();
        steps.add(Step.plain(RandomOrders.T0, new Cmd.DefineSku("A", 0, Long.MIN_VALUE, Long.MAX_VALUE, false)));
        steps.add(Step.plain(RandomOrders.T0, new Cmd.DefineSku("B", 0, Long.MIN_VALUE, Long.MAX_VALUE, false)));
        steps.add(Step.plain(RandomOrders.T0, new Cmd.DefineSku("BO", 0, Long.MIN_VALUE, Long.MAX_VALUE, true)));
        steps.add(Step.plain(RandomOrders.T0, new Cmd.DefineSku("LTD", LTD_LIMIT, Long.MIN_VALUE, Long.MAX_VALUE,
            false)));
        steps.add(Step.plain(RandomOrders.T0, new Cmd.SetSourcingPolicy(POLICIES.get(spec.policy()))));
        steps.add(Step.plain(RandomOrders.T0, new Cmd.DefineChannel("web", Codes.ChannelKind.WEB, List.of())));
        steps.add(Step.plain(RandomOrders.T0, new Cmd.DefineChannel("market", Codes.ChannelKind.MARKETPLACE,
            List.of(new Cmd.Pool("", spec.poolBps())))));
        for (int i = 0; i < spec.nodes().size(); i++)
        {
            final NodeSpec node = spec.nodes().get(i);
            steps.add(Step.plain(RandomOrders.T0, new Cmd.DefineLocation(nodeId(i), node.type(), node.latMicro(),
                node.lonMicro(), node.capabilities(), node.active(), node.dailyCapacity(), node.handlingMinor(),
                node.countries())));
        }
        for (final CellSpec cell : spec.cells())
        {
            steps.add(Step.plain(RandomOrders.T0, new Cmd.SetInventory(SKUS.get(cell.sku()), nodeId(cell.node()),
                cell.onHand(), cell.safetyStock())));
        }
        // The market kept to some nodes, once they are defined.
        final List<String> marketSources = new ArrayList<>();
        for (int i = 0; i < spec.nodes().size(); i++)
        {
            if ((spec.marketSources() & 1 << i) != 0)
            {
                marketSources.add(nodeId(i));
            }
        }
        if (!marketSources.isEmpty())
        {
            steps.add(Step.plain(RandomOrders.T0, new Cmd.DefineChannel("market", Codes.ChannelKind.MARKETPLACE,
                List.of(new Cmd.Pool("", spec.poolBps())), marketSources)));
        }
        return steps;
    }

    /** Applies {@link #network}; remembers the node ids. */
    public List<Applied> setUp(final NetworkSpec spec)
    {
        return setUp(spec, applied ->
        {
        });
    }

    /** Applies {@link #network}, handing each step's outcome to {@code afterEach} before the next is applied. */
    public List<Applied> setUp(final NetworkSpec spec, final Consumer<Applied> afterEach)
    {
        network = spec;
        for (int i = 0; i < spec.nodes().size(); i++)
        {
            nodes.add(nodeId(i));
        }
        final List<Applied> applied = new ArrayList<>();
        for (final Step step : network(spec))
        {
            final Applied one = apply(step);
            afterEach.accept(one);
            applied.add(one);
        }
        return applied;
    }

    public List<String> nodes()
    {
        return List.copyOf(nodes);
    }

    /** Ids of the orders created so far, in creation order. */
    public List<Long> orderIds()
    {
        return List.copyOf(orderIds);
    }

    /** Ids of the holds granted so far, in grant order. */
    public List<Long> holdIds()
    {
        final List<Long> ids = new ArrayList<>(holds.size());
        for (final Hold hold : holds)
        {
            ids.add(hold.id());
        }
        return ids;
    }

    public Applied apply(final Step step)
    {
        final Result result = driver.apply(step);
        if (result.isOk() && !result.replayed())
        {
            if (step.cmd() instanceof Cmd.PlaceOrder && result.created())
            {
                orderIds.add(result.orderId());
            }
            if (step.cmd() instanceof Cmd.Reserve reserve)
            {
                holds.add(new Hold(result.reservationId(), reserve.channel(), reserve.customer()));
            }
        }
        return new Applied(null, step, result);
    }

    public Applied apply(final Op op)
    {
        if (op instanceof Advance advance)
        {
            driver.advance(advance.millis());
            return new Applied(op, null, null);
        }
        if (op instanceof NextDay next)
        {
            final long boundary = RandomOrders.dayBoundaryMillis(next.dayStart());
            final long start = Math.floorDiv(driver.now() - boundary, DAY_MILLIS) * DAY_MILLIS + boundary + DAY_MILLIS;
            driver.at(start + next.offsetMillis());
            return new Applied(op, null, null);
        }
        final Step step;
        if (op instanceof Retry retry)
        {
            if (keyedSteps.isEmpty())
            {
                return new Applied(op, null, null);
            }
            final Step earlier = keyedSteps.get(retry.pick() % keyedSteps.size());
            step = new Step(driver.now(), earlier.keyHash(), earlier.fingerprint(), earlier.cmd());
        }
        else if (op instanceof Keyed keyed)
        {
            final Cmd cmd = command(keyed.inner());
            step = new Step(driver.now(), 0x2000 + keyed.key(), RandomCommands.fingerprint(cmd), cmd);
            keyedSteps.add(step);
        }
        else
        {
            step = Step.plain(driver.now(), command(op));
        }
        return new Applied(op, step, apply(step).result());
    }

    public List<Applied> run(final List<Op> ops)
    {
        final List<Applied> applied = new ArrayList<>(ops.size());
        for (final Op op : ops)
        {
            applied.add(apply(op));
        }
        return applied;
    }

    private Cmd command(final Op op)
    {
        if (op instanceof Place p)
        {
            return new Cmd.PlaceOrder(form(p));
        }
        if (op instanceof Cancel c)
        {
            final long id = orderIds.isEmpty() || c.pick() % 10 == 9 ? 1_000_000 + c.pick() :
                orderIds.get(c.pick() % orderIds.size());
            return new Cmd.CancelOrder(id, List.of(), "random", lines(c.lines()));
        }
        if (op instanceof Adjust a)
        {
            return new Cmd.Adjust(SKUS.get(a.sku()), node(a.node()), a.delta(),
                Codes.AdjustmentReason.values()[a.reason()]);
        }
        if (op instanceof SetStock s)
        {
            return new Cmd.SetInventory(SKUS.get(s.sku()), node(s.node()), s.onHand(), s.safetyStock());
        }
        if (op instanceof Reserve r)
        {
            return new Cmd.Reserve(CHANNELS.get(r.channel()), CUSTOMERS.get(r.customer()),
                r.node() < 0 ? null : node(r.node()), TTLS[r.ttl()], lines(r.lines()));
        }
        if (op instanceof Release r)
        {
            return new Cmd.Release(holds.isEmpty() || r.pick() % 10 == 9 ? 1_000_000 + r.pick() :
                holds.get(r.pick() % holds.size()).id());
        }
        if (op instanceof SetPolicy s)
        {
            return new Cmd.SetSourcingPolicy(POLICIES.get(s.policy()));
        }
        if (op instanceof Tick)
        {
            return new Cmd.Tick();
        }
        if (op instanceof RedefineChannel c)
        {
            final List<Cmd.Pool> pools = new ArrayList<>(c.pools().size());
            for (final PoolOp pool : c.pools())
            {
                pools.add(new Cmd.Pool(pool.sku() < SKUS.size() ? SKUS.get(pool.sku()) : "", pool.shareBps()));
            }
            final List<String> sources = new ArrayList<>();
            for (int i = 0; i < nodes.size(); i++)
            {
                if ((c.sources() & 1 << i) != 0)
                {
                    sources.add(nodeId(i));
                }
            }
            return new Cmd.DefineChannel(CHANNELS.get(c.channel()),
                c.channel() == 0 ? Codes.ChannelKind.WEB : Codes.ChannelKind.MARKETPLACE, pools, sources);
        }
        if (op instanceof RedefineNode n)
        {
            final int index = n.node() % nodes.size();
            final NodeSpec node = network.nodes().get(index);
            final int[] dayStart = RandomOrders.DAY_STARTS.get(n.dayStart());
            return new Cmd.DefineLocation(nodeId(index), node.type(), node.latMicro(), node.lonMicro(),
                node.capabilities(), n.active(), n.dailyCapacity(), node.handlingMinor(),
                RandomOrders.SHIPS_TO.get(n.shipsTo()), dayStart[0], dayStart[1]);
        }
        if (op instanceof SetFraudRules s)
        {
            return new Cmd.SetFraudRules(FRAUD_RULES.get(s.rules()));
        }
        if (op instanceof Review r)
        {
            return new Cmd.FraudReview(inReview(r.pick()), r.approve(), "reviewer", r.approve() ? "ok" : "no");
        }
        throw new IllegalArgumentException("unresolvable op " + op);
    }

    /** An order in FRAUD_REVIEW, any order when none is; an unknown id when none was placed or the pick ends in 9. */
    private long inReview(final int pick)
    {
        if (orderIds.isEmpty() || pick % 10 == 9)
        {
            return 1_000_000 + pick;
        }
        final List<Long> inReview = new ArrayList<>();
        for (final long id : orderIds)
        {
            if (driver.order(id).status() == Codes.OrderStatus.FRAUD_REVIEW)
            {
                inReview.add(id);
            }
        }
        return inReview.isEmpty() ? orderIds.get(pick % orderIds.size()) : inReview.get(pick % inReview.size());
    }

    private OrderForm form(final Place p)
    {
        final OrderForm form = new OrderForm();
        form.channel = CHANNELS.get(p.channel());
        form.customerId = CUSTOMERS.get(p.customer());
        form.email = form.customerId + "@example.com";
        form.serviceLevel = Codes.ServiceLevel.fromCode(p.level());
        if (p.pickup())
        {
            form.deliveryMethod = Codes.DeliveryMethod.PICKUP;
            form.pickupLocationId = node(p.pickupNode());
        }
        form.shipTo(p.latMicro(), p.lonMicro());
        form.shipName = "Buyer " + form.customerId;
        form.shipCountryCode = RandomOrders.COUNTRIES.get(p.country());
        form.paymentProvider = "offline";
        form.paymentCurrency = "EUR";
        if (p.reservation() >= 0 && !holds.isEmpty())
        {
            final Hold hold = holds.get(p.reservation() % holds.size());
            form.reservationId = hold.id();
            if (p.asHolder())
            {
                form.channel = hold.channel();
                form.customerId = hold.customer();
            }
        }
        form.fallbackToAvailable = p.fallback();
        form.allowPartial = p.allowPartial();
        form.maxShipments = p.maxShipments();
        if (p.externalId() >= 0)
        {
            form.externalId = "ext-" + p.externalId();
        }
        for (final LineOp line : p.lines())
        {
            form.line(sku(line.sku()), line.qty(), 500, "EUR");
            form.paymentAmountMinor += 500L * line.qty();
        }
        // Charges on two customers in three (rules version 16), drawn from the op's own fields so the streams stay.
        final long value = form.paymentAmountMinor;
        if (p.customer() % 3 == 1)
        {
            form.charge(Codes.ChargeKind.SHIPPING, "Standard", 200, "EUR");
            form.charge(Codes.ChargeKind.DISCOUNT, "Voucher", value / 10, "EUR");
            form.paymentAmountMinor += 200 - value / 10;
        }
        else if (p.customer() % 3 == 2)
        {
            form.charge(Codes.ChargeKind.TAX, null, value * 7 / 100, "EUR");
            form.paymentAmountMinor += value * 7 / 100;
        }
        return form;
    }

    private List<Cmd.Line> lines(final List<LineOp> ops)
    {
        final List<Cmd.Line> lines = new ArrayList<>(ops.size());
        for (final LineOp line : ops)
        {
            lines.add(new Cmd.Line(sku(line.sku()), line.qty()));
        }
        return lines;
    }

    private String node(final int index)
    {
        return nodes.get(index % nodes.size());
    }

    private static String sku(final int index)
    {
        return index < SKUS.size() ? SKUS.get(index) : UNKNOWN_SKU;
    }
}
