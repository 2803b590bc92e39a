package ordo.engine.testing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import ordo.engine.Codes;
import ordo.engine.testing.RandomPayments.Advance;
import ordo.engine.testing.RandomPayments.Cancel;
import ordo.engine.testing.RandomPayments.Capture;
import ordo.engine.testing.RandomPayments.MarkPaid;
import ordo.engine.testing.RandomPayments.Op;
import ordo.engine.testing.RandomPayments.Place;
import ordo.engine.testing.RandomPayments.ProviderActs;
import ordo.engine.testing.RandomPayments.Report;
import ordo.engine.testing.RandomPayments.Restock;
import ordo.engine.testing.RandomPayments.Retry;
import ordo.engine.testing.RandomPayments.Review;
import ordo.engine.testing.RandomPayments.SetRules;
import ordo.engine.testing.RandomPayments.Webhook;

/**
 * Resolves {@link RandomPayments} ops against what has happened so far (the orders placed, the payment actions the
 * engine asked for, the provider's webhooks) and applies them through a driver, playing the payment adapter and the
 * provider ({@link FakeProvider}). The network: one warehouse {@code wh} with 40 × A and 2 × BO (BO backorderable),
 * channel web. One runner per stream; single-threaded.
 */
public final class PaymentOpRunner
{
    /** What one op did: the command applied and the engine's reply (both null for a pure clock move or no-op). */
    public record Applied(Op op, Cmd cmd, Result result, long hashBefore)
    {
        public boolean isCommand()
        {
            return cmd != null;
        }
    }

    /** An order as placed: its payment reference (null when offline). */
    public record Placed(long id, String reference)
    {
    }

    private final EngineDriver driver;
    private final FakeProvider provider = new FakeProvider();
    private final List<Placed> orders = new ArrayList<>();
    /** Every action the engine ever asked for, by id, as first seen outstanding. */
    private final Map<Long, OrderViews.PaymentAction> actions = new LinkedHashMap<>();
    private int references;

    public PaymentOpRunner(final EngineDriver driver)
    {
        this.driver = driver;
    }

    public void setUp()
    {
        ok(driver.defineChannel("web", Codes.ChannelKind.WEB));
        ok(driver.defineLocation("wh"));
        ok(driver.defineSku("A", 0, false));
        ok(driver.defineSku("BO", 0, true));
        ok(driver.setInventory("A", "wh", 40, 0));
        ok(driver.setInventory("BO", "wh", 2, 0));
        ok(driver.setFraudRules(RandomPayments.RULES.get(0)));
    }

    private static void ok(final Result result)
    {
        if (!result.isOk())
        {
            throw new AssertionError("set-up refused: " + result);
        }
    }

    public FakeProvider provider()
    {
        return provider;
    }

    public List<Placed> orders()
    {
        return List.copyOf(orders);
    }

    /** Every payment action the engine asked for so far, by id. */
    public Map<Long, OrderViews.PaymentAction> actions()
    {
        return Map.copyOf(actions);
    }

    public Applied apply(final Op op)
    {
        if (op instanceof Advance advance)
        {
            driver.advance(advance.millis());
            return new Applied(op, null, null, 0);
        }
        final Cmd cmd = command(op);
        if (cmd == null)
        {
            return new Applied(op, null, null, 0);
        }
        final long hashBefore = driver.stateHash();
        final Result result = driver.apply(cmd);
        if (cmd instanceof Cmd.PlaceOrder place && result.isOk() && result.created())
        {
            orders.add(new Placed(result.orderId(), place.form().paymentReference));
        }
        for (final OrderViews.PaymentAction action : driver.paymentActions().actions())
        {
            actions.putIfAbsent(action.actionId(), action);
        }
        return new Applied(op, cmd, result, hashBefore);
    }

    private long order(final int pick)
    {
        return orders.isEmpty() || pick % 10 == 9 ? 1_000_000 + pick : orders.get(pick % orders.size()).id();
    }

    /**
     * Mostly an order the command can apply to (so streams reach captures, reviews and refunds often), sometimes
     * any order (pick ending in 3: refusals matter too; in 9: an unknown id).
     */
    private long orderWhere(final int pick, final java.util.function.Predicate<OrderViews.Order> fits)
    {
        if (pick % 10 == 3 || pick % 10 == 9)
        {
            return order(pick);
        }
        final List<Long> fitting = new ArrayList<>();
        for (final Placed placed : orders)
        {
            if (fits.test(driver.order(placed.id())))
            {
                fitting.add(placed.id());
            }
        }
        return fitting.isEmpty() ? order(pick) : fitting.get(pick % fitting.size());
    }

    private static boolean open(final OrderViews.Order o)
    {
        return o.status().isCancellable();
    }

