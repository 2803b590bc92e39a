package ordo.journal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;

import ordo.engine.SnapshotBytes;
import org.agrona.DirectBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotFileOffsetsTest
{
    @TempDir
    Path dir;

    @Test
    void blocksWrappedAtAnOffsetAreWrittenFromTheirOwnFirstByte() throws Exception
    {
        final byte[] array = new byte[20];
        for (int i = 0; i < array.length; i++)
        {
            array[i] = (byte)(100 + i);
        }
        final ByteBuffer direct = ByteBuffer.allocateDirect(30);
        for (int i = 0; i < 30; i++)
        {
            direct.put(i, (byte)i);
        }
        direct.position(7); // a position the write must not depend on
        final ByteBuffer heap = ByteBuffer.wrap(new byte[40], 4, 30).slice();
        for (int i = 0; i < 30; i++)
        {
            heap.put(i, (byte)(200 + i));
        }
        final DirectBuffer[] blocks = {new UnsafeBuffer(array, 5, 7), new UnsafeBuffer(direct, 3, 10),
            new UnsafeBuffer(heap, 2, 5), new UnsafeBuffer(direct.slice(), 1, 4)};
        final SnapshotBytes body = new SnapshotBytes(blocks, 7 + 10 + 5 + 3);
        final byte[] expected = body.toByteArray();
        final Path file = dir.resolve("s.snap");
        SnapshotFile.write(file, 5, 1, 2, 3, body);
        final Snapshot read = SnapshotFile.read(file, 5);
        assertThat(Files.size(file)).isEqualTo(52 + 25 + 4);
        assertThat(read.body().toByteArray()).isEqualTo(expected);
    }
}
