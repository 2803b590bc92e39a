package ordo.gateway.payments;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A Stripe look-alike on a loopback port, for {@link StripeProvider} tests. It keeps PaymentIntents and refunds the
 * way Stripe does (capture only from {@code requires_capture}, cancel only before capture, refunds up to what was
 * received) and honours {@code Idempotency-Key} like Stripe: a key seen before with the same request is answered
 * with the stored first answer and applies nothing; with another request, 400 {@code idempotency_error}.
 *
 * <p>Faults are scripted per method and path and are used up in order, before the simulation answers: a status
 * with a body, a hang (no answer until the fake closes), a dropped connection, or "apply, then drop" / "apply,
 * then hang" (Stripe did it but the answer is lost), or a {@link Hold} that keeps a call in flight until the test
 * releases it (to restart Ordo while a capture is outstanding). Every request is recorded.
 *
 * <p>Public: the end-to-end payment tests drive Ordo's payment adapter against it.
 */
public final class FakeStripe implements AutoCloseable
{
    public static final String SECRET_KEY = "sk_test_fake_4eC39HqLyjWDarjtT1zdp7dc";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern INTENT_PATH =
        Pattern.compile("/v1/payment_intents/([A-Za-z0-9_]+)(/capture|/cancel)?");
    private static final long HANG_LIMIT_SECONDS = 10;

    /** One request as the fake saw it. */
    public record Seen(String method, String path, String idempotencyKey, String authorization, String contentType,
        Map<String, String> form)
    {
    }

    /** What the fake does with the next request to a path, instead of (or around) answering it. */
    public sealed interface Fault permits Answer, Hang, Drop, ApplyThenDrop, ApplyThenHang, ApplyThenStall, Hold
    {
    }

    public record Answer(int status, String json, Map<String, String> headers) implements Fault
    {
    }

    public record Hang() implements Fault
    {
    }

    public record Drop() implements Fault
    {
    }

    public record ApplyThenDrop() implements Fault
    {
    }

    public record ApplyThenHang() implements Fault
    {
    }

    /** Applies the request, sends the answer's status and headers and half its body, then stalls. */
    public record ApplyThenStall() implements Fault
    {
    }

    /**
     * Holds one request until {@link #release()}: with {@code applyFirst} the call is applied and its answer held
     * (Stripe did it, the caller is still waiting), else it is held before anything is applied. When the fake closes
     * first, the connection is dropped without an answer.
     */
    public static final class Hold implements Fault
    {
        private final boolean applyFirst;
        private final CountDownLatch arrived = new CountDownLatch(1);
        private final CountDownLatch released = new CountDownLatch(1);
        private final CountDownLatch finished = new CountDownLatch(1);
        private volatile boolean dropped;

        private Hold(final boolean applyFirst)
        {
            this.applyFirst = applyFirst;
        }

        /** Waits until the held request has reached the fake; false when it did not within the time. */
        public boolean awaitArrival(final long timeout, final TimeUnit unit) throws InterruptedException
        {
            return arrived.await(timeout, unit);
        }

        public boolean hasArrived()
        {
            return arrived.getCount() == 0;
        }

        /**
         * Waits until the fake is done with the held request (answered, or dropped): what it applied is applied, so a
         * late request's effect, or its lack, can be asserted. False when it did not finish within the time.
         */
        public boolean awaitFinished(final long timeout, final TimeUnit unit) throws InterruptedException
        {
            return finished.await(timeout, unit);
        }

        /** Lets the held request go on: applied (unless it already was) and answered. */
        public void release()
        {
            released.countDown();
        }
    }

    /** A PaymentIntent as the fake keeps it; read its fields after {@link #intent(String)}. */
    public static final class Intent
    {
        public final String id;
        public final long amount;
        public final String currency;
        public String status;
        public long amountReceived;
        public long amountRefunded;
        public int captures;
        public int cancels;

        Intent(final String id, final long amount, final String currency, final String status)
        {
            this.id = id;
            this.amount = amount;
            this.currency = currency;
            this.status = status;
        }
    }

