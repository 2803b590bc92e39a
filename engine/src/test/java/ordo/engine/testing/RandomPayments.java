package ordo.engine.testing;

import java.util.List;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;

import ordo.engine.FraudRules;

/**
 * Random streams of the payment and fraud life of orders, as jqwik arbitraries: orders by card or offline (good and
 * bad cards, payments that do not match, suspicious ones), cancellations, fraud reviews, captures, retries, mark-paid,
 * the adapter's reports with random outcomes (truthful, errors after the provider did or did not act, mismatches,
 * declines, late duplicates), actions the provider performed whose report was lost, webhooks delivered late, out of
 * order or twice, receipts filling backorders, rule changes and time passing. Like {@link RandomOrders}, ops are
 * intents by small indexes that a {@link PaymentOpRunner} resolves against what has happened so far.
 */
public final class RandomPayments
{
    public static final List<String> CUSTOMERS = List.of("c1", "c2", "c3", "c4");

    /**
     * Rule sets the stream switches between: a foreign billing country alone reaches review (and a busy customer on
     * top, rejection); the documented defaults; and one where a foreign billing country is rejected outright.
     */
    public static final List<FraudRules> RULES = List.of(
        FraudRuleSets.quiet().countryMismatch(60).velocity(0, 30, 3, 40).build(),
        FraudRules.DEFAULT,
        FraudRuleSets.quiet().thresholds(50, 60).countryMismatch(60).build());

    static final Long[] ADVANCES = {1L, 60_000L, 600_000L, 1_800_000L, 3_600_000L};

    private RandomPayments()
    {
    }

    public sealed interface Op
    {
    }

    /** qtyA of SKU A (no backorders) and qtyBo of BO (backorders allowed); at least one unit in all. */
    public record Place(int customer, boolean card, boolean goodCard, int qtyA, int qtyBo, boolean abroad,
        boolean amountOff, boolean express) implements Op
    {
    }

    /** whole, or {@code units} of A (sku 0) or BO (sku 1). */
    public record Cancel(int pick, boolean whole, int sku, int units) implements Op
    {
    }

    public record Review(int pick, boolean approve) implements Op
    {
    }

    public record Capture(int pick) implements Op
    {
    }

    public record Retry(int pick) implements Op
    {
    }

    public record MarkPaid(int pick) implements Op
    {
    }

    /** An operator records money a failed refund left owed as paid back: some of it, all, or too much. */
    public record SettleRefund(int pick, long amountMinor) implements Op
    {
    }

    /** How the adapter's report comes out. */
    public enum Mode
    {
        /** The provider acts (once per key) and the adapter reports what it said. */
        TRUTHFUL,
        /** The adapter gives up with ERROR; the provider may have acted (a timeout) or not. */
        ERROR,
        /** The adapter finds the intent does not match. */
        MISMATCH,
        /** The provider declines, having done nothing. */
        DECLINED
    }

    /** Reports an action: an outstanding one mostly, sometimes any action ever asked (a late duplicate). */
    public record Report(int pick, boolean anyAction, Mode mode, boolean providerActed) implements Op
    {
    }

    /** The provider performs an outstanding action but the adapter crashes before reporting it. */
    public record ProviderActs(int pick) implements Op
    {
    }

    /** kind 0: a webhook not yet delivered; 1: one delivered before, again; 2: one for a reference nobody has. */
    public record Webhook(int pick, int kind) implements Op
    {
    }

    public record Restock(int units) implements Op
    {
    }

    public record SetRules(int rules) implements Op
    {
    }

    public record Advance(long millis) implements Op
    {
    }

    public static Arbitrary<List<Op>> streams(final int minSize, final int maxSize)
    {
        return op().list().ofMinSize(minSize).ofMaxSize(maxSize).withSizeDistribution(RandomDistribution.uniform());
    }

    @SuppressWarnings("unchecked")
    public static Arbitrary<Op> op()
    {
        final Arbitrary<Integer> pick = Arbitraries.integers().between(0, 60);
        return Arbitraries.frequencyOf(
            Tuple.of(20, place()),
            Tuple.of(6, Combinators.combine(pick, Arbitraries.of(true, false), Arbitraries.integers().between(0, 1),
                Arbitraries.integers().between(1, 2)).as(Cancel::new)),
            Tuple.of(5, Combinators.combine(pick, Arbitraries.of(true, false)).as(Review::new)),
            Tuple.of(6, pick.map(Capture::new)),
            Tuple.of(3, pick.map(Retry::new)),
            Tuple.of(2, pick.map(MarkPaid::new)),
            Tuple.of(2, Combinators.combine(pick, Arbitraries.of(500L, 1_000L, 2_000L, 4_000L)).as(SettleRefund::new)),
            Tuple.of(25, Combinators.combine(pick,
                Arbitraries.frequencyOf(Tuple.of(5, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))),
                Arbitraries.frequencyOf(Tuple.of(10, Arbitraries.just(Mode.TRUTHFUL)),
                    Tuple.of(3, Arbitraries.just(Mode.ERROR)), Tuple.of(1, Arbitraries.just(Mode.MISMATCH)),
                    Tuple.of(1, Arbitraries.just(Mode.DECLINED))),
                Arbitraries.of(true, false)).as(Report::new)),
            Tuple.of(4, pick.map(ProviderActs::new)),
            Tuple.of(12, Combinators.combine(pick, Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(0)),
                Tuple.of(2, Arbitraries.just(1)), Tuple.of(1, Arbitraries.just(2)))).as(Webhook::new)),
            Tuple.of(3, Arbitraries.integers().between(1, 3).map(Restock::new)),
            Tuple.of(1, Arbitraries.integers().between(0, RULES.size() - 1).map(SetRules::new)),
            Tuple.of(6, Arbitraries.of(ADVANCES).map(Advance::new)));
    }

    private static Arbitrary<Op> place()
    {
        final Arbitrary<Tuple.Tuple4<Integer, Boolean, Boolean, Boolean>> who = Combinators.combine(
            Arbitraries.integers().between(0, CUSTOMERS.size() - 1),
            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))),
            Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(true)), Tuple.of(1, Arbitraries.just(false))),
            Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
            .as(Tuple::of);
        final Arbitrary<Tuple.Tuple4<Integer, Integer, Boolean, Boolean>> what = Combinators.combine(
            Arbitraries.integers().between(0, 4),
            Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(0)),
                Tuple.of(1, Arbitraries.integers().between(1, 2))),
            Arbitraries.frequencyOf(Tuple.of(12, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))),
            Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.just(false)), Tuple.of(1, Arbitraries.just(true))))
            .as(Tuple::of);
        return Combinators.combine(who, what).as((w, h) -> new Place(w.get1(), w.get2(), w.get3(),
            h.get1() + h.get2() == 0 ? 1 : h.get1(), h.get2(), w.get4(), h.get3(), h.get4()));
    }
}
