package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.Hashing;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.journal.DataDirException;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An Idempotency-Key's hash is keyed by the data directory's secret (QA-262: a key hashing as another caller's could be
 * made from the unkeyed hash); the records an older build made are still found by their unkeyed hash.
 */
class IdempotencyKeysTest
{
    private static final long T = 1_700_000_000_000L;
    private static final int OLDER_RULES = IdempotencyKeys.FIRST_RULES - 1;
    private static final byte[] WEB_KEY = scoped("storefront-web", "shopee-240601-0001");
    private static final byte[] OTHER_KEY = scoped("storefront-web", "shopee-240601-0002");

    @TempDir
    Path dir;
    @TempDir
    Path otherDir;

    @Test
    void aSecretIsMadeOnceKeptPrivateAndGivesTheSameHashAfterARestart() throws Exception
    {
        final IdempotencyKeys first = IdempotencyKeys.open(dir, new Engine(), OLDER_RULES);
        final Path file = dir.resolve(IdempotencyKeys.FILE);
        assertThat(file).exists();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        final byte[] written = Files.readAllBytes(file);
        final long hash = first.keyHash(WEB_KEY);

        final IdempotencyKeys again = IdempotencyKeys.open(dir, new Engine(), IdempotencyKeys.FIRST_RULES);
        assertThat(Files.readAllBytes(file)).as("not made again").isEqualTo(written);
        assertThat(again.keyHash(WEB_KEY)).isEqualTo(hash);
        assertThat(again.keyHash(OTHER_KEY)).isNotEqualTo(hash);
        assertThat(hash).as("not the unkeyed hash anyone can compute").isNotEqualTo(Hashing.hash(WEB_KEY))
            .isNotZero();
        assertThat(IdempotencyKeys.open(otherDir, new Engine(), OLDER_RULES).keyHash(WEB_KEY))
            .as("another data directory's secret").isNotEqualTo(hash);
        assertThat(again.olderRecords()).isZero();
    }

    @Test
    void theRecordsOfAnOlderBuildAreFoundByTheirUnkeyedHash()
    {
        final Engine upgraded = new Engine();
        final long older = Hashing.hash(WEB_KEY);
        defineSku(upgraded, 1, T, older);

        final IdempotencyKeys keys = IdempotencyKeys.open(dir, upgraded, OLDER_RULES);
        assertThat(keys.keyedSince()).isEqualTo(T);
        assertThat(keys.olderRecords()).isEqualTo(1);
        assertThat(keys.keyHash(WEB_KEY)).as("a retry across the upgrade").isEqualTo(older);
        final long keyed = keys.keyHash(OTHER_KEY);
        assertThat(keyed).as("a key the older build never saw").isNotEqualTo(Hashing.hash(OTHER_KEY));

        // A record this build made (after keyedSince) is not an older build's on the next start.
        defineSku(upgraded, 2, T + 5, keyed);
        final IdempotencyKeys restarted = IdempotencyKeys.open(dir, upgraded, IdempotencyKeys.FIRST_RULES);
        assertThat(restarted.keyedSince()).isEqualTo(T);
        assertThat(restarted.olderRecords()).isEqualTo(1);
        assertThat(restarted.keyHash(OTHER_KEY)).isEqualTo(keyed);
        assertThat(restarted.keyHash(WEB_KEY)).isEqualTo(older);
    }

    /**
     * A secret lost from a directory whose journal a build that keeps one wrote is made again, and the records then
     * kept are not taken for an older build's (QA-265: they were counted so).
     */
    @Test
    void aLostSecretIsMadeAgainWithoutCountingThisBuildsRecordsAsAnOlderBuilds() throws Exception
    {
        final Engine engine = new Engine();
        final IdempotencyKeys first = IdempotencyKeys.open(dir, engine, OLDER_RULES);
        defineSku(engine, 1, T, first.keyHash(WEB_KEY));
        Files.delete(dir.resolve(IdempotencyKeys.FILE));

        final IdempotencyKeys made = IdempotencyKeys.open(dir, engine, IdempotencyKeys.FIRST_RULES);
        assertThat(made.olderRecords()).isZero();
        assertThat(made.keyedSince()).as("no record is an older build's").isEqualTo(Long.MIN_VALUE);
        assertThat(made.keyHash(WEB_KEY)).isNotEqualTo(first.keyHash(WEB_KEY));
        assertThat(IdempotencyKeys.open(dir, engine, IdempotencyKeys.FIRST_RULES).olderRecords())
            .as("nor on the next start").isZero();
    }

    @Test
    void aFileThisServerDidNotWriteOrDamagedInPlaceFailsTheStartSayingWhatToDo() throws Exception
    {
        final Path file = dir.resolve(IdempotencyKeys.FILE);
        Files.write(file, "not a secret".getBytes(StandardCharsets.US_ASCII));
        assertRefused();
        assertThat(Files.readAllBytes(file)).as("left as it was")
            .isEqualTo("not a secret".getBytes(StandardCharsets.US_ASCII));

        Files.delete(file);
        IdempotencyKeys.open(dir, new Engine(), OLDER_RULES);
        final byte[] good = Files.readAllBytes(file);
        for (final int at : new int[] {10, 36, 43})
        {
            final byte[] damaged = good.clone();
            damaged[at] ^= 1;
            Files.write(file, damaged);
            assertRefused();
        }
        Files.write(file, good);
        assertThat(IdempotencyKeys.open(dir, new Engine(), IdempotencyKeys.FIRST_RULES).keyedSince())
            .isEqualTo(Long.MIN_VALUE);
    }

    private void assertRefused()
    {
        assertThatThrownBy(() -> IdempotencyKeys.open(dir, new Engine(), IdempotencyKeys.FIRST_RULES))
            .isInstanceOf(DataDirException.class)
            .hasMessageContaining(IdempotencyKeys.FILE)
            .hasMessageContaining("restore it from the data directory's backup")
            .hasMessageContaining("runs again");
    }

    private static void defineSku(final Engine engine, final long seq, final long at, final long keyHash)
    {
        final ExpandableArrayBuffer payload = new ExpandableArrayBuffer(256);
        final PayloadWriter writer = new PayloadWriter();
        writer.wrap(payload, 0);
        CommandCodec.defineSku(writer, keyHash, 7, "SKU-" + seq, "SKU", 0, 0, Long.MIN_VALUE, Long.MAX_VALUE, false);
        final Reply reply = new Reply();
        engine.apply(seq, at, CommandType.DEFINE_SKU, payload, 0, writer.length(), reply);
        assertThat(reply.code()).isEqualTo(ResultCode.OK);
    }

    private static byte[] scoped(final String scope, final String key)
    {
        return (scope + "\n" + key).getBytes(StandardCharsets.UTF_8);
    }
}
