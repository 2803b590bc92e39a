package ordo.engine.testing;

import ordo.engine.FraudRules;

/** Rule sets for tests that look at one fraud rule at a time. */
public final class FraudRuleSets
{
    private FraudRuleSets()
    {
    }

    /**
     * Every rule off: no amount bands, every velocity limit 0 (60-minute windows), no points for country mismatch,
     * SKU quantity, new customers or blocklist hits; thresholds review 60, reject 100. Turn one rule on and build.
     */
    public static FraudRules.Builder quiet()
    {
        final FraudRules.Builder b = new FraudRules.Builder().thresholds(60, 100);
        for (int k = 0; k < FraudRules.VELOCITY_KINDS; k++)
        {
            b.velocity(k, 60, 0, 0);
        }
        return b;
    }
}
