package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.SplittableRandom;

import org.agrona.BufferUtil;
import org.junit.jupiter.api.Test;

class SnapshotBufferMemoryTest
{
    @Test
    void writeMemoryAcrossBlocksAndLimits() throws Exception
    {
        final ByteBuffer memory = ByteBuffer.allocateDirect(4096);
        final long address = BufferUtil.address(memory);
        final SplittableRandom random = new SplittableRandom(5);
        for (int i = 0; i < 4096; i++)
        {
            memory.put(i, (byte)random.nextInt());
        }
        for (int round = 0; round < 3000; round++)
        {
            final int blockBytes = 1 + random.nextInt(200);
            final long limit = random.nextInt(4) == 0 ? random.nextInt(3000) : SnapshotBuffer.MAX_BYTES;
            final SnapshotBuffer buffer = new SnapshotBuffer(random.nextInt(50), limit, blockBytes,
                random.nextBoolean());
            final ByteArrayOutputStream expected = new ByteArrayOutputStream();
            boolean refused = false;
            for (int w = 0; w < 40 && !refused; w++)
            {
                final int off = random.nextInt(4000);
                final int len = random.nextInt(97);
                final int kind = random.nextInt(3);
                byte[] bytes = new byte[len];
                memory.get(off, bytes);
                final long sizeBefore = buffer.size();
                try
                {
                    if (kind == 0)
                    {
                        buffer.writeMemory(address + off, len);
                    }
                    else if (kind == 1)
                    {
                        buffer.write(bytes);
                    }
                    else
                    {
                        buffer.writeLong(off * 0x0101010101L);
                        bytes = null;
                    }
                }
                catch (final SnapshotTooLargeException e)
                {
                    refused = true;
                    final long needed = kind == 2 ? 8 : len;
                    assertThat(sizeBefore + needed).as("refused only past the limit").isGreaterThan(limit);
                    assertThat(buffer.size()).isEqualTo(sizeBefore);
                    break;
                }
                if (kind == 2)
                {
                    final long v = off * 0x0101010101L;
                    for (int s = 56; s >= 0; s -= 8)
                    {
                        expected.write((int)(v >>> s));
                    }
                }
                else
                {
                    expected.write(bytes, 0, len);
                }
                assertThat(buffer.size()).isLessThanOrEqualTo(limit);
            }
            assertThat(buffer.toByteArray()).as("round %d", round).isEqualTo(expected.toByteArray());
            assertThat(Arrays.equals(new SnapshotReaderProbe(buffer.bytes()).all(), expected.toByteArray())).isTrue();
        }
    }

    private static final class SnapshotReaderProbe
    {
        private final SnapshotBytes bytes;

        SnapshotReaderProbe(final SnapshotBytes bytes)
        {
            this.bytes = bytes;
        }

        byte[] all() throws Exception
        {
            final SnapshotReader r = new SnapshotReader(bytes);
            final byte[] out = new byte[(int)bytes.length()];
            r.readFully(out);
            return out;
        }
    }
}
