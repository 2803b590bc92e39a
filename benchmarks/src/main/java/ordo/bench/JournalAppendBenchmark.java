package ordo.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.PayloadWriter;
import ordo.journal.Durability;
import ordo.journal.Journal;
import org.agrona.concurrent.UnsafeBuffer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Journal append of a typical reservation command (one line, ~70 bytes payload) in batches with a group commit per
 * batch, in both durability modes. A batch is one Chronicle document, so {@code batch=1} shows the per-document cost
 * (a pipeline that commits every command, e.g. under light load) and {@code batch=100} the loaded case. In
 * {@code SYNC} every batch pays an msync.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsPrepend = {"-Xmx2g"})
public class JournalAppendBenchmark
{
    static final int BATCH = 100;

    @Param({"PROCESS", "SYNC"})
    public Durability durability;

    /** Records per group commit; {@link #BATCH} is a multiple of it. */
    @Param({"100", "1"})
    public int batch;

    private final UnsafeBuffer buffer = new UnsafeBuffer(new byte[1024]);
    private int length;
    private Path dir;
    private Journal journal;
    private long seq;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("ordo-jmh-journal");
        journal = Journal.open(dir, durability);
        final PayloadWriter writer = new PayloadWriter().wrap(buffer, 0);
        CommandCodec.reserveHeader(writer, 0, 0, "web", "customer-12345", null, 600_000, 1);
        CommandCodec.reserveLine(writer, "SKU-00042", 1);
        length = writer.length();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        journal.close();
        TempDirs.delete(dir);
    }

    @Benchmark
    @OperationsPerInvocation(BATCH)
    public long appendBatch()
    {
        for (int i = 0; i < BATCH; i += batch)
        {
            for (int j = 0; j < batch; j++)
            {
                journal.append(++seq, 1_700_000_000_000L + seq, CommandType.RESERVE.code(), buffer, 0, length);
            }
            journal.endOfBatch();
        }
        if (journal.lastSeq() != seq)
        {
            throw new IllegalStateException("journal at " + journal.lastSeq() + ", expected " + seq);
        }
        return seq;
    }
}
