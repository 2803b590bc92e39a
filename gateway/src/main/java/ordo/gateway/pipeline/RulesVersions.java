package ordo.gateway.pipeline;

import ordo.engine.Engine;

/**
 * Which build to run for records of an older rules version: the last commit of each version, as the rules table of
 * docs/OPERATIONS.md lists them ({@code RulesVersionsTest} holds the two together). A refused start and the journal
 * tools name it, so an operator after a crash need not look it up (found in QA: they said only "a build of rules
 * version 11").
 */
public final class RulesVersions
{
    /** The last commit of rules version {@code v} at {@code [v - 1]}, for every version before this build's. */
    private static final String[] LAST_COMMITS = {
        "62aed92", "102d311", "a653c93", "9056e6f", "ca30355", "e8195e9", "856bf6e", "cfe1a5e", "978cd17", "ebab553",
        "569d02c", "8396e74", "5201d1d", "63a0fc3", "aeade2e", "86c5677", "f115eab", "94b59ff", "0ffa4ce",
        "26cf57b", "f643c11",
    };

    private RulesVersions()
    {
    }

    /** The last commit of an older rules version, or null (this build's, a newer one's, or none such). */
    public static String lastCommit(final int rules)
    {
        return rules >= 1 && rules < Engine.RULES_VERSION && rules <= LAST_COMMITS.length ? LAST_COMMITS[rules - 1] :
            null;
    }

    /** "the build with rules version N" and, for an older version, the commit to check out for it. */
    public static String buildOf(final int rules)
    {
        final String commit = lastCommit(rules);
        return "the build with rules version " + rules + (commit == null ? "" : " (git checkout " + commit + ")");
    }
}
