package ordo.bench.load;

/**
 * What attempt number {@code ticket} of a run asks for: which SKU, for which customer. A pure function of the ticket,
 * so a run is the same requests whatever the timing; one unit per attempt. Called from many threads at once.
 */
public interface Workload
{
    int sku(long ticket);

    /** An id as the API defines it: 1–64 of {@code [A-Za-z0-9._:-]}. */
    String customerId(long ticket);

    /** Every attempt on SKU 0 (the flash sale), each by another customer. */
    static Workload hotSku(final String customerPrefix)
    {
        return oneSku(0, customerPrefix);
    }

    /** Every attempt on SKU number {@code sku}, each by another customer. */
    static Workload oneSku(final int sku, final String customerPrefix)
    {
        return new Workload()
        {
            @Override
            public int sku(final long ticket)
            {
                return sku;
            }

            @Override
            public String customerId(final long ticket)
            {
                return customerPrefix + ticket;
            }
        };
    }

    /** Attempts scattered over SKUs {@code 0 … skus-1} by a fixed mix of the ticket (uniform, repeatable). */
    static Workload spread(final int skus, final String customerPrefix)
    {
        return new Workload()
        {
            @Override
            public int sku(final long ticket)
            {
                return (int)Long.remainderUnsigned(mix(ticket), skus);
            }

            @Override
            public String customerId(final long ticket)
            {
                return customerPrefix + ticket;
            }
        };
    }

    /** SplitMix64's finaliser: neighbouring tickets land on unrelated SKUs. */
    private static long mix(final long value)
    {
        long z = value + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
