package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.netty.channel.DefaultEventLoop;
import io.netty.handler.codec.http.HttpVersion;
import org.junit.jupiter.api.Test;

/** The inbox's scheduling, against an event loop that only records (or refuses) the tasks it is given. */
class ReplyInboxTest {

    /** Records each task instead of running it; the first {@code failures} calls throw an OutOfMemoryError. */
    private static final class RecordingLoop extends DefaultEventLoop {
        final List<Runnable> tasks = new ArrayList<>();
        int failures;

        RecordingLoop(int failures) {
            this.failures = failures;
        }

        @Override
        public void execute(Runnable task) {
            if (failures > 0) {
                failures--;
                throw new OutOfMemoryError("test: no heap for the task");
            }
            tasks.add(task);
        }
    }

    private static PendingResponse answer() {
        return new PendingResponse(null, HttpVersion.HTTP_1_1, true, false, 0, null);
    }

    @Test
    void anAnswerPostedWhileARunIsScheduledDoesNotScheduleAnother() {
        RecordingLoop loop = new RecordingLoop(0);
        try {
            ReplyInbox inbox = new ReplyInbox(loop);
            inbox.post(answer());
            inbox.post(answer());
            assertThat(loop.tasks).as("one run takes both").hasSize(1);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    @Test
    void aRunTheLoopCouldNotTakeIsScheduledAgainByTheNextAnswer() {
        RecordingLoop loop = new RecordingLoop(1);
        try {
            ReplyInbox inbox = new ReplyInbox(loop);
            assertThatThrownBy(() -> inbox.post(answer())).isInstanceOf(OutOfMemoryError.class);

            inbox.post(answer());

            assertThat(loop.tasks).as("the second answer schedules the run the first could not").containsExactly(inbox);
        } finally {
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }
}
