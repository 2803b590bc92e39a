package ordo.gateway.payments;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.EventSink;
import ordo.engine.EventType;
import ordo.engine.Ids;
import ordo.engine.PayloadReader;
import ordo.engine.PayloadWriter;
import ordo.gateway.pipeline.CoreClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the engine's payment outbox against the providers. The engine never calls a provider: it records payment
 * actions (VERIFY, CAPTURE, VOID, REFUND) and this adapter, outside it, performs each and reports the outcome back as
 * a journaled {@code PAYMENT_ACTION_RESULT}.
 *
 * <pre>
 *  engine thread ──PAYMENT_ACTION_REQUESTED──▶ onEvent: set a flag, unpark (never blocks)
 *                                                   │
 *  scanner thread (ordo-payments-scan): QUERY_PAYMENT_ACTIONS through the ring, at start-up, on a signal and
 *                 every scanIntervalMillis ──▶ each outstanding action not in flight
 *                                                   │
 *  workers (ordo-payments-N, a small fixed pool): provider call with key ordo_&lt;orderId&gt;_&lt;actionId&gt;
 *                 ──▶ PAYMENT_ACTION_RESULT through the ring (waits for room: a result is never dropped)
 * </pre>
 *
 * <p>Exactly once in effect: the idempotency key is derived from the action, so every attempt — a retry, a re-issue
 * after a crash (the start-up scan finds what is still outstanding), an operator's retry — sends the same key, and
 * the provider applies the call at most once; a second report of an action has no effect in the engine. An action is
 * run by one worker at a time (the in-flight set), and a scan that read the outbox before a result was applied does
 * not start the action again (results remember the sequence they were applied at).
 *
 * <p>Stopping: the server stops the adapter before the core. A call cut short by the stop ends in ERROR and is not
 * reported, so the action stays outstanding and is re-issued, with the same key, after the next start.
 */
public final class PaymentAdapter implements EventSink, AutoCloseable
{
    private static final Logger LOG = LoggerFactory.getLogger(PaymentAdapter.class);
    /** Outstanding actions read per query. */
    static final int PAGE = 100;
    /** Actions queued or running at once; a scan that finds more leaves the rest for the next scan. */
    static final int MAX_IN_FLIGHT = 256;
    static final long REPLY_TIMEOUT_MILLIS = 30_000;
    static final long STOP_TIMEOUT_MILLIS = 10_000;
    private static final int MAX_PROVIDER_STATUS_CHARS = 64;
    private static final int MAX_DETAIL_CHARS = 500;

    /** One outstanding action as the PAYMENT_ACTIONS view shows it. */
    record Action(long id, long orderId, Codes.PaymentActionKind kind, String provider, String reference,
        long amountMinor, String currency, int attempts)
    {
    }

    private record Page(long afterActionId, int limit)
    {
        static void encode(final Page p, final PayloadWriter w)
        {
            CommandCodec.queryPaymentActions(w, p.afterActionId, p.limit);
        }
    }

    private record Result(long actionId, Codes.PaymentOutcome outcome, String providerStatus, long amountMinor,
        String currency, String detail)
    {
        static void encode(final Result r, final PayloadWriter w)
        {
            CommandCodec.paymentActionResult(w, 0, 0, r.actionId, r.outcome, r.providerStatus, r.amountMinor,
                r.currency, r.detail);
        }
    }

    private final PaymentProviders providers;
    private final PaymentAdapterConfig config;
    private final AtomicBoolean signalled = new AtomicBoolean();
    /** A scan stopped for want of room: the next worker to finish asks for another. */
    private final AtomicBoolean backlog = new AtomicBoolean();
    private final Set<Long> inFlight = ConcurrentHashMap.newKeySet();
    /** Action id → sequence its result was applied at, until a scan at or after that sequence has been read. */
    private final Map<Long, Long> resolvedAtSeq = new ConcurrentHashMap<>();
    private volatile boolean running;
    private volatile Thread scanner;
    private ExecutorService workers;
    private final List<Thread> workerThreads = new CopyOnWriteArrayList<>();
    private CoreClient core;

    public PaymentAdapter(final PaymentProviders providers, final PaymentAdapterConfig config)
    {
        this.providers = providers;
        this.config = config;
    }

    /** The provider idempotency key of an action: the same on every attempt, also after a restart. */
    public static String idempotencyKey(final long orderId, final long actionId)
    {
        return "ordo_" + Ids.formatOrderId(orderId) + "_" + actionId;
    }

    /** Engine thread (also while the journal is replayed at start-up): only signals the scanner. */
    @Override
    public void onEvent(final EventType type, final long seq, final long timeMillis, final long entityId)
    {
        if (type == EventType.PAYMENT_ACTION_REQUESTED)
        {
            wake();
        }
    }

