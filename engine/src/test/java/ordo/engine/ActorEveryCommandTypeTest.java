package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.Set;

import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;

/**
 * Every journaled command type, as the gateway journals it with the sending key's name after its fields: the dump's
 * describer reads each type's fields whole and then the actor (a describer branch that read too little or too much
 * would name no actor or call the record malformed).
 */
class ActorEveryCommandTypeTest
{
    @Test
    void everyJournaledTypeDescribesItsActor()
    {
        final EngineDriver d = new EngineDriver();
        d.defineLocation("wh-1");
        d.defineSku("A");
        d.setInventory("A", "wh-1", 10, 0);
        d.adjust("A", "wh-1", 1, Codes.AdjustmentReason.RECEIPT);
        final long hold = d.reserve("web", "c-1", "", 600_000, "A:1").reservationId();
        d.release(hold, "web");
        d.tick();
        d.defineChannel("web", Codes.ChannelKind.WEB, new Cmd.Pool("", 5000), new Cmd.Pool("A", 100));
        d.policy(SourcingPolicy.DEFAULT);
        final long order = d.ordering().stripe("pi_1").submit().entityId();
        d.cancelOrder(order, "A:1");
        d.setFraudRules(FraudRules.DEFAULT);
        d.approve(order, "admin", "ok");
        d.reportPayment(1, Codes.PaymentOutcome.values()[0]);
        d.paymentEvent("evt_1", Codes.PaymentEventKind.values()[0], "pi_1", 1000);
        d.capture(order);
        d.markPaid(order, "paid");
        d.retryPayment(order);
        d.settleRefund(order, 1, "note");
        final Set<CommandType> seen = EnumSet.noneOf(CommandType.class);
        for (final CommandLog.Entry e : d.log().entries())
        {
            seen.add(e.type());
            final byte[] p = e.payload();
            final org.agrona.ExpandableArrayBuffer buffer = new org.agrona.ExpandableArrayBuffer(p.length + 8);
            buffer.putBytes(0, p);
            final PayloadWriter writer = new PayloadWriter().wrap(buffer, p.length);
            CommandCodec.actor(writer, "admin");
            final byte[] sent = new byte[p.length + writer.length()];
            buffer.getBytes(0, sent);
            assertThat(CommandDescriber.describe(e.type(), new UnsafeBuffer(sent), 0, sent.length)).as("%s", e)
                .containsEntry("actor", "admin");
        }
        final Set<CommandType> all = EnumSet.noneOf(CommandType.class);
        for (final CommandType t : CommandType.values())
        {
            if (t.isJournaled())
            {
                all.add(t);
            }
        }
        assertThat(seen).isEqualTo(all);
    }
}
