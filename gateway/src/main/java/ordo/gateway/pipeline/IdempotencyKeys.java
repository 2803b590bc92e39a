package ordo.gateway.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import ordo.engine.Engine;
import ordo.engine.Hashing;
import org.agrona.collections.LongHashSet;

/**
 * What an {@code Idempotency-Key} is remembered by: a keyed hash (HMAC-SHA-256, its first 64 bits) of the caller's
 * scope and the key, under a secret the data directory keeps ({@value #FILE}, made at the first start). The engine
 * keeps a key's hash only, so a hash anyone could compute let one caller make a key that hashed as another caller's
 * next one (a marketplace's order number): that caller's first request under it was then refused 422 for a day
 * (QA-262). Without the secret, such a key cannot be found; with it, only the operator could.
 *
 * <p>Records an older build made (under the unkeyed {@link Hashing#hash}, at or before {@link #keyedSince}) are still
 * found: a key whose unkeyed hash one of them has is sent by that hash for as long as this process runs, so a retry
 * across the upgrade is answered as before and not run twice. By no clock: the engine lets a record go by engine time,
 * which the gateway's clock may be behind or ahead of, and a key that switched hash as the record went could have a
 * request run twice (QA-265). The next start finds only the records still kept. Immutable once opened; any thread.
 */
public final class IdempotencyKeys
{
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(IdempotencyKeys.class);
    /** The secret's file in the data directory. */
    public static final String FILE = "idempotency.key";
    private static final int MAGIC = 0x4F494B31; // "OIK1"
    private static final int SECRET_BYTES = 32;
    /** Magic, secret, {@link #keyedSince}, and a CRC-32C of them: a file damaged in place is refused, not used. */
    private static final int FILE_BYTES = 4 + SECRET_BYTES + 8 + 4;
    /** The first rules version whose builds keep the file: a journal written under it had one. */
    public static final int FIRST_RULES = 19;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec secret;
    private final long keyedSince;
    /** Unkeyed hashes of the records an older build made. */
    private final LongHashSet olderRecords = new LongHashSet();
    private final ThreadLocal<Mac> macs;

    private IdempotencyKeys(final byte[] secret, final long keyedSince)
    {
        this.secret = new SecretKeySpec(secret, ALGORITHM);
        this.keyedSince = keyedSince;
        this.macs = ThreadLocal.withInitial(this::newMac);
    }

    /**
     * The data directory's secret, made (with the engine's time as {@link #keyedSince}) when it has none; the records
     * of the restored engine made at or before then are an older build's. A journal last written under
     * {@code rulesBefore} {@link #FIRST_RULES} or later had a secret: one made now is a WARN (the old one was lost;
     * its keys are not recognised).
     *
     * @throws ordo.journal.DataDirException when the file is there but is not one this class wrote (damaged, or
     *                                       another file): made anew, every retry of the last day's keyed requests
     *                                       would run again
     */
    public static IdempotencyKeys open(final Path dataDir, final Engine engine, final int rulesBefore)
    {
        final Path file = dataDir.resolve(FILE);
        final boolean made = !Files.exists(file);
        final boolean lost = made && rulesBefore >= FIRST_RULES;
        // A lost secret's records were keyed, not an older build's: none is (on this start or any after it).
        final IdempotencyKeys keys = made ? create(dataDir, file, lost ? Long.MIN_VALUE : engine.nowMillis()) :
            read(file);
        if (lost)
        {
            LOG.warn("{} was missing: made a new one. This data directory's journal was written by a build that "
                + "keeps one, so the Idempotency-Keys it remembered (a day's worth) are not recognised: a retry of a "
                + "keyed request answered before now runs again. Restore the file from a backup of this directory "
                + "(stop the server, copy it back, start again) if you have one", file);
            return keys;
        }
        engine.idempotencyRecords((keyHash, createdAt) ->
        {
            if (createdAt <= keys.keyedSince)
            {
                keys.olderRecords.add(keyHash);
            }
        });
        return keys;
    }

