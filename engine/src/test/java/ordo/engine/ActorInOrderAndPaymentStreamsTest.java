package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.PaymentOpRunner;
import ordo.engine.testing.RandomPayments;
import ordo.engine.testing.Result;

/**
 * Random order and payment streams (orders placed, paid, captured, refunded, cancelled, reviewed) replayed with the
 * longest actor after every command answer and end exactly as without: the engine reads only a command's fields.
 */
class ActorInOrderAndPaymentStreamsTest
{
    @Provide
    Arbitrary<List<RandomPayments.Op>> paymentStreams()
    {
        return RandomPayments.streams(10, 100);
    }

    @Property(tries = 30)
    void paymentStreamsDecideAlikeWithActors(@ForAll("paymentStreams") final List<RandomPayments.Op> ops)
    {
        final EngineDriver driver = new EngineDriver();
        final PaymentOpRunner runner = new PaymentOpRunner(driver);
        runner.setUp();
        for (final RandomPayments.Op op : ops)
        {
            runner.apply(op);
        }
        final EngineDriver plain = new EngineDriver();
        final EngineDriver withActors = new EngineDriver();
        for (final CommandLog.Entry e : driver.log().entries())
        {
            final byte[] p = e.payload();
            final byte[] sent = java.util.Arrays.copyOf(p, p.length + 1 + 64);
            sent[p.length] = 64;
            java.util.Arrays.fill(sent, p.length + 1, sent.length, (byte)'z');
            final Result a = plain.replay(e);
            final Result b = withActors.replay(new CommandLog.Entry(e.type(), e.seq(), e.stampedMillis(), sent));
            assertThat(b.withoutSeqAndTime()).as("%s", e).isEqualTo(a.withoutSeqAndTime());
        }
        assertThat(withActors.stateHash()).isEqualTo(plain.stateHash()).isEqualTo(driver.stateHash());
    }
}