    /** After recovery: starts the scanner (which scans at once) and the workers. */
    public synchronized void start(final CoreClient client)
    {
        if (scanner != null)
        {
            throw new IllegalStateException("the payment adapter is already started");
        }
        this.core = client;
        final AtomicInteger worker = new AtomicInteger();
        workers = new ThreadPoolExecutor(config.workers(), config.workers(), 0, TimeUnit.MILLISECONDS,
            new LinkedBlockingQueue<>(), task ->
            {
                final Thread thread = new Thread(task, "ordo-payments-" + worker.incrementAndGet());
                thread.setDaemon(true);
                workerThreads.add(thread);
                return thread;
            });
        running = true;
        signalled.set(true);
        final Thread thread = new Thread(this::scanLoop, "ordo-payments-scan");
        thread.setDaemon(true);
        scanner = thread;
        thread.start();
        LOG.info("payment adapter started: {} worker(s), outbox read every {} ms, providers {}", config.workers(),
            config.scanIntervalMillis(), providers.names());
    }

    /** Actions queued or being run now (a gauge). */
    public int inFlight()
    {
        return inFlight.size();
    }

    private void wake()
    {
        signalled.set(true);
        final Thread thread = scanner;
        if (thread != null)
        {
            LockSupport.unpark(thread);
        }
    }

    private void scanLoop()
    {
        final long intervalNanos = TimeUnit.MILLISECONDS.toNanos(config.scanIntervalMillis());
        while (running)
        {
            // Cleared before reading: an action announced while the scan runs makes the loop scan again at once.
            signalled.set(false);
            try
            {
                scan();
            }
            catch (final InterruptedException e)
            {
                return;
            }
            catch (final TimeoutException | RuntimeException e)
            {
                LOG.warn("reading the payment outbox failed; trying again in {} ms", config.scanIntervalMillis(), e);
            }
            if (!signalled.get() && running)
            {
                LockSupport.parkNanos(this, intervalNanos);
            }
        }
    }

    /** Scanner thread: reads every outstanding action, oldest first, and hands those not in flight to a worker. */
    private void scan() throws TimeoutException, InterruptedException
    {
        long after = 0;
        long firstSeq = -1;
        do
        {
            final CoreClient.Answer page = core.call(CommandType.QUERY_PAYMENT_ACTIONS, new Page(after, PAGE),
                Page::encode, REPLY_TIMEOUT_MILLIS, () -> running);
            if (page == null || !page.isOk())
            {
                return;
            }
            firstSeq = firstSeq < 0 ? page.seq() : firstSeq;
            final PayloadReader r = page.reader();
            final int count = r.readShort();
            for (int i = 0; i < count; i++)
            {
                final long actionId = r.readLong();
                final long orderId = r.readLong();
                final Codes.PaymentActionKind kind = Codes.PaymentActionKind.fromCode(r.readByte());
                r.readByte(); // status: always OUTSTANDING in this view
                final Action action = new Action(actionId, orderId, kind, r.readAsciiString(), r.readAsciiString(),
                    r.readLong(), r.readAsciiString(), r.readInt());
                if (!dispatch(action, page.seq()))
                {
                    return; // full (or stopping): the rest waits for the next scan
                }
            }
            after = r.readLong();
        }
        while (after != 0 && running);
        // Every result applied before the first page was read is reflected in the whole scan: forget them.
        final long reflected = firstSeq;
        resolvedAtSeq.values().removeIf(seq -> seq <= reflected);
    }

    /** @return false when no more actions can be taken now */
    private boolean dispatch(final Action action, final long viewSeq)
    {
        if (inFlight.size() >= MAX_IN_FLIGHT)
        {
            backlog.set(true);
            return false;
        }
        if (!inFlight.add(action.id()))
        {
            return true;
        }
        final Long resolved = resolvedAtSeq.get(action.id());
        if (resolved != null && resolved > viewSeq)
        {
            // The view was read before this action's result was applied: not outstanding any more.
            inFlight.remove(action.id());
            return true;
        }
        try
        {
            workers.execute(() -> run(action));
        }
        catch (final java.util.concurrent.RejectedExecutionException e)
        {
            inFlight.remove(action.id()); // stopping
            return false;
        }
        return true;
    }

    /** Worker thread: one provider call (its retries are the provider's), then the result into the ring. */
    private void run(final Action action)
    {
        try
        {
            final ProviderResult result = callSafely(action);
            if (!running && result.outcome() == Outcome.ERROR)
            {
                LOG.info("payment action {} ({} {}) cut short by the stop; it is re-issued after the next start",
                    action.id(), action.kind(), Ids.formatOrderId(action.orderId()));
                return;
            }
            report(action, result);
        }
        catch (final InterruptedException e)
        {
            LOG.info("payment action {} not reported: stopping; it is re-issued after the next start", action.id());
        }
        catch (final TimeoutException | RuntimeException e)
        {
            // Not applied, or not known to be: if it is still outstanding, a later scan runs it again (same key).
            LOG.error("payment action {} ({} {}): its result could not be reported", action.id(), action.kind(),
                Ids.formatOrderId(action.orderId()), e);
        }
        finally
        {
            inFlight.remove(action.id());
            if (running && backlog.getAndSet(false))
            {
                wake();
            }
        }
    }

