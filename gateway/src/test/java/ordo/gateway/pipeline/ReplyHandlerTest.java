package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Constructor;
import java.util.ArrayList;
import java.util.List;

import io.netty.util.internal.OutOfDirectMemoryError;
import ordo.engine.CommandType;
import org.junit.jupiter.api.Test;

/**
 * A reply target that fails loses its own answer only: the command is journaled and applied, so the pipeline goes on
 * (and its slot is cleared) — also when the failure is running out of direct memory for the response, which used to
 * reach the ring's fatal handler and refuse every later command until a restart. Out of heap still does.
 */
class ReplyHandlerTest
{
    @Test
    void aTargetOutOfMemoryForItsAnswerFailsThatAnswerOnlyAndTheNextOneLeaves()
    {
        final CoreHealth health = new CoreHealth();
        final ReplyHandler replying = new ReplyHandler(null, health);
        final List<CommandType> answered = new ArrayList<>();

        final CommandSlot failing = slot(CommandType.RESERVE, s ->
        {
            throw new OutOfMemoryError("Cannot reserve 4194304 bytes of direct buffer memory (a test)");
        });
        replying.onEvent(failing, 0, false);
        final CommandSlot next = slot(CommandType.RELEASE_RESERVATION, s -> answered.add(s.type()));
        replying.onEvent(next, 1, true);

        assertThat(health.journalFailed()).as("the core still takes commands").isFalse();
        assertThat(answered).containsExactly(CommandType.RELEASE_RESERVATION);
        assertThat(failing.target).as("the failed slot is cleared all the same").isNull();
        assertThat(next.target).isNull();
    }

    @Test
    void nettysOutOfDirectMemoryIsSurvivedToo() throws Exception
    {
        final CoreHealth health = new CoreHealth();
        final ReplyHandler replying = new ReplyHandler(null, health);
        // Netty's own error, as its allocator throws it (its constructor is package-private).
        final Constructor<OutOfDirectMemoryError> make =
            OutOfDirectMemoryError.class.getDeclaredConstructor(String.class);
        make.setAccessible(true);
        final OutOfMemoryError nettys = make.newInstance("failed to allocate 4194304 byte(s) (a test)");
        final CommandSlot failing = slot(CommandType.RESERVE, s ->
        {
            throw nettys;
        });

        replying.onEvent(failing, 0, true);

        assertThat(health.journalFailed()).isFalse();
        assertThat(failing.target).isNull();
    }

    /** Out of heap is the process's trouble, not one answer's: it goes on to the ring's fatal handler, as before. */
    @Test
    void outOfHeapIsNotTakenForOneAnswersTrouble()
    {
        final ReplyHandler replying = new ReplyHandler(null, new CoreHealth());
        final CommandSlot failing = slot(CommandType.RESERVE, s ->
        {
            throw new OutOfMemoryError("Java heap space (a test)");
        });

        assertThatThrownBy(() -> replying.onEvent(failing, 0, true)).isInstanceOf(OutOfMemoryError.class)
            .hasMessageContaining("Java heap space");
        assertThat(failing.target).as("the slot is cleared all the same").isNull();
    }

    @Test
    void aTargetThatThrowsARuntimeExceptionFailsThatAnswerOnly()
    {
        final CoreHealth health = new CoreHealth();
        final ReplyHandler replying = new ReplyHandler(null, health);
        final CommandSlot failing = slot(CommandType.RESERVE, s ->
        {
            throw new IllegalStateException("a rendering bug (a test)");
        });

        replying.onEvent(failing, 0, true);

        assertThat(health.journalFailed()).isFalse();
        assertThat(failing.target).isNull();
    }

    /**
     * Once the journal has failed: a command its last group commit covered is still acknowledged (a 503 saying it was
     * not made its client retry it), one after is refused, and so is every query (the engine went on applying commands
     * the journal lacks; a query would show them, and the payment adapter acted on them: found in review).
     */
    @Test
    void afterAJournalFailureCommittedCommandsAreAnsweredLaterOnesAndQueriesRefused()
    {
        final CoreHealth health = new CoreHealth();
        final ReplyHandler replying = new ReplyHandler(null, health);
        health.journaled(10);
        health.failJournal(new java.io.IOException("disk full (a test)"));
        final List<Boolean> refused = new ArrayList<>();
        final ReplyTarget record = s -> refused.add(s.journalFailed());

        final CommandSlot committed = slot(CommandType.RESERVE, record);
        committed.reply.reset(10, 0);
        replying.onEvent(committed, 0, false);
        final CommandSlot uncommitted = slot(CommandType.RESERVE, record);
        uncommitted.reply.reset(11, 0);
        replying.onEvent(uncommitted, 1, false);
        final CommandSlot query = slot(CommandType.QUERY_PAYMENT_ACTIONS, record);
        query.reply.reset(10, 0);
        replying.onEvent(query, 2, true);

        assertThat(refused).containsExactly(false, true, true);
    }

    private static CommandSlot slot(final CommandType type, final ReplyTarget target)
    {
        final CommandSlot slot = new CommandSlot();
        slot.type = type;
        slot.target = target;
        return slot;
    }
}