    private Cmd command(final Op op)
    {
        if (op instanceof Place p)
        {
            return place(p);
        }
        if (op instanceof Cancel c)
        {
            return new Cmd.CancelOrder(orderWhere(c.pick(), PaymentOpRunner::open), List.of(), "random",
                c.whole() ? List.of() : List.of(new Cmd.Line(c.sku() == 0 ? "A" : "BO", c.units())));
        }
        if (op instanceof Review r)
        {
            return new Cmd.FraudReview(orderWhere(r.pick(), o -> o.status() == Codes.OrderStatus.FRAUD_REVIEW),
                r.approve(), "reviewer", r.approve() ? "ok" : "no");
        }
        if (op instanceof Capture c)
        {
            return new Cmd.CapturePayment(orderWhere(c.pick(),
                o -> o.payment().status() == Codes.PaymentStatus.AUTHORIZED), List.of());
        }
        if (op instanceof Retry r)
        {
            return new Cmd.RetryPayment(orderWhere(r.pick(), o -> !o.payment().problem().isEmpty()), List.of());
        }
        if (op instanceof MarkPaid m)
        {
            return new Cmd.MarkPaid(orderWhere(m.pick(), o -> o.paymentProvider().equals("offline") && open(o)),
                List.of(), "cash");
        }
        if (op instanceof RandomPayments.SettleRefund s)
        {
            return new Cmd.SettleRefund(orderWhere(s.pick(), o -> o.payment().problem().contains("REFUND_FAILED: ")),
                List.of(), s.amountMinor(), "EUR", "bank transfer");
        }
        if (op instanceof Report r)
        {
            return report(r);
        }
        if (op instanceof ProviderActs p)
        {
            final List<OrderViews.PaymentAction> outstanding = driver.paymentActions().actions();
            if (!outstanding.isEmpty())
            {
                provider.apply(outstanding.get(p.pick() % outstanding.size()));
            }
            return null;
        }
        if (op instanceof Webhook w)
        {
            return switch (w.kind())
            {
                case 0 -> provider.deliver(w.pick());
                case 1 -> provider.redeliver(w.pick());
                default -> new Cmd.PaymentEvent(FakeProvider.NAME, "evt_stranger_" + w.pick(),
                    Codes.PaymentEventKind.CAPTURED, "pi_stranger", 1_000, "EUR");
            };
        }
        if (op instanceof Restock r)
        {
            return new Cmd.Adjust("BO", "wh", r.units(), Codes.AdjustmentReason.RECEIPT);
        }
        if (op instanceof SetRules s)
        {
            return new Cmd.SetFraudRules(RandomPayments.RULES.get(s.rules()));
        }
        throw new IllegalArgumentException("unresolvable op " + op);
    }

    private Cmd place(final Place p)
    {
        final OrderBuilder order = driver.ordering().customer(RandomPayments.CUSTOMERS.get(p.customer()));
        if (p.qtyA() > 0)
        {
            order.line("A", p.qtyA());
        }
        if (p.qtyBo() > 0)
        {
            order.line("BO", p.qtyBo());
        }
        else if (p.customer() % 2 == 1 && p.qtyA() > 0)
        {
            // A free gift beside a paid item, drawn from the op's own fields: cancelling the item leaves units open
            // that cost nothing (rules version 16: nothing to pay for, once verified).
            order.line("BO", 1, 0, "EUR");
        }
        if (p.abroad())
        {
            order.billingCountry("MY");
        }
        if (p.express())
        {
            order.level(Codes.ServiceLevel.EXPRESS);
        }
        final long lines = (p.qtyA() + p.qtyBo()) * OrderBuilder.UNIT_PRICE_MINOR;
        // Charges on two customers in three (rules version 16), drawn from the op's own fields: a shipping fee and a
        // voucher, or tax and a fee. Partial cancellations then refund the units less their share of the voucher.
        long total = lines;
        switch (p.customer() % 3)
        {
            case 1 ->
            {
                order.charge(Codes.ChargeKind.SHIPPING, "Standard", 300)
                    .charge(Codes.ChargeKind.DISCOUNT, "Voucher", Math.min(lines, 700));
                total += 300 - Math.min(lines, 700);
            }
            case 2 ->
            {
                order.charge(Codes.ChargeKind.TAX, "GST", lines * 9 / 100).charge(Codes.ChargeKind.FEE, null, 150);
                total += lines * 9 / 100 + 150;
            }
            default ->
            {
            }
        }
        final long paid = p.amountOff() ? total - 500 : total;
        order.payment(paid, "EUR");
        if (p.card())
        {
            final String reference = "pi_" + ++references;
            order.stripe(reference).fingerprint("fp_" + p.customer());
            provider.checkout(reference, paid, p.goodCard());
        }
        return order.build();
    }

    private Cmd report(final Report r)
    {
        final List<OrderViews.PaymentAction> outstanding = driver.paymentActions().actions();
        final OrderViews.PaymentAction action;
        if (!r.anyAction() && !outstanding.isEmpty())
        {
            action = outstanding.get(r.pick() % outstanding.size());
        }
        else if (!actions.isEmpty())
        {
            action = new ArrayList<>(actions.values()).get(r.pick() % actions.size());
        }
        else
        {
            return new Cmd.PaymentActionResult(1_000_000 + r.pick(), Codes.PaymentOutcome.SUCCEEDED, "", 0, "EUR", "");
        }
        return switch (r.mode())
        {
            case TRUTHFUL ->
            {
                final FakeProvider.Answer answer = provider.apply(action);
                yield new Cmd.PaymentActionResult(action.actionId(), answer.outcome(), answer.providerStatus(),
                    answer.amountMinor(), "EUR", "");
            }
            case ERROR ->
            {
                if (r.providerActed())
                {
                    provider.apply(action);
                }
                yield new Cmd.PaymentActionResult(action.actionId(), Codes.PaymentOutcome.ERROR, "http_503", 0, "EUR",
                    "gave up after retries");
            }
            case MISMATCH -> new Cmd.PaymentActionResult(action.actionId(), Codes.PaymentOutcome.MISMATCH,
                "requires_capture", action.amountMinor() + 1, "EUR", "amount differs");
            case DECLINED -> new Cmd.PaymentActionResult(action.actionId(), Codes.PaymentOutcome.DECLINED,
                "card_declined", 0, "EUR", "");
        };
    }
}