    /** Providers answer, never throw; should one throw anyway, the order shows it rather than a silent retry loop. */
    private ProviderResult callSafely(final Action action)
    {
        try
        {
            return call(action);
        }
        catch (final RuntimeException e)
        {
            LOG.error("payment action {} ({} {}) failed in the adapter", action.id(), action.kind(),
                Ids.formatOrderId(action.orderId()), e);
            return new ProviderResult(Outcome.ERROR, "adapter_error", action.amountMinor(), action.currency(),
                "the payment adapter failed: " + e);
        }
    }

    private ProviderResult call(final Action action)
    {
        if (OfflineProvider.NAME.equals(action.provider()))
        {
            // Cash on delivery and pay in store: nothing to call; the money is recorded by mark-paid.
            return new ProviderResult(Outcome.SUCCEEDED, "offline", action.amountMinor(), action.currency(),
                "offline payment: nothing to do at a provider");
        }
        final PaymentProvider provider = providers.provider(action.provider()).orElse(null);
        if (provider == null)
        {
            return new ProviderResult(Outcome.ERROR, "provider_not_configured", action.amountMinor(),
                action.currency(), "payment provider '" + action.provider() + "' is not configured on this server");
        }
        final PaymentRequest request = new PaymentRequest(action.reference().isEmpty() ? null : action.reference(),
            action.amountMinor(), action.currency(), idempotencyKey(action.orderId(), action.id()),
            Ids.formatOrderId(action.orderId()));
        return switch (action.kind())
        {
            case VERIFY -> provider.verify(request);
            case CAPTURE -> provider.capture(request);
            case VOID -> provider.voidAuthorization(request);
            case REFUND -> provider.refund(request);
        };
    }

    private void report(final Action action, final ProviderResult result) throws TimeoutException, InterruptedException
    {
        final Result command = new Result(action.id(), Codes.PaymentOutcome.valueOf(result.outcome().name()),
            ascii(result.providerStatus(), MAX_PROVIDER_STATUS_CHARS), result.amountMinor(),
            ascii(result.currency(), 3), truncate(result.detail(), MAX_DETAIL_CHARS));
        // Waits for room in the ring until published or the adapter stops: a result is never dropped while it runs.
        final CoreClient.Answer answer = core.call(CommandType.PAYMENT_ACTION_RESULT, command, Result::encode,
            REPLY_TIMEOUT_MILLIS, () -> true);
        if (answer == null || !answer.isOk())
        {
            LOG.error("payment action {} result {} was not applied: {}", action.id(), result.outcome(),
                answer == null ? "not published" : answer.journalFailed() ? "journal failed" : answer.code());
            return;
        }
        resolvedAtSeq.put(action.id(), answer.seq());
        LOG.info("payment action {} {} {} of {} at {}: {} ({})", action.id(), action.kind(), action.amountMinor(),
            Ids.formatOrderId(action.orderId()), action.provider(), result.outcome(), result.detail());
    }

    /** Printable ASCII, at most {@code max} characters (the command stores provider status and currency as ASCII). */
    private static String ascii(final String text, final int max)
    {
        final StringBuilder out = new StringBuilder(Math.min(text.length(), max));
        for (int i = 0; i < text.length() && out.length() < max; i++)
        {
            final char c = text.charAt(i);
            out.append(c >= ' ' && c <= '~' ? c : '?');
        }
        return out.toString();
    }

    private static String truncate(final String text, final int max)
    {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /**
     * Stops scanning, interrupts provider calls in flight (their actions stay outstanding) and waits for the workers.
     * Call before closing the core: a worker may still be handing a result to the ring.
     */
    @Override
    public synchronized void close()
    {
        final Thread thread = scanner;
        if (thread == null || !running)
        {
            return;
        }
        running = false;
        final int cutShort = inFlight.size();
        LockSupport.unpark(thread);
        thread.interrupt();
        workers.shutdownNow();
        try
        {
            thread.join(STOP_TIMEOUT_MILLIS);
            if (!workers.awaitTermination(STOP_TIMEOUT_MILLIS, TimeUnit.MILLISECONDS))
            {
                LOG.warn("payment workers did not stop within {} ms", STOP_TIMEOUT_MILLIS);
            }
            // Terminated means no task runs; joining also waits for the threads themselves to end.
            for (final Thread worker : workerThreads)
            {
                worker.join(STOP_TIMEOUT_MILLIS);
            }
        }
        catch (final InterruptedException e)
        {
            Thread.currentThread().interrupt();
        }
        LOG.info("payment adapter stopped ({} action(s) were in flight)", cutShort);
    }
}
