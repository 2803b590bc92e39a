package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import ordo.engine.CommandType;
import org.junit.jupiter.api.Test;

/**
 * A reply target that fails loses its own answer only: the command is journaled and applied, so the pipeline goes on
 * (and its slot is cleared) — also when the failure is running out of memory for the response, which used to reach
 * the ring's fatal handler and refuse every later command until a restart.
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

    private static CommandSlot slot(final CommandType type, final ReplyTarget target)
    {
        final CommandSlot slot = new CommandSlot();
        slot.type = type;
        slot.target = target;
        return slot;
    }
}
