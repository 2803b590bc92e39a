package ordo.gateway.payments;

import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.regex.Pattern;

/**
 * How Ordo talks to Stripe (configuration section {@code payments.stripe}). Stripe is enabled only when a secret key
 * is configured. {@link #toString()} never shows the key.
 *
 * <p>One call takes at most {@code maxAttempts × (connectTimeoutMillis + timeoutMillis)} plus the back-off pauses
 * between attempts, each at most {@code maxBackoffMillis}.
 *
 * @param baseUrl              the API's address, without a trailing slash. {@code https}, or {@code http} to a
 *                             loopback address only (test servers): the key must not cross a network in the clear.
 *                             Default {@code https://api.stripe.com}
 * @param secretKey            the secret ({@code sk_…}) or restricted ({@code rk_…}) key, or null: Stripe disabled
 * @param connectTimeoutMillis giving up on opening a connection. Default 2000
 * @param timeoutMillis        giving up on one attempt's answer. Default 10000
 * @param maxAttempts          attempts per call, the first included; retries only after 5xx, 409, 429, timeouts and
 *                             dropped connections. Default 3
 * @param initialBackoffMillis the pause before the first retry; it doubles per retry, with jitter. Default 500
 * @param maxBackoffMillis     the longest pause between attempts. Default 5000
 */
public record StripeConfig(String baseUrl, String secretKey, int connectTimeoutMillis, int timeoutMillis,
    int maxAttempts, int initialBackoffMillis, int maxBackoffMillis)
{
    public static final String DEFAULT_BASE_URL = "https://api.stripe.com";
    public static final int DEFAULT_CONNECT_TIMEOUT_MILLIS = 2_000;
    public static final int DEFAULT_TIMEOUT_MILLIS = 10_000;
    public static final int DEFAULT_MAX_ATTEMPTS = 3;
    public static final int DEFAULT_INITIAL_BACKOFF_MILLIS = 500;
    public static final int DEFAULT_MAX_BACKOFF_MILLIS = 5_000;

    private static final String PREFIX = "payments.stripe.";
    private static final Pattern VISIBLE_ASCII = Pattern.compile("[\\x21-\\x7E]{1,512}");

    public StripeConfig
    {
        baseUrl = checkBaseUrl(baseUrl);
        if (secretKey != null && !VISIBLE_ASCII.matcher(secretKey).matches())
        {
            throw new IllegalArgumentException(
                PREFIX + "secretKey must be 1-512 visible ASCII characters without spaces");
        }
        range("connectTimeoutMillis", connectTimeoutMillis, 1, 60_000);
        range("timeoutMillis", timeoutMillis, 1, 120_000);
        range("maxAttempts", maxAttempts, 1, 10);
        range("initialBackoffMillis", initialBackoffMillis, 1, 60_000);
        range("maxBackoffMillis", maxBackoffMillis, initialBackoffMillis, 300_000);
    }

    /** Every setting at its default: Stripe disabled. */
    public static StripeConfig defaults()
    {
        return new StripeConfig(DEFAULT_BASE_URL, null, DEFAULT_CONNECT_TIMEOUT_MILLIS, DEFAULT_TIMEOUT_MILLIS,
            DEFAULT_MAX_ATTEMPTS, DEFAULT_INITIAL_BACKOFF_MILLIS, DEFAULT_MAX_BACKOFF_MILLIS);
    }

    public boolean enabled()
    {
        return secretKey != null;
    }

    public StripeConfig withBaseUrl(final String value)
    {
        return new StripeConfig(value, secretKey, connectTimeoutMillis, timeoutMillis, maxAttempts,
            initialBackoffMillis, maxBackoffMillis);
    }

    public StripeConfig withSecretKey(final String value)
    {
        return new StripeConfig(baseUrl, value, connectTimeoutMillis, timeoutMillis, maxAttempts,
            initialBackoffMillis, maxBackoffMillis);
    }

    public StripeConfig withTimeouts(final int connectMillis, final int answerMillis)
    {
        return new StripeConfig(baseUrl, secretKey, connectMillis, answerMillis, maxAttempts, initialBackoffMillis,
            maxBackoffMillis);
    }

    public StripeConfig withRetries(final int attempts, final int initialMillis, final int maxMillis)
    {
        return new StripeConfig(baseUrl, secretKey, connectTimeoutMillis, timeoutMillis, attempts, initialMillis,
            maxMillis);
    }

    @Override
    public String toString()
    {
        return "StripeConfig[baseUrl=" + baseUrl + ", secretKey=" + (secretKey == null ? "none" : "***")
            + ", connectTimeoutMillis=" + connectTimeoutMillis + ", timeoutMillis=" + timeoutMillis
            + ", maxAttempts=" + maxAttempts + ", initialBackoffMillis=" + initialBackoffMillis
            + ", maxBackoffMillis=" + maxBackoffMillis + "]";
    }

    private static String checkBaseUrl(final String value)
    {
        final String key = PREFIX + "baseUrl";
        if (value == null || value.isBlank())
        {
            throw new IllegalArgumentException(key + " must not be empty");
        }
        final URI uri;
        try
        {
            uri = new URI(value);
        }
        catch (final URISyntaxException e)
        {
            throw new IllegalArgumentException(key + " is not a URL: '" + value + "'", e);
        }
        final String scheme = uri.getScheme();
        if (uri.getHost() == null || uri.getRawQuery() != null || uri.getRawFragment() != null
            || !("https".equals(scheme) || "http".equals(scheme)))
        {
            throw new IllegalArgumentException(key + " must be an http(s) URL without query or fragment, got '"
                + value + "'");
        }
        if ("http".equals(scheme) && !isLoopback(uri.getHost()))
        {
            throw new IllegalArgumentException(key + " must use https (plain http only to a loopback address, "
                + "for test servers), got '" + value + "'");
        }
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    private static boolean isLoopback(final String host)
    {
        if ("localhost".equalsIgnoreCase(host))
        {
            return true;
        }
        final String literal = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
        // Only IP literals are resolved here (no DNS look-up at start-up): a name other than localhost is not trusted.
        if (!literal.matches("[0-9.]+|[0-9a-fA-F:]+"))
        {
            return false;
        }
        try
        {
            return InetAddress.getByName(literal).isLoopbackAddress();
        }
        catch (final java.net.UnknownHostException e)
        {
            return false;
        }
    }

    private static void range(final String name, final long value, final long min, final long max)
    {
        if (value < min || value > max)
        {
            throw new IllegalArgumentException(
                PREFIX + name + " must be between " + min + " and " + max + ", got " + value);
        }
    }
}
