package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A reply's data buffer is kept for the next command up to {@link Reply#MAX_KEPT_DATA}, and let go past it: every
 * ring slot kept the largest view it had carried, and a page of large channels made that megabytes a slot (found in
 * review).
 */
class ReplyTest
{
    @Test
    void aLargeViewsBufferIsLetGoAtTheNextResetAndASmallOneKept()
    {
        final Reply reply = new Reply();
        writeBytes(reply, 1_000);
        final int small = System.identityHashCode(reply.data().byteArray());
        reply.reset(1, 1);
        assertThat(System.identityHashCode(reply.data().byteArray())).as("kept: nothing allocated").isEqualTo(small);

        writeBytes(reply, Reply.MAX_KEPT_DATA + 1);
        assertThat(reply.data().capacity()).isGreaterThan(Reply.MAX_KEPT_DATA);
        assertThat(reply.dataLength()).isEqualTo(Reply.MAX_KEPT_DATA + 1);
        final java.lang.ref.WeakReference<Object> large = new java.lang.ref.WeakReference<>(reply.data().byteArray());
        reply.reset(2, 2);
        assertThat(reply.data().capacity()).isLessThanOrEqualTo(Reply.MAX_KEPT_DATA);
        assertThat(reply.dataLength()).isZero();
        // Nothing of the reply holds the large array, its writer included, whether or not the next view calls
        // beginData (a reservation view is written through dataArray).
        reply.dataArray(100);
        for (int i = 0; i < 20 && large.get() != null; i++)
        {
            System.gc();
        }
        assertThat(large.get()).as("the large buffer let go").isNull();
    }

    private static void writeBytes(final Reply reply, final int count)
    {
        final PayloadWriter w = reply.beginData();
        for (int i = 0; i < count; i++)
        {
            w.putByte(i);
        }
        reply.endData();
    }
}
