package ordo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The benchmark measures what it says: each call hashes another key, keyed and not, and leaves no directory. */
class IdempotencyKeyBenchmarkTest
{
    @Test
    void eachCallHashesAnotherKeyAndTheTwoHashesDiffer() throws Exception
    {
        final IdempotencyKeyBenchmark benchmark = new IdempotencyKeyBenchmark();
        benchmark.setUp();
        final long first = benchmark.keyed();
        final long second = benchmark.keyed();
        assertThat(first).isNotEqualTo(second).isNotZero();
        final long unkeyed = benchmark.unkeyed();
        assertThat(unkeyed).isNotEqualTo(first).isNotEqualTo(second);
        benchmark.tearDown();
    }
}
