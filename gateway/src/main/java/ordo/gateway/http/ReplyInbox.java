package ordo.gateway.http;

import java.util.ArrayList;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;

import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;

/**
 * Answers given off the event loop (by the reply thread, mostly) on their way to their connections: one per event
 * loop, shared by its connections.
 *
 * <p>Why: handing each answer over with {@code eventLoop.execute} cost a task object, a task-queue offer and
 * possibly a wake-up per answer, and the answer was then written and flushed on its own (a {@code writev} per
 * answer even when a dozen arrived together). Here an answer is one offer to a lock-free queue; one task runs
 * whatever has arrived by then, writes each answer into its connection, and flushes every connection it wrote to
 * once. While that task is scheduled or running, later answers join it without another task or wake-up.
 *
 * <p>Threading: {@link #post} from any thread; {@link #run} on the event loop.
 */
final class ReplyInbox implements Runnable {

    /** Answers handled per task before the loop gets back to I/O; the rest go in the next task. */
    private static final int MAX_PER_RUN = 1_024;

    private final EventLoop eventLoop;
    private final Queue<PendingResponse> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    /** Event loop only: connections written to in this run, flushed at its end. */
    private final ArrayList<HttpConnectionHandler> toFlush = new ArrayList<>();

    ReplyInbox(EventLoop eventLoop) {
        this.eventLoop = eventLoop;
    }

    /** Any thread: an answer is in its slot. */
    void post(PendingResponse slot) {
        queue.offer(slot);
        if (!scheduled.get() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }

    private void schedule() {
        try {
            eventLoop.execute(this);
        } catch (RejectedExecutionException shuttingDown) {
            // The server is stopping and its connections with it; nobody can receive these answers.
            scheduled.set(false);
            PendingResponse slot;
            while ((slot = queue.poll()) != null) {
                slot.discard();
            }
        } catch (RuntimeException | Error notScheduled) {
            // No run is coming (the heap ran out while the loop queued the task, say): the next answer posted on this
            // loop tries again and takes these with it; until one is, they wait. Left set, every later answer would
            // wait for a run that never comes. (Should the loop have queued the task after all, two runs drain the
            // queue one after the other on the loop's thread: harmless.)
            scheduled.set(false);
            throw notScheduled;
        }
    }

    @Override
    public void run() {
        // Cleared before polling: an answer posted from here on either is polled below or schedules a new run.
        scheduled.set(false);
        PendingResponse slot;
        int handled = 0;
        while (handled < MAX_PER_RUN && (slot = queue.poll()) != null) {
            handled++;
            if (slot.owner.onAnsweredDeferringFlush(slot)) {
                toFlush.add(slot.owner);
            }
        }
        for (int i = 0; i < toFlush.size(); i++) {
            toFlush.get(i).flushDeferred();
        }
        toFlush.clear();
        if (!queue.isEmpty() && !scheduled.get() && scheduled.compareAndSet(false, true)) {
            schedule();
        }
    }
}
