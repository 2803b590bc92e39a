package ordo.engine;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;

/**
 * An order's charges beside its lines (rules version 16): shipping, fees, tax and discounts, as a marketplace or a
 * storefront charged them, in the order's currency. Captured once and never changed; an order without any has none
 * (null), so placement and memory stay as they were for it.
 *
 * <p>What the payment must cover is the lines' value plus every charge, discounts taken off
 * ({@link Order#requestedTotalMinor}). What is still to be paid for as units are cancelled
 * ({@link Order#openTotalMinor}) keeps shipping and fees whole while any unit is open, and tax and discounts in
 * proportion to the value still open, rounded down: a partial cancellation refunds the cancelled units' value less
 * their share of a discount, plus their share of tax, and the last unit cancelled refunds the rest.
 */
final class OrderCharges
{
    /** The most charges an order may carry. */
    static final int MAX_CHARGES = OrderForm.MAX_CHARGES;
    /** The longest charge name, in UTF-8 bytes (a voucher's code and title). */
    static final int MAX_NAME_BYTES = OrderForm.MAX_CHARGE_NAME_BYTES;

    private final byte[] kinds;
    private final long[] amounts;
    private final byte[][] names;
    /** Shipping and fees: whole while any unit is open. */
    final long fixedMinor;
    /** Tax less discounts: in proportion to the value open (never below minus the lines' value; discounts ≤ it). */
    final long proratedMinor;
    /** Discounts alone (checked against the lines' value). */
    final long discountMinor;

    /** Takes the arrays as they are: the caller made them for this order. */
    OrderCharges(final byte[] kinds, final long[] amounts, final byte[][] names, final int count)
    {
        if (kinds.length != count || amounts.length != count || names.length != count)
        {
            throw new IllegalArgumentException("charges of " + count + " entries in arrays of " + kinds.length);
        }
        this.kinds = kinds;
        this.amounts = amounts;
        this.names = names;
        long fixed = 0;
        long tax = 0;
        long discount = 0;
        for (int i = 0; i < count; i++)
        {
            switch (kind(i))
            {
                case SHIPPING, FEE -> fixed += amounts[i];
                case TAX -> tax += amounts[i];
                case DISCOUNT -> discount += amounts[i];
            }
        }
        this.fixedMinor = fixed;
        this.proratedMinor = tax - discount;
        this.discountMinor = discount;
    }

    /**
     * Whether one charge is of a kind, an amount and a name placement takes: a known kind, 0 to the largest order
     * total, a name of at most {@link #MAX_NAME_BYTES}. Placement and restore ask it, then {@link #sumFits}.
     */
    static boolean valid(final int kindCode, final long amount, final int nameBytes)
    {
        return Codes.ChargeKind.fromCode(kindCode) != null && amount >= 0 && amount <= OrderCommands.MAX_TOTAL_MINOR &&
            nameBytes <= MAX_NAME_BYTES;
    }

    /**
     * Whether a charge keeps its sum — the discounts', or the other charges' — within the largest order total, after
     * charges of {@code added} and discounts of {@code discounts} before it: so the lines' value and the charges add
     * without overflow.
     */
    static boolean sumFits(final int kindCode, final long amount, final long added, final long discounts)
    {
        return amount <= OrderCommands.MAX_TOTAL_MINOR -
            (kindCode == Codes.ChargeKind.DISCOUNT.code() ? discounts : added);
    }

    /**
     * Whether charges of {@code added} and discounts of {@code discounts} fit beside lines worth {@code linesValue}:
     * the discounts at most the lines' value, the order's total within the largest (so a payment can cover it).
     */
    static boolean fitLines(final long added, final long discounts, final long linesValue)
    {
        return discounts <= linesValue && linesValue + added - discounts <= OrderCommands.MAX_TOTAL_MINOR;
    }

    /** Every charge but the discounts. */
    long addedMinor()
    {
        return netMinor() + discountMinor;
    }

    int count()
    {
        return kinds.length;
    }

    Codes.ChargeKind kind(final int i)
    {
        return Codes.ChargeKind.fromCode(kinds[i]);
    }

    int kindCode(final int i)
    {
        return kinds[i];
    }

    long amountMinor(final int i)
    {
        return amounts[i];
    }

    /** The name as sent (UTF-8; empty when none). */
    byte[] name(final int i)
    {
        return names[i];
    }

    /** What the charges add to the lines' value: every charge, discounts taken off. */
    long netMinor()
    {
        return fixedMinor + proratedMinor;
    }

    /**
     * What the charges add while units worth {@code openValue} of the lines' {@code linesValue} are open, and some
     * unit is: shipping and fees whole, tax less discounts in proportion, rounded down ({@code floor(k × open / all)},
     * exact in 128 bits). With every unit open it is {@link #netMinor}; it never falls as more value is open, and the
     * open total never goes below 0 (discounts are at most the lines' value).
     */
    long whileOpenMinor(final long openValue, final long linesValue)
    {
        if (linesValue == 0 || openValue == linesValue)
        {
            return netMinor(); // free goods: nothing to prorate by, and no discount (at most the lines' value, 0)
        }
        final long k = proratedMinor;
        final long high = Math.multiplyHigh(k, openValue);
        final long low = k * openValue;
        final long share;
        if ((high == 0 && low >= 0) || (high == -1 && low < 0))
        {
            share = Math.floorDiv(low, linesValue);
        }
        else
        {
            // Beyond 63 bits (amounts near the largest order): rare, and as exact. BigInteger divides toward zero.
            final BigInteger[] qr = BigInteger.valueOf(k).multiply(BigInteger.valueOf(openValue))
                .divideAndRemainder(BigInteger.valueOf(linesValue));
            share = qr[1].signum() < 0 ? qr[0].longValueExact() - 1 : qr[0].longValueExact();
        }
        return fixedMinor + share;
    }

    long hash()
    {
        long h = Hashing.combine(Hashing.SEED, kinds.length);
        for (int i = 0; i < kinds.length; i++)
        {
            h = Hashing.combine(Hashing.combine(Hashing.combine(h, kinds[i]), amounts[i]), Hashing.hash(names[i]));
        }
        return h;
    }

    @Override
    public String toString()
    {
        final StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < kinds.length; i++)
        {
            b.append(i == 0 ? "" : ", ").append(kind(i)).append(' ').append(amounts[i]).append(' ')
                .append(new String(names[i], StandardCharsets.UTF_8));
        }
        return b.append(']').toString();
    }
}
