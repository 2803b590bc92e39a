package ordo.gateway.pipeline;

/**
 * Where a command's answer goes. Called on the reply thread once the command is both journaled (if it is a
 * journaled command) and applied; the slot is reused as soon as this returns, so copy what you need.
 */
@FunctionalInterface
public interface ReplyTarget
{
    void onReply(CommandSlot slot);
}
