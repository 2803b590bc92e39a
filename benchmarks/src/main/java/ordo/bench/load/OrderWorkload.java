package ordo.bench.load;

/**
 * What order number {@code ticket} of an order-capture run is: a pure function of the ticket, so a run is the same
 * orders whatever the timing. Every order has {@value #LINES} lines of different SKUs ({@code 1 + 1 + 2} units, SGD
 * prices, total {@value #TOTAL_MINOR} minor units paid offline), ships STANDARD to a point in Singapore/Johor, and is
 * placed by a customer of its own with an address of its own, so that no fraud velocity window ever fills.
 *
 * @param skus           SKU numbers {@code 0 … skus-1} the lines are drawn from (at least {@value #LINES})
 * @param customerPrefix customer ids are this prefix and the ticket (1–64 of {@code [A-Za-z0-9._:-]} together)
 */
public record OrderWorkload(int skus, String customerPrefix)
{
    public static final int LINES = 3;
    /** Units of each line; their sum is {@link #UNITS_PER_ORDER}. */
    private static final int[] QTY = {1, 1, 2};
    private static final long[] UNIT_PRICE_MINOR = {1_999, 2_999, 499};
    public static final int UNITS_PER_ORDER = 4;
    public static final long TOTAL_MINOR = 1_999 + 2_999 + 2 * 499;
    public static final String CURRENCY = "SGD";

    public OrderWorkload
    {
        if (skus < LINES)
        {
            throw new IllegalArgumentException("an order has " + LINES + " lines of different SKUs: at least " + LINES
                + " SKUs, got " + skus);
        }
    }

    /** SKU number of line {@code line}: the lines are a third of the catalogue apart, so always three SKUs. */
    public int sku(final long ticket, final int line)
    {
        return (int)((ticket + (long)line * (skus / LINES)) % skus);
    }

    public int qty(final int line)
    {
        return QTY[line];
    }

    public long unitPriceMinor(final int line)
    {
        return UNIT_PRICE_MINOR[line];
    }

    public String customerId(final long ticket)
    {
        return customerPrefix + ticket;
    }

    /** Ship-to latitude in 1/10 000 degree: 1.2500 … 1.5499 (Singapore to Johor Bahru). */
    public int latE4(final long ticket)
    {
        return 12_500 + (int)(ticket * 7_919 % 3_000);
    }

    /** Ship-to longitude in 1/10 000 degree: 103.6500 … 103.9999. */
    public int lonE4(final long ticket)
    {
        return 1_036_500 + (int)(ticket * 104_729 % 3_500);
    }
}
