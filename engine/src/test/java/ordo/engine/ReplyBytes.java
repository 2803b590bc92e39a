package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import org.agrona.DirectBuffer;

/** Compares a reply's data with the bytes a test wrote field by field, whole and byte for byte. */
final class ReplyBytes
{
    private ReplyBytes()
    {
    }

    static void assertDataIs(final Reply reply, final DirectBuffer expected, final int expectedLength)
    {
        assertThat(reply.dataLength()).isEqualTo(expectedLength);
        final byte[] actualBytes = new byte[reply.dataLength()];
        reply.data().getBytes(0, actualBytes);
        final byte[] expectedBytes = new byte[expectedLength];
        expected.getBytes(0, expectedBytes);
        assertThat(actualBytes).isEqualTo(expectedBytes);
    }
}
