package ordo.gateway.api;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.netty.buffer.Unpooled;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.Engine;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gateway's side of a sold-out refusal: only from a state the journal has committed, only while the core is
 * ready, only when nothing but stock decides the request. The engine runs ahead of the journal (parallel stages, or
 * a fused batch before its commit), which an HTTP test cannot stage; here the journal's committed seq is set.
 */
class SoldOutRefusalsTest
{
    private static final long T0 = 1_800_000_000_000L;

    private final Engine engine = new Engine();
    private final Reply reply = new Reply();
    private final AtomicLong journaled = new AtomicLong();
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private long seq;

    @BeforeEach
    void sellOut()
    {
        apply(CommandType.DEFINE_LOCATION, w -> CommandCodec.defineLocation(w, 0, 0, "wh-1",
            Codes.LocationType.WAREHOUSE, "wh-1", 1_352_100, 103_819_800, "SG", Codes.CAP_SHIP, 0, 0, "SGD", true));
        apply(CommandType.DEFINE_SKU, w -> CommandCodec.defineSku(w, 0, 0, "S", "S", 100, 0, Long.MIN_VALUE,
            Long.MAX_VALUE, false));
        apply(CommandType.SET_INVENTORY, w -> CommandCodec.setInventory(w, 0, 0, "S", "wh-1", 1, 0));
        apply(CommandType.RESERVE, w ->
        {
            CommandCodec.reserveHeader(w, 0, 0, "web", "c-1", null, 600_000, 1);
            CommandCodec.reserveLine(w, "S", 1);
        });
        assertThat(reply.code()).isEqualTo(ResultCode.OK);
    }

    @Test
    void onlyOnceTheJournalHasCommittedTheStateItRestsOn()
    {
        final SoldOutRefusals refusals = refusals(true);

        journaled.set(seq - 1);
        assertThat(refusals.refuses(true, body("S"))).as("the hold that sold it out is not journaled yet").isFalse();
        journaled.set(seq);
        assertThat(refusals.refuses(true, body("S"))).isTrue();
    }

    @Test
    void onlyWhileTheCoreIsReadyAndNothingButStockDecides()
    {
        journaled.set(seq);
        assertThat(refusals(false).refuses(true, body("S"))).as("http.soldOutAtGateway: false").isFalse();
        final SoldOutRefusals refusals = refusals(true);
        assertThat(refusals.refuses(false, body("S"))).as("a key, or a request ahead on the connection").isFalse();
        ready.set(false);
        assertThat(refusals.refuses(true, body("S"))).isFalse();
    }

    private SoldOutRefusals refusals(final boolean enabled)
    {
        return new SoldOutRefusals(ready::get, journaled::get, engine.soldOutBoard(), () -> T0 + 10, enabled);
    }

    private static ReserveBodyParser body(final String sku)
    {
        final byte[] json = ("{\"channel\":\"web\",\"customerId\":\"c-2\",\"lines\":[{\"sku\":\"" + sku +
            "\",\"qty\":1}]}").getBytes(StandardCharsets.US_ASCII);
        final ReserveBodyParser parser = ReserveBodyParser.read(Unpooled.wrappedBuffer(json));
        assertThat(parser).isNotNull();
        return parser;
    }

    private void apply(final CommandType type, final java.util.function.Consumer<PayloadWriter> payload)
    {
        final UnsafeBuffer buffer = new UnsafeBuffer(new byte[512]);
        final PayloadWriter w = new PayloadWriter().wrap(buffer, 0);
        payload.accept(w);
        engine.apply(++seq, T0, type, buffer, 0, w.length(), reply);
    }
}
