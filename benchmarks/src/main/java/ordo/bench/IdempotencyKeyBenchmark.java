package ordo.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import ordo.engine.Engine;
import ordo.engine.Hashing;
import ordo.gateway.pipeline.IdempotencyKeys;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Gateway only, one thread: what remembering an {@code Idempotency-Key} costs a keyed request on the event loop. The
 * key's hash is HMAC-SHA-256 under the data directory's secret ({@link IdempotencyKeys}: QA-262) where it was the
 * unkeyed {@link Hashing#hash}, which anyone could invert. A scoped key of 43 bytes (an API key's name, a newline, a
 * marketplace order number); the key changes every call, as every request's does.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsPrepend = {"-Xms1g", "-Xmx1g"})
public class IdempotencyKeyBenchmark
{
    private final byte[] scoped = "storefront-web\nshopee-240601-0001-abcdefgh".getBytes(StandardCharsets.US_ASCII);
    private Path dir;
    private IdempotencyKeys keys;
    private int call;

    @Setup(Level.Trial)
    public void setUp() throws IOException
    {
        dir = Files.createTempDirectory("ordo-idempotency-bench");
        keys = IdempotencyKeys.open(dir, new Engine(), 0);
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException
    {
        TempDirs.delete(dir);
    }

    /** This build: the keyed hash. */
    @Benchmark
    public long keyed()
    {
        scoped[scoped.length - 1 - (call++ & 7)] ^= 1;
        return keys.keyHash(scoped);
    }

    /** The builds before: the unkeyed hash. */
    @Benchmark
    public long unkeyed()
    {
        scoped[scoped.length - 1 - (call++ & 7)] ^= 1;
        return Hashing.hash(scoped);
    }
}