    private record Stored(String fingerprint, int status, String json)
    {
    }

    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final CountDownLatch closing = new CountDownLatch(1);
    private final java.util.Set<Hold> holds = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private final Map<String, Intent> intents = new HashMap<>();
    private final Map<String, Deque<Fault>> scripts = new HashMap<>();
    private final Map<String, Fault> always = new HashMap<>();
    private final Map<String, Stored> idempotent = new HashMap<>();
    /** Every refund made, as Stripe lists it (with its metadata). */
    private final List<ObjectNode> refundsMade = new ArrayList<>();
    private final List<Seen> seen = new ArrayList<>();
    private int refunds;

    private FakeStripe() throws IOException
    {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    public static FakeStripe start()
    {
        try
        {
            return new FakeStripe();
        }
        catch (final IOException e)
        {
            throw new IllegalStateException("cannot start the fake Stripe", e);
        }
    }

    public String baseUrl()
    {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    public synchronized FakeStripe intent(final String id, final long amount, final String currency, final String status)
    {
        intents.put(id, new Intent(id, amount, currency, status));
        return this;
    }

    public synchronized Intent intent(final String id)
    {
        return intents.get(id);
    }

    /** Faults for the next requests to {@code method path}, in order; then the simulation answers again. */
    public synchronized FakeStripe script(final String method, final String path, final Fault... faults)
    {
        scripts.computeIfAbsent(method + " " + path, k -> new ArrayDeque<>()).addAll(List.of(faults));
        return this;
    }

    /** The same fault for every request to {@code method path}. */
    public synchronized FakeStripe always(final String method, final String path, final Fault fault)
    {
        always.put(method + " " + path, fault);
        return this;
    }

    public synchronized List<Seen> requests()
    {
        return List.copyOf(seen);
    }

    public synchronized List<Seen> requests(final String method, final String path)
    {
        return seen.stream().filter(s -> s.method().equals(method) && s.path().equals(path)).toList();
    }

    /** A refund made in Stripe's dashboard: no idempotency key, no metadata of Ordo's. */
    public synchronized void dashboardRefund(final String intentId, final long amount)
    {
        final Intent intent = intents.get(intentId);
        intent.amountRefunded += amount;
        refunds++;
        final ObjectNode refund = JSON.createObjectNode().put("id", "re_" + refunds).put("object", "refund")
            .put("amount", amount).put("currency", intent.currency.toLowerCase()).put("payment_intent", intent.id)
            .put("status", "succeeded");
        refund.putObject("metadata");
        refundsMade.add(refund);
    }

    /** The refund {@code refundId} fails after it was accepted (a closed card): its status, and the intent's total. */
    public synchronized void failRefund(final String refundId)
    {
        for (final ObjectNode refund : refundsMade)
        {
            if (refund.path("id").asText().equals(refundId))
            {
                refund.put("status", "failed").put("failure_reason", "expired_or_canceled_card");
                intents.get(refund.path("payment_intent").asText()).amountRefunded -= refund.path("amount").asLong();
                return;
            }
        }
        throw new IllegalArgumentException("no refund " + refundId);
    }

    /** Stripe forgets an idempotency key after 24 h: a request with it is new again. */
    public synchronized void forgetIdempotencyKeys()
    {
        idempotent.clear();
    }

    public synchronized int refundsApplied()
    {
        return refunds;
    }

    public static Answer answer(final int status, final String json)
    {
        return new Answer(status, json, Map.of());
    }

    public static Answer answer(final int status, final String json, final Map<String, String> headers)
    {
        return new Answer(status, json, headers);
    }

    public static Answer serverError()
    {
        return answer(500,
            "{\"error\":{\"type\":\"api_error\",\"message\":\"Something went wrong on Stripe's end.\"}}");
    }

    public static Answer error(final int status, final String type, final String code, final String message)
    {
        return answer(status, "{\"error\":{\"type\":\"" + type + "\",\"code\":\"" + code + "\",\"message\":\""
            + message + "\"}}");
    }

    public static Answer cardDeclined(final String declineCode)
    {
        return answer(402, "{\"error\":{\"type\":\"card_error\",\"code\":\"card_declined\",\"decline_code\":\""
            + declineCode + "\",\"message\":\"Your card was declined.\"}}");
    }

    public static Hang hang()
    {
        return new Hang();
    }

    public static Drop drop()
    {
        return new Drop();
    }

    public static ApplyThenDrop applyThenDrop()
    {
        return new ApplyThenDrop();
    }

    public static ApplyThenHang applyThenHang()
    {
        return new ApplyThenHang();
    }

    public static ApplyThenStall applyThenStall()
    {
        return new ApplyThenStall();
    }

    /** Holds the request before applying it; script it, then {@link Hold#release()} it. */
    public static Hold holdRequest()
    {
        return new Hold(false);
    }

    /** Applies the request, then holds its answer; script it, then {@link Hold#release()} it. */
    public static Hold holdAnswer()
    {
        return new Hold(true);
    }

    @Override
    public void close()
    {
        closing.countDown();
        for (final Hold hold : holds)
        {
            hold.dropped = true;
            hold.released.countDown();
        }
        server.stop(0);
        executor.shutdownNow();
        try
        {
            if (!executor.awaitTermination(5, TimeUnit.SECONDS))
            {
                throw new IllegalStateException("the fake Stripe's handlers did not stop");
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
    }

    private void handle(final HttpExchange exchange) throws IOException
    {
        final String method = exchange.getRequestMethod();
        final String path = exchange.getRequestURI().getPath();
        final String query = exchange.getRequestURI().getRawQuery();
        final Map<String, String> form;
        try (InputStream in = exchange.getRequestBody())
        {
            final String body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // A GET's parameters are its query's (Stripe's list calls); a POST's, its form's.
            form = parseForm("GET".equals(method) && query != null ? query : body);
        }
        final String key = exchange.getRequestHeaders().getFirst("Idempotency-Key");
        final Fault fault;
        synchronized (this)
        {
            seen.add(new Seen(method, path, key, exchange.getRequestHeaders().getFirst("Authorization"),
                exchange.getRequestHeaders().getFirst("Content-Type"), form));
            final Deque<Fault> script = scripts.get(method + " " + path);
            fault = script != null && !script.isEmpty() ? script.poll() : always.get(method + " " + path);
        }
        try
        {
            if (fault instanceof Answer a)
            {
                a.headers().forEach((name, value) -> exchange.getResponseHeaders().add(name, value));
                respond(exchange, a.status(), a.json());
                return;
            }
            if (fault instanceof Hang)
            {
                hangThenDrop();
            }
            if (fault instanceof Drop)
            {
                drop(exchange);
            }
            if (fault instanceof Hold h && !h.applyFirst)
            {
                hold(h);
            }
            final Stored answer = simulate(exchange, method, path, key, form);
            if (fault instanceof Hold h && h.applyFirst)
            {
                hold(h);
            }
            if (fault instanceof ApplyThenDrop)
            {
                drop(exchange);
            }
            if (fault instanceof ApplyThenHang)
            {
                hangThenDrop();
            }
            if (fault instanceof ApplyThenStall)
            {
                final byte[] bytes = answer.json().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                exchange.sendResponseHeaders(answer.status(), bytes.length);
                exchange.getResponseBody().write(bytes, 0, bytes.length / 2);
                exchange.getResponseBody().flush();
                hangThenDrop();
            }
            respond(exchange, answer.status(), answer.json());
        }
        finally
        {
            if (fault instanceof Hold h)
            {
                h.finished.countDown();
            }
        }
    }

    /** Until released; dropped without an answer when the fake closes first (or after the hang limit). */
    private void hold(final Hold hold)
    {
        holds.add(hold);
        hold.arrived.countDown();
        try
        {
            if (closing.getCount() == 0 || !hold.released.await(HANG_LIMIT_SECONDS * 3, TimeUnit.SECONDS) ||
                hold.dropped)
            {
                throw new IllegalStateException("held until the fake closed");
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while held", e);
        }
        finally
        {
            holds.remove(hold);
        }
    }

    private void hangThenDrop()
    {
        try
        {
            closing.await(HANG_LIMIT_SECONDS, TimeUnit.SECONDS);
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        throw new IllegalStateException("hung until the fake closed");
    }

    /** The JDK server closes the connection, without an answer, when a handler throws. */
    private static void drop(final HttpExchange exchange)
    {
        throw new IllegalStateException("connection dropped on purpose");
    }

    private synchronized Stored simulate(final HttpExchange exchange, final String method, final String path,
        final String key, final Map<String, String> form)
    {
        final String expectedAuth = "Bearer " + SECRET_KEY;
        if (!expectedAuth.equals(exchange.getRequestHeaders().getFirst("Authorization")))
        {
            return new Stored(null, 401, errorJson("invalid_request_error", null, "Invalid API Key provided"));
        }
        if ("POST".equals(method))
        {
            if (!"application/x-www-form-urlencoded".equals(exchange.getRequestHeaders().getFirst("Content-Type")))
            {
                return new Stored(null, 400, errorJson("invalid_request_error", "parameter_invalid", "not a form"));
            }
            if (key != null)
            {
                final String fingerprint = method + " " + path + " " + form;
                final Stored earlier = idempotent.get(key);
                if (earlier != null)
                {
                    return earlier.fingerprint().equals(fingerprint) ? earlier
                        : new Stored(null, 400, errorJson("idempotency_error", null,
                            "Keys for idempotent requests can only be used with the same parameters"));
                }
                final Stored answer = execute(method, path, form);
                idempotent.put(key, new Stored(fingerprint, answer.status(), answer.json()));
                return answer;
            }
        }
        return execute(method, path, form);
    }

    private Stored execute(final String method, final String path, final Map<String, String> form)
    {
        if ("POST".equals(method) && "/v1/refunds".equals(path))
        {
            return refund(form);
        }
        if ("GET".equals(method) && "/v1/refunds".equals(path))
        {
            // Stripe's list of a PaymentIntent's refunds (?payment_intent=…), newest first, a page of `limit` (10
            // unless given) after `starting_after`: here from the form the query became.
            final List<ObjectNode> all = new ArrayList<>(refundsMade.stream()
                .filter(r -> r.path("payment_intent").asText().equals(form.get("payment_intent"))).toList());
            java.util.Collections.reverse(all);
            int from = 0;
            if (form.containsKey("starting_after"))
            {
                while (from < all.size() && !all.get(from).path("id").asText().equals(form.get("starting_after")))
                {
                    from++;
                }
                from++;
            }
            final int limit = Integer.parseInt(form.getOrDefault("limit", "10"));
            final int to = Math.min(all.size(), from + limit);
            final ObjectNode list = JSON.createObjectNode().put("object", "list").put("has_more", to < all.size());
            final com.fasterxml.jackson.databind.node.ArrayNode data = list.putArray("data");
            all.subList(Math.min(from, to), to).forEach(data::add);
            return new Stored(null, 200, list.toString());
        }
        final Matcher m = INTENT_PATH.matcher(path);
        final Intent intent = m.matches() ? intents.get(m.group(1)) : null;
        if (intent == null)
        {
            return new Stored(null, 404, errorJson("invalid_request_error", "resource_missing",
                "No such payment_intent"));
        }
        final String action = m.group(2);
        if ("GET".equals(method) && action == null)
        {
            return new Stored(null, 200, intentJson(intent).toString());
        }
        if ("POST".equals(method) && "/capture".equals(action))
        {
            if (!"requires_capture".equals(intent.status))
            {
                return unexpectedState(intent, "capture");
            }
            final long amount = form.containsKey("amount_to_capture")
                ? Long.parseLong(form.get("amount_to_capture")) : intent.amount;
            if (amount > intent.amount)
            {
                return new Stored(null, 400, errorJson("invalid_request_error", "amount_too_large",
                    "amount_to_capture is greater than the amount capturable"));
            }
            intent.status = "succeeded";
            intent.amountReceived = amount;
            intent.captures++;
            return new Stored(null, 200, intentJson(intent).toString());
        }
        if ("POST".equals(method) && "/cancel".equals(action))
        {
            if ("succeeded".equals(intent.status) || "canceled".equals(intent.status))
            {
                return unexpectedState(intent, "cancel");
            }
            intent.status = "canceled";
            intent.cancels++;
            return new Stored(null, 200, intentJson(intent).toString());
        }
        return new Stored(null, 404, errorJson("invalid_request_error", null, "Unrecognized request URL"));
    }

    private Stored refund(final Map<String, String> form)
    {
        final Intent intent = intents.get(form.get("payment_intent"));
        if (intent == null)
        {
            return new Stored(null, 404, errorJson("invalid_request_error", "resource_missing",
                "No such payment_intent"));
        }
        if (!"succeeded".equals(intent.status))
        {
            return new Stored(null, 400, errorJson("invalid_request_error", "charge_not_captured",
                "This PaymentIntent has no captured charge to refund"));
        }
        final long left = intent.amountReceived - intent.amountRefunded;
        if (left == 0)
        {
            return new Stored(null, 400, errorJson("invalid_request_error", "charge_already_refunded",
                "Charge has already been refunded."));
        }
        final long amount = form.containsKey("amount") ? Long.parseLong(form.get("amount")) : left;
        if (amount > left)
        {
            return new Stored(null, 400, errorJson("invalid_request_error", "amount_too_large",
                "Refund amount is greater than unrefunded amount on charge"));
        }
        intent.amountRefunded += amount;
        refunds++;
        final ObjectNode refund = JSON.createObjectNode()
            .put("id", "re_" + refunds)
            .put("object", "refund")
            .put("amount", amount)
            .put("currency", intent.currency.toLowerCase())
            .put("payment_intent", intent.id)
            .put("status", "succeeded");
        final ObjectNode metadata = refund.putObject("metadata");
        form.forEach((name, value) ->
        {
            if (name.startsWith("metadata[") && name.endsWith("]"))
            {
                metadata.put(name.substring("metadata[".length(), name.length() - 1), value);
            }
        });
        refundsMade.add(refund);
        return new Stored(null, 200, refund.toString());
    }

    private static Stored unexpectedState(final Intent intent, final String action)
    {
        final ObjectNode body = JSON.createObjectNode();
        body.putObject("error")
            .put("type", "invalid_request_error")
            .put("code", "payment_intent_unexpected_state")
            .put("message", "You cannot " + action + " this PaymentIntent because it has a status of "
                + intent.status + ".")
            .set("payment_intent", intentJson(intent));
        return new Stored(null, 400, body.toString());
    }

    private static ObjectNode intentJson(final Intent intent)
    {
        return JSON.createObjectNode()
            .put("id", intent.id)
            .put("object", "payment_intent")
            .put("amount", intent.amount)
            .put("amount_capturable", "requires_capture".equals(intent.status) ? intent.amount : 0)
            .put("amount_received", intent.amountReceived)
            .put("capture_method", "manual")
            .put("currency", intent.currency.toLowerCase())
            .put("status", intent.status);
    }

    private static String errorJson(final String type, final String code, final String message)
    {
        final ObjectNode body = JSON.createObjectNode();
        final ObjectNode error = body.putObject("error").put("type", type).put("message", message);
        if (code != null)
        {
            error.put("code", code);
        }
        return body.toString();
    }

    private static void respond(final HttpExchange exchange, final int status, final String json) throws IOException
    {
        final byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody())
        {
            out.write(bytes);
        }
    }

    private static Map<String, String> parseForm(final String body)
    {
        final Map<String, String> form = new LinkedHashMap<>();
        if (body.isEmpty())
        {
            return form;
        }
        for (final String pair : body.split("&"))
        {
            final int equals = pair.indexOf('=');
            form.put(URLDecoder.decode(equals < 0 ? pair : pair.substring(0, equals), StandardCharsets.UTF_8),
                equals < 0 ? "" : URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
        }
        return form;
    }
}