    /**
     * Engine time when the secret was made: records made at or before it are an older build's, unkeyed
     * ({@link Long#MIN_VALUE}, none, for a secret made again after one was lost).
     */
    public long keyedSince()
    {
        return keyedSince;
    }

    /** How many records of an older build this start found (tests, the start's log). */
    public int olderRecords()
    {
        return olderRecords.size();
    }

    /**
     * The hash a command carries for key {@code scoped} (the caller's scope, a newline, the key): the unkeyed one when
     * a record an older build made has it, else the keyed one; never 0 (which says "no key").
     */
    public long keyHash(final byte[] scoped)
    {
        if (!olderRecords.isEmpty())
        {
            final long older = nonZero(Hashing.hash(scoped));
            if (olderRecords.contains(older))
            {
                return older;
            }
        }
        final byte[] digest = macs.get().doFinal(scoped);
        return nonZero(ByteBuffer.wrap(digest).getLong());
    }

    private static long nonZero(final long hash)
    {
        return hash == 0 ? 1 : hash;
    }

    private Mac newMac()
    {
        try
        {
            final Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(secret);
            return mac;
        }
        catch (final GeneralSecurityException e)
        {
            throw new IllegalStateException("no " + ALGORITHM + " in this JVM", e);
        }
    }

    private static IdempotencyKeys read(final Path file)
    {
        final byte[] bytes;
        try
        {
            bytes = Files.readAllBytes(file);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        final ByteBuffer in = ByteBuffer.wrap(bytes);
        if (bytes.length != FILE_BYTES || in.getInt() != MAGIC || crc(bytes) != in.getInt(FILE_BYTES - 4))
        {
            throw new ordo.journal.DataDirException(file + " is not an Idempotency-Key secret this server wrote, or " +
                "is damaged (" + bytes.length + " bytes, or its check fails): restore it from the data directory's " +
                "backup. Deleting it makes a new secret, and a retry of a keyed request answered in the last day " +
                "then runs again");
        }
        final byte[] secret = new byte[SECRET_BYTES];
        in.get(secret);
        final IdempotencyKeys keys = new IdempotencyKeys(secret, in.getLong());
        Arrays.fill(secret, (byte)0);
        Arrays.fill(bytes, (byte)0);
        return keys;
    }

    /** Written whole or not at all (a temporary file moved into place), forced to disk with its directory. */
    private static IdempotencyKeys create(final Path dataDir, final Path file, final long keyedSince)
    {
        final byte[] secret = new byte[SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        final ByteBuffer out = ByteBuffer.allocate(FILE_BYTES).putInt(MAGIC).put(secret).putLong(keyedSince);
        out.putInt(crc(out.array()));
        final Path temp = dataDir.resolve(FILE + ".tmp");
        try
        {
            Files.deleteIfExists(temp);
            Files.createFile(temp);
            try
            {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            }
            catch (final UnsupportedOperationException notPosix)
            {
                // Left as the file system makes files (the data directory's own permissions then guard it).
            }
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE))
            {
                out.flip();
                while (out.hasRemaining())
                {
                    channel.write(out);
                }
                channel.force(true);
            }
            try
            {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
            }
            catch (final AtomicMoveNotSupportedException e)
            {
                Files.move(temp, file);
            }
            ordo.journal.JournalFiles.forceDirectory(dataDir);
        }
        catch (final IOException e)
        {
            throw new UncheckedIOException("cannot make " + file + " (the data directory must be writable)", e);
        }
        final IdempotencyKeys keys = new IdempotencyKeys(secret, keyedSince);
        Arrays.fill(secret, (byte)0);
        return keys;
    }

    /** CRC-32C of a file's bytes but its last four (the CRC's own place). */
    private static int crc(final byte[] bytes)
    {
        final java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(bytes, 0, FILE_BYTES - 4);
        return (int)crc.getValue();
    }

}
