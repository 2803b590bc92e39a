package ordo.gateway.payments;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP side of {@link StripeProvider}: one {@link HttpClient}, the headers Stripe wants, and bounded retries with
 * back-off. Every attempt of a POST carries the same {@code Idempotency-Key}, so Stripe applies it at most once and
 * answers a retry with the first attempt's answer.
 *
 * <p>Thread-safe: calls block the calling (payment worker) thread; the client's own threads come from an executor
 * this class owns and shuts down on {@link #close()}. The secret key lives only in the prepared
 * {@code Authorization} value and is never logged.
 */
final class StripeHttp implements AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(StripeHttp.class);
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String FORM = "application/x-www-form-urlencoded";
    private static final AtomicInteger CLIENTS = new AtomicInteger();

    private final StripeConfig config;
    private final Backoff backoff;
    private final String authorization;
    private final ExecutorService executor;
    private final HttpClient client;

    StripeHttp(final StripeConfig config, final Backoff backoff)
    {
        if (!config.enabled())
        {
            throw new IllegalArgumentException("payments.stripe.secretKey is not configured: Stripe is disabled");
        }
        this.config = config;
        this.backoff = backoff;
        this.authorization = "Bearer " + config.secretKey();
        final String threadPrefix = "stripe-http-" + CLIENTS.incrementAndGet() + "-";
        final AtomicInteger threads = new AtomicInteger();
        this.executor = Executors.newCachedThreadPool(task ->
        {
            final Thread thread = new Thread(task, threadPrefix + threads.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        });
        this.client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofMillis(config.connectTimeoutMillis()))
            .followRedirects(HttpClient.Redirect.NEVER)
            .executor(executor)
            .build();
    }

    StripeReply get(final String operation, final PaymentRequest request, final String path)
    {
        return call(operation, request, builder(path).GET().build());
    }

    /** A POST of {@code form} (already URL-encoded) with the request's {@link #accountKey} on every attempt. */
    StripeReply post(final String operation, final PaymentRequest request, final String path, final String form)
    {
        return call(operation, request, builder(path)
            .header("Content-Type", FORM)
            .header("Idempotency-Key", accountKey(request))
            .POST(HttpRequest.BodyPublishers.ofString(form))
            .build());
    }

    /**
     * The {@code Idempotency-Key} Stripe is sent: the request's key, then {@code _} and the PaymentIntent's id (were
     * the two past Stripe's 255 characters, a 64-bit hash of each in hex). Stripe's keys are per account, and an
     * action's key is made of its order and action ids, which count from 1 on every installation: two sharing an
     * account (staging and production in test mode, a data directory started over) sent the same key for different
     * intents within Stripe's 24 hours, and Stripe refused the second call as a key reused (QA-258). Still the same on
     * every attempt of the action, also after a restart; the key in a refund's metadata stays the action's own (a
     * PaymentIntent's refunds are its own).
     */
    static String accountKey(final PaymentRequest request)
    {
        final String key = request.idempotencyKey();
        final String reference = request.reference();
        if (reference == null)
        {
            return key;
        }
        final String scoped = key + "_" + reference;
        return scoped.length() <= PaymentRequest.MAX_KEY_CHARS ? scoped : hex(key) + "_" + hex(reference);
    }

    private static String hex(final String ascii)
    {
        return Long.toHexString(ordo.engine.Hashing.hash(ascii.getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    }

    @Override
    public void close()
    {
        // From Java 21 the client can be closed; on 17 its selector thread (a daemon) ends once it is unreachable.
        if (client instanceof AutoCloseable closeable)
        {
            try
            {
                closeable.close();
            }
            catch (final Exception e)
            {
                LOG.warn("closing the Stripe HTTP client failed", e);
            }
        }
        executor.shutdownNow();
    }

    private HttpRequest.Builder builder(final String path)
    {
        return HttpRequest.newBuilder(URI.create(config.baseUrl() + path))
            .timeout(Duration.ofMillis(config.timeoutMillis()))
            .header("Authorization", authorization)
            .header("Accept", "application/json");
    }

    private StripeReply call(final String operation, final PaymentRequest request, final HttpRequest httpRequest)
    {
        StripeReply last = attempt(httpRequest, 1);
        for (int attempt = 2; attempt <= config.maxAttempts() && last.retryable(); attempt++)
        {
            final long pauseMillis = backoff.delayMillis(attempt - 1);
            LOG.warn("stripe {} of {} for order {}: {}; attempt {} of {} in {} ms", operation, request.reference(),
                request.orderId(), last.describe(), attempt, config.maxAttempts(), pauseMillis);
            try
            {
                Thread.sleep(pauseMillis);
            }
            catch (final InterruptedException e)
            {
                Thread.currentThread().interrupt();
                return StripeReply.failed("interrupted", "interrupted before retrying; last: " + last.describe(),
                    false, attempt - 1);
            }
            last = attempt(httpRequest, attempt);
        }
        if (last.retryable())
        {
            LOG.warn("stripe {} of {} for order {}: {}; giving up after {} attempts", operation, request.reference(),
                request.orderId(), last.describe(), last.attempts());
        }
        return last;
    }

    private StripeReply attempt(final HttpRequest httpRequest, final int attempt)
    {
        final HttpResponse<byte[]> response;
        // The whole answer within the connect and answer timeouts: on Java 17 the request's timeout covers the wait
        // for the answer's headers only (JDK-8208693), and a body that stalled after them held this worker, and its
        // action in flight, for as long as the connection stayed open (found in review).
        final java.util.concurrent.CompletableFuture<HttpResponse<byte[]>> exchange =
            client.sendAsync(httpRequest, HttpResponse.BodyHandlers.ofByteArray());
        try
        {
            response = exchange.get(config.connectTimeoutMillis() + config.timeoutMillis(),
                java.util.concurrent.TimeUnit.MILLISECONDS);
        }
        catch (final java.util.concurrent.TimeoutException e)
        {
            exchange.cancel(true);
            return StripeReply.failed("timeout", "no whole answer within " + config.timeoutMillis() + " ms", true,
                attempt);
        }
        catch (final java.util.concurrent.ExecutionException e)
        {
            final Throwable cause = e.getCause();
            if (cause instanceof HttpConnectTimeoutException)
            {
                return StripeReply.failed("timeout", "no connection within " + config.connectTimeoutMillis() + " ms",
                    true, attempt);
            }
            if (cause instanceof HttpTimeoutException)
            {
                return StripeReply.failed("timeout", "no answer within " + config.timeoutMillis() + " ms", true,
                    attempt);
            }
            return StripeReply.failed("connection_failed", "connection failed: " + cause, true, attempt);
        }
        catch (final InterruptedException e)
        {
            exchange.cancel(true);
            Thread.currentThread().interrupt();
            return StripeReply.failed("interrupted", "interrupted while waiting for Stripe", false, attempt);
        }
        final int status = response.statusCode();
        return StripeReply.answered(status, parse(response.body()), retryable(status, response), attempt);
    }

    /**
     * Stripe's own libraries obey {@code Stripe-Should-Retry} when Stripe sends it (it says false, for example, for
     * a 5xx its idempotency layer would only replay); without it, 409 (a concurrent request with the same key),
     * 429 and 5xx are worth another attempt and other answers are not.
     */
    private static boolean retryable(final int status, final HttpResponse<?> response)
    {
        if (status >= 200 && status < 300)
        {
            return false;
        }
        final Optional<String> shouldRetry = response.headers().firstValue("Stripe-Should-Retry");
        if (shouldRetry.isPresent())
        {
            return "true".equalsIgnoreCase(shouldRetry.get().trim());
        }
        return status == 409 || status == 429 || status >= 500;
    }

    private static JsonNode parse(final byte[] body)
    {
        if (body == null || body.length == 0)
        {
            return null;
        }
        try
        {
            final JsonNode node = JSON.readTree(body);
            return node != null && node.isObject() ? node : null;
        }
        catch (final IOException e)
        {
            return null;
        }
    }
}
