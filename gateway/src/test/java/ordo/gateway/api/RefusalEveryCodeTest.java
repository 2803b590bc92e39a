package ordo.gateway.api;

import static org.assertj.core.api.Assertions.assertThatCode;

import ordo.engine.CommandType;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import org.junit.jupiter.api.Test;

/**
 * {@code journal dump --outcomes} renders the problem of every refusal it replays: whatever the code, the command type
 * (or none) and the reply's figures and data (none, a SKU id, bytes that are no id), the problem is made, never an
 * exception (a dump must not stop with a trace on a valid journal).
 */
class RefusalEveryCodeTest
{
    @Test
    void everyCodeTypeAndReplyGivesAProblem()
    {
        final long[] values = {0, -1, 1, 7, Long.MAX_VALUE, Long.MIN_VALUE, 255, 1L << 40};
        for (final ResultCode code : ResultCode.values())
        {
            if (code == ResultCode.OK)
            {
                continue;
            }
            for (final CommandType type : CommandType.values())
            {
                for (final long v : values)
                {
                    for (int data = 0; data < 3; data++)
                    {
                        final Reply r = new Reply().reset(1, 0).result(code, v, v, v, v, v);
                        if (data == 1)
                        {
                            r.beginData().putAscii("A");
                            r.endData();
                        }
                        if (data == 2)
                        {
                            r.beginData().putByte(200);
                            r.endData();
                        }
                        final int d = data;
                        assertThatCode(() -> Views.refusal(r, type)).as("%s %s %d data %d", code, type, v, d)
                            .doesNotThrowAnyException();
                    }
                }
            }
            assertThatCode(() -> Views.refusal(new Reply().reset(1, 0).code(code), null)).as("%s null", code)
                .doesNotThrowAnyException();
        }
    }
}
