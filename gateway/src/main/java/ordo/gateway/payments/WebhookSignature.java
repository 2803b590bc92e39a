package ordo.gateway.payments;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Checks the {@code Ordo-Signature} header of a payment webhook (the same format as Stripe's
 * {@code Stripe-Signature}):
 * <pre>
 *   Ordo-Signature: t=1712345678,v1=5257a869e7ecebeda32affa62cdca3fa51cad7e77a0e56ff536d0ce8e108d8bd
 * </pre>
 * {@code v1} is the hex HMAC-SHA256 of {@code t + "." + rawBody}, keyed with the UTF-8 bytes of the secret. The
 * header may carry several {@code v1} (a sender signing with an old and a new secret) and other schemes, which are
 * ignored. Ordo accepts up to two secrets, so a secret can be rotated without refusing webhooks in between.
 *
 * <p>The checks, in order: the header must parse ({@link Result#MALFORMED}); a {@code v1} must match a secret
 * ({@link Result#BAD_SIGNATURE}), compared in constant time; {@code t} must be within the tolerance of our clock,
 * either way ({@link Result#STALE}, only ever said of a genuine signature, so it points at clock skew or a replay).
 *
 * <p>Immutable and thread-safe.
 */
public final class WebhookSignature
{
    public static final String HEADER = "Ordo-Signature";

    /** Two: the new secret and the one being retired. */
    public static final int MAX_SECRETS = 2;
    /** Headers longer than this are refused unread: they bound the work one request can ask of us. */
    static final int MAX_HEADER_CHARS = 2_048;
    /** At most this many {@code v1} entries are considered, for the same reason. */
    static final int MAX_SIGNATURES = 8;

    private static final String ALGORITHM = "HmacSHA256";
    private static final int MAC_BYTES = 32;
    private static final int MAX_TIMESTAMP_DIGITS = 12;

    public enum Result
    {
        VALID,
        /** No header, or not {@code t=<unix seconds>,v1=<64 hex digits>[,v1=…]}. */
        MALFORMED,
        /** Genuinely signed, but at a time too far from ours. */
        STALE,
        /** No {@code v1} matches any secret: a forged or altered request, or a secret Ordo does not have. */
        BAD_SIGNATURE
    }

    private final List<SecretKeySpec> keys;
    private final long toleranceSeconds;
    private final Clock clock;

    /**
     * @param secrets          one or two secrets, the current first (two while rotating)
     * @param toleranceSeconds the largest accepted distance between {@code t} and our clock
     * @param clock            our clock; tests pass a fixed one
     */
    public WebhookSignature(final List<String> secrets, final long toleranceSeconds, final Clock clock)
    {
        if (secrets == null || secrets.isEmpty() || secrets.size() > MAX_SECRETS)
        {
            throw new IllegalArgumentException("one or two webhook secrets are required");
        }
        if (toleranceSeconds < 1)
        {
            throw new IllegalArgumentException("toleranceSeconds must be positive, got " + toleranceSeconds);
        }
        final List<SecretKeySpec> specs = new ArrayList<>(secrets.size());
        for (final String secret : secrets)
        {
            if (secret == null || secret.isEmpty())
            {
                throw new IllegalArgumentException("a webhook secret must not be empty");
            }
            specs.add(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
        }
        this.keys = List.copyOf(specs);
        this.toleranceSeconds = toleranceSeconds;
        this.clock = clock;
    }

    /**
     * @param header  the {@code Ordo-Signature} value, or null when the request had none
     * @param rawBody the body exactly as received, before any parsing
     */
    public Result verify(final String header, final byte[] rawBody)
    {
        if (header == null || header.length() > MAX_HEADER_CHARS || rawBody == null)
        {
            return Result.MALFORMED;
        }
        long timestamp = -1;
        final List<byte[]> signatures = new ArrayList<>(2);
        for (final String part : header.split(",", MAX_SIGNATURES * 2 + 2))
        {
            final int equals = part.indexOf('=');
            if (equals <= 0)
            {
                return Result.MALFORMED;
            }
            final String name = part.substring(0, equals).trim();
            final String value = part.substring(equals + 1).trim();
            if ("t".equals(name))
            {
                if (timestamp >= 0)
                {
                    return Result.MALFORMED;
                }
                timestamp = unixSeconds(value);
                if (timestamp < 0)
                {
                    return Result.MALFORMED;
                }
            }
            else if ("v1".equals(name))
            {
                final byte[] signature = hex(value);
                if (signature == null || signatures.size() == MAX_SIGNATURES)
                {
                    return Result.MALFORMED;
                }
                signatures.add(signature);
            }
        }
        if (timestamp < 0 || signatures.isEmpty())
        {
            return Result.MALFORMED;
        }
        if (!matchesAnySecret(timestamp, rawBody, signatures))
        {
            return Result.BAD_SIGNATURE;
        }
        final long nowSeconds = clock.instant().getEpochSecond();
        return Math.abs(nowSeconds - timestamp) > toleranceSeconds ? Result.STALE : Result.VALID;
    }

    /** The header value a sender holding {@code secret} puts on {@code rawBody} at {@code unixSeconds}. */
    public static String header(final String secret, final long unixSeconds, final byte[] rawBody)
    {
        final byte[] mac = mac(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM),
            unixSeconds, rawBody);
        final StringBuilder text = new StringBuilder("t=").append(unixSeconds).append(",v1=");
        for (final byte b : mac)
        {
            text.append(Character.forDigit((b >> 4) & 0xF, 16)).append(Character.forDigit(b & 0xF, 16));
        }
        return text.toString();
    }

    private boolean matchesAnySecret(final long timestamp, final byte[] rawBody, final List<byte[]> signatures)
    {
        boolean matched = false;
        for (final SecretKeySpec key : keys)
        {
            final byte[] expected = mac(key, timestamp, rawBody);
            for (final byte[] signature : signatures)
            {
                // No early exit: the time taken does not depend on which entry matched.
                matched |= MessageDigest.isEqual(expected, signature);
            }
        }
        return matched;
    }

    private static byte[] mac(final SecretKeySpec key, final long timestamp, final byte[] rawBody)
    {
        final Mac mac;
        try
        {
            mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
        }
        catch (final NoSuchAlgorithmException | InvalidKeyException e)
        {
            throw new IllegalStateException("HmacSHA256 is part of every Java runtime", e);
        }
        mac.update((timestamp + ".").getBytes(StandardCharsets.US_ASCII));
        return mac.doFinal(rawBody);
    }

    /** Seconds since the epoch, or -1 unless 1-12 decimal digits. */
    private static long unixSeconds(final String value)
    {
        if (value.isEmpty() || value.length() > MAX_TIMESTAMP_DIGITS)
        {
            return -1;
        }
        for (int i = 0; i < value.length(); i++)
        {
            if (value.charAt(i) < '0' || value.charAt(i) > '9')
            {
                return -1;
            }
        }
        return Long.parseLong(value);
    }

    /** The 32 bytes of 64 hex digits, or null. */
    private static byte[] hex(final String value)
    {
        if (value.length() != MAC_BYTES * 2)
        {
            return null;
        }
        final byte[] bytes = new byte[MAC_BYTES];
        for (int i = 0; i < MAC_BYTES; i++)
        {
            final int high = hexDigit(value.charAt(2 * i));
            final int low = hexDigit(value.charAt(2 * i + 1));
            if (high < 0 || low < 0)
            {
                return null;
            }
            bytes[i] = (byte)(high << 4 | low);
        }
        return bytes;
    }

    /** ASCII only: {@link Character#digit} would also take other scripts' digits. */
    private static int hexDigit(final char c)
    {
        if (c >= '0' && c <= '9')
        {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f')
        {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F')
        {
            return c - 'A' + 10;
        }
        return -1;
    }
}
