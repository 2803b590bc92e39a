package ordo.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

import org.agrona.ExpandableArrayBuffer;
import org.agrona.concurrent.UnsafeBuffer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import ordo.engine.testing.CommandLog;
import ordo.engine.testing.EngineDriver;
import ordo.engine.testing.OpRunner;
import ordo.engine.testing.RandomCommands;
import ordo.engine.testing.Result;
import ordo.engine.testing.Views;

/**
 * Every command layout of {@link CommandCodec} read back field by field with {@link PayloadReader}, and every
 * truncated payload answered MALFORMED_COMMAND without a change of state.
 */
class CommandCodecTest
{
    private static final long KEY = 0x1122334455667788L;
    private static final long FINGERPRINT = -0x0123456789ABCDEFL;

    private final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(256);
    private final PayloadWriter writer = new PayloadWriter();
    private final PayloadReader reader = new PayloadReader();

    @Test
    void defineLocationRoundTrips()
    {
        final PayloadReader r = encode(w -> CommandCodec.defineLocation(w, KEY, FINGERPRINT, "store-7",
            Codes.LocationType.STORE, "Orchard Road — 7", -1_352_100, 103_819_800, "SG",
            Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE, 500, 1999, "SGD", true));
        envelope(r);
        assertThat(r.readAsciiString()).isEqualTo("store-7");
        assertThat(Codes.LocationType.fromCode(r.readByte())).isEqualTo(Codes.LocationType.STORE);
        assertThat(r.readTextString()).isEqualTo("Orchard Road — 7");
        assertThat(r.readInt()).isEqualTo(-1_352_100);
        assertThat(r.readInt()).isEqualTo(103_819_800);
        assertThat(r.readAsciiString()).isEqualTo("SG");
        assertThat(r.readByte()).isEqualTo(Codes.CAP_PICKUP | Codes.CAP_SHIP_FROM_STORE);
        assertThat(r.readInt()).isEqualTo(500);
        assertThat(r.readLong()).isEqualTo(1999);
        assertThat(r.readAsciiString()).isEqualTo("SGD");
        assertThat(r.readByte()).isEqualTo(1);
        assertThat(r.readByte()).as("ships anywhere: no countries").isZero();
        assertThat(r.readShort()).as("its day begins at midnight").isZero();
        assertThat(r.readShort()).as("UTC").isZero();
        end(r);
    }

    @Test
    void defineLocationEndsWithTheCountriesItShipsToThenWhenItsDayBegins()
    {
        final PayloadReader r = encode(w -> CommandCodec.defineLocation(w, KEY, FINGERPRINT, "wh-jb",
            Codes.LocationType.WAREHOUSE, "Johor Bahru", 1_492_700, 103_741_400, "MY", Codes.CAP_SHIP, 0, 0, "",
            true, java.util.List.of("MY", "SG"), 14 * 60, -(5 * 60 + 30)));
        envelope(r);
        r.readAsciiString();
        r.readByte();
        r.readTextString();
        r.readInt();
        r.readInt();
        r.readAsciiString();
        r.readByte();
        r.readInt();
        r.readLong();
        r.readAsciiString();
        assertThat(r.readByte()).isEqualTo(1);
        assertThat(r.readByte()).isEqualTo(2);
        assertThat(r.readAsciiString()).isEqualTo("MY");
        assertThat(r.readAsciiString()).isEqualTo("SG");
        assertThat(r.readShort()).as("then when its capacity day begins: 14:00").isEqualTo(840);
        assertThat((short)r.readShort()).as("at -05:30").isEqualTo((short)-330);
        end(r);
    }

    @Test
    void defineSkuRoundTrips()
    {
        final PayloadReader r = encode(w -> CommandCodec.defineSku(w, KEY, FINGERPRINT, "SKU-1", "Sneaker ✓", 850, 2,
            Long.MIN_VALUE, 1_700_000_000_000L, true));
        envelope(r);
        assertThat(r.readAsciiString()).isEqualTo("SKU-1");
        assertThat(r.readTextString()).isEqualTo("Sneaker ✓");
        assertThat(r.readInt()).isEqualTo(850);
        assertThat(r.readInt()).isEqualTo(2);
        assertThat(r.readLong()).isEqualTo(Long.MIN_VALUE);
        assertThat(r.readLong()).isEqualTo(1_700_000_000_000L);
        assertThat(r.readByte()).isEqualTo(1);
        end(r);
    }

    @Test
    void setInventoryRoundTrips()
    {
        final PayloadReader r = encode(w -> CommandCodec.setInventory(w, KEY, FINGERPRINT, "SKU-1", "wh-1",
            1L << 40, 5));
        envelope(r);
        assertThat(r.readAsciiString()).isEqualTo("SKU-1");
        assertThat(r.readAsciiString()).isEqualTo("wh-1");
        assertThat(r.readLong()).isEqualTo(1L << 40);
        assertThat(r.readLong()).isEqualTo(5);
        end(r);
    }

    @Test
    void adjustInventoryRoundTrips()
    {
        final PayloadReader r = encode(w -> CommandCodec.adjustInventory(w, KEY, FINGERPRINT, "SKU-1", "wh-1", -7,
            Codes.AdjustmentReason.TRANSFER));
        envelope(r);
        assertThat(r.readAsciiString()).isEqualTo("SKU-1");
        assertThat(r.readAsciiString()).isEqualTo("wh-1");
        assertThat(r.readLong()).isEqualTo(-7);
        assertThat(Codes.AdjustmentReason.fromCode(r.readByte())).isEqualTo(Codes.AdjustmentReason.TRANSFER);
        end(r);
    }

    @Test
    void reserveRoundTrips()
    {
        final PayloadReader r = encode(w ->
        {
            CommandCodec.reserveHeader(w, KEY, FINGERPRINT, "web", "c-1", "", 600_000, 2);
            CommandCodec.reserveLine(w, "A", 1);
            CommandCodec.reserveLine(w, "B", 65_535);
        });
        envelope(r);
        assertThat(r.readAsciiString()).isEqualTo("web");
        assertThat(r.readAsciiString()).isEqualTo("c-1");
        assertThat(r.readAsciiString()).as("network hold").isEmpty();
        assertThat(r.readLong()).isEqualTo(600_000);
        assertThat(r.readShort()).isEqualTo(2);
        assertThat(r.readAsciiString()).isEqualTo("A");
        assertThat(r.readInt()).isEqualTo(1);
        assertThat(r.readAsciiString()).isEqualTo("B");
        assertThat(r.readInt()).isEqualTo(65_535);
        end(r);
    }

    @Test
    void releaseReservationRoundTrips()
    {
        final PayloadReader r = encode(w -> CommandCodec.releaseReservation(w, KEY, FINGERPRINT, 42,
            List.of("web", "app")));
        envelope(r);
        assertThat(r.readLong()).isEqualTo(42);
        assertThat(r.readByte()).isEqualTo(2);
        assertThat(r.readAsciiString()).isEqualTo("web");
        assertThat(r.readAsciiString()).isEqualTo("app");
        end(r);

        final PayloadReader any = encode(w -> CommandCodec.releaseReservation(w, 0, 0, 42, null));
        assertThat(any.readLong()).isZero();
        assertThat(any.readLong()).isZero();
        assertThat(any.readLong()).isEqualTo(42);
        assertThat(any.readByte()).as("no channels = any").isZero();
        end(any);
    }

    @Test
    void tickIsAnEmptyEnvelope()
    {
        final PayloadReader r = encode(CommandCodec::tick);
        assertThat(r.readLong()).isZero();
        assertThat(r.readLong()).isZero();
        end(r);
        assertThat(CommandCodec.ENVELOPE_LENGTH).isEqualTo(16);
    }

    @Test
    void queriesRoundTrip()
    {
        final PayloadReader inventory = encode(w -> CommandCodec.queryInventory(w, "SKU-1"));
        assertThat(inventory.readAsciiString()).isEqualTo("SKU-1");
        end(inventory);

        final PayloadReader reservation = encode(w -> CommandCodec.queryReservation(w, 7, List.of("web")));
        assertThat(reservation.readLong()).isEqualTo(7);
        assertThat(reservation.readByte()).isEqualTo(1);
        assertThat(reservation.readAsciiString()).isEqualTo("web");
        end(reservation);

        final PayloadReader byId = encode(w -> CommandCodec.queryById(w, "wh-1"));
        assertThat(byId.readAsciiString()).isEqualTo("wh-1");
        end(byId);
    }

    @Test
    void theWriterRefusesFieldsTooLongForTheirLengthPrefix()
    {
        writer.wrap(buffer, 0);
        assertThatThrownBy(() -> writer.putAscii("x".repeat(256))).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> writer.putText("x".repeat(65_536))).isInstanceOf(IllegalArgumentException.class);
        assertThat(writer.putAscii("x".repeat(255)).length()).isEqualTo(256);
        assertThat(writer.putAscii((String)null).putText((String)null).length()).as("null as empty").isEqualTo(259);
    }

    @Test
    void aReadPastTheEndReturnsZeroAndStaysFailed()
    {
        final PayloadReader r = encode(w -> w.putInt(7).putByte(3));
        assertThat(r.readInt()).isEqualTo(7);
        assertThat(r.readLong()).isZero();
        assertThat(r.ok()).isFalse();
        assertThat(r.readByte()).as("failed for good, even where a byte remains").isZero();
        assertThat(r.readAsciiString()).isEmpty();
        assertThat(r.ok()).isFalse();
    }

    @Test
    void aRangeReachingPastTheBufferReadsUpToItsEndAndThenFails()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[10]);
        small.putLong(0, 0x0102030405060708L, java.nio.ByteOrder.LITTLE_ENDIAN);
        small.putShort(8, (short)0xBEEF, java.nio.ByteOrder.LITTLE_ENDIAN);
        final PayloadReader r = new PayloadReader().wrap(small, 0, 1_000);
        assertThat(r.remaining()).as("only what the buffer holds").isEqualTo(10);
        assertThat(r.readLong()).isEqualTo(0x0102030405060708L);
        assertThat(r.readShort()).isEqualTo(0xBEEF);
        assertThat(r.ok()).isTrue();
        assertThat(r.readByte()).as("the buffer's end, not an exception").isZero();
        assertThat(r.ok()).isFalse();
    }

    @Test
    void aRangeOutsideTheBufferReadsNothing()
    {
        final UnsafeBuffer small = new UnsafeBuffer(new byte[10]);
        for (final int[] range : new int[][] {{11, 1}, {-1, 4}, {0, -1}})
        {
            final PayloadReader r = new PayloadReader().wrap(small, range[0], range[1]);
            assertThat(r.readByte()).as("offset %d length %d", range[0], range[1]).isZero();
            assertThat(r.ok()).isFalse();
        }
        final PayloadReader atTheEnd = new PayloadReader().wrap(small, 10, 0);
        assertThat(atTheEnd.ok()).isTrue();
        assertThat(atTheEnd.readByte()).isZero();
        assertThat(atTheEnd.ok()).isFalse();
    }

    @Test
    void aPositionOutsideTheWrappedRangeFailsTheReader()
    {
        final PayloadReader r = encode(w -> w.putInt(7).putByte(3));
        r.position(4);
        assertThat(r.readByte()).isEqualTo(3);
        r.position(-1);
        assertThat(r.ok()).isFalse();
        assertThat(r.readByte()).isZero();
        final PayloadReader past = encode(w -> w.putInt(7).putByte(3));
        past.position(5);
        assertThat(past.ok()).as("the end itself is a position").isTrue();
        past.position(6);
        assertThat(past.ok()).isFalse();
    }

    @Test
    void anOffHeapBufferReadsTheSameFields()
    {
        final java.nio.ByteBuffer direct = java.nio.ByteBuffer.allocateDirect(256);
        final UnsafeBuffer offHeap = new UnsafeBuffer(direct);
        writer.wrap(offHeap, 3);
        CommandCodec.reserveHeader(writer, KEY, FINGERPRINT, "web", "customer-1", "wh-1", 60_000, 1);
        CommandCodec.reserveLine(writer, "SKU-1", 2);
        final PayloadReader r = new PayloadReader().wrap(offHeap, 3, writer.length());
        envelope(r);
        final ByteSlice slice = new ByteSlice();
        assertThat(r.readAscii(slice).toString()).isEqualTo("web");
        assertThat(r.readAscii(slice).toString()).isEqualTo("customer-1");
        assertThat(slice.isValidId()).isTrue();
        assertThat(slice.contentEquals("customer-1".getBytes())).isTrue();
        assertThat(r.readAscii(slice).toString()).isEqualTo("wh-1");
        assertThat(r.readLong()).isEqualTo(60_000);
        assertThat(r.readShort()).isEqualTo(1);
        assertThat(r.readAscii(slice).toString()).isEqualTo("SKU-1");
        assertThat(r.readInt()).isEqualTo(2);
        end(r);
    }

    @ParameterizedTest
    @EnumSource(value = CommandType.class, names = {"DEFINE_LOCATION", "DEFINE_SKU", "SET_INVENTORY",
        "ADJUST_INVENTORY", "RESERVE", "RELEASE_RESERVATION", "TICK"})
    void aTruncatedPayloadIsMalformedAndChangesNothing(final CommandType type)
    {
        final EngineDriver driver = networkWithAHold();
        final byte[] full = validPayload(type);
        final long hash = driver.stateHash();
        final Views.Inventory inventory = driver.inventory("A");
        final int events = driver.events().size();

        for (int length = 0; length < full.length; length++)
        {
            final Result result = driver.applyPayload(type, Arrays.copyOf(full, length));
            assertThat(result.code()).as("%s cut to %d of %d bytes", type, length, full.length)
                .isEqualTo(ResultCode.MALFORMED_COMMAND);
            assertThat(driver.stateHash()).as("%s cut to %d bytes", type, length).isEqualTo(hash);
        }
        assertThat(driver.inventory("A")).isEqualTo(inventory);
        assertThat(driver.events()).hasSize(events);
        assertThat(driver.checkInvariants()).isNull();

        final Result whole = driver.applyPayload(type, full);
        assertThat(whole.code()).as("the same payload whole").isEqualTo(ResultCode.OK);
        assertThat(whole.replayed()).as("the truncated ones left no idempotency record").isFalse();
    }

    @ParameterizedTest
    @EnumSource(value = CommandType.class, names = {"QUERY_INVENTORY", "QUERY_RESERVATION", "QUERY_LOCATION",
        "QUERY_SKU"})
    void aTruncatedQueryIsMalformed(final CommandType type)
    {
        final EngineDriver driver = networkWithAHold();
        final byte[] full = switch (type)
        {
            case QUERY_INVENTORY -> encodeBytes(w -> CommandCodec.queryInventory(w, "A"));
            case QUERY_RESERVATION -> encodeBytes(w -> CommandCodec.queryReservation(w, 1, List.of("web")));
            case QUERY_LOCATION -> encodeBytes(w -> CommandCodec.queryById(w, "wh-1"));
            default -> encodeBytes(w -> CommandCodec.queryById(w, "A"));
        };
        final long hash = driver.stateHash();

        for (int length = 0; length < full.length; length++)
        {
            assertThat(driver.queryPayload(type, Arrays.copyOf(full, length)).code())
                .as("%s cut to %d of %d bytes", type, length, full.length).isEqualTo(ResultCode.MALFORMED_COMMAND);
        }
        assertThat(driver.queryPayload(type, full).code()).isEqualTo(ResultCode.OK);
        assertThat(driver.stateHash()).isEqualTo(hash);
    }

    @Test
    void unknownEnumCodesInAPayloadAreMalformed()
    {
        final EngineDriver driver = networkWithAHold();
        final long hash = driver.stateHash();

        final byte[] location = encodeBytes(w -> CommandCodec.defineLocation(w, 0, 0, "wh-9",
            Codes.LocationType.STORE, "", 0, 0, "", 0, 0, 0, "", true));
        location[16 + 1 + 4] = 9; // the type byte after envelope and "wh-9"
        assertThat(driver.applyPayload(CommandType.DEFINE_LOCATION, location).code())
            .isEqualTo(ResultCode.MALFORMED_COMMAND);

        final byte[] adjust = encodeBytes(w -> CommandCodec.adjustInventory(w, 0, 0, "A", "wh-1", 1,
            Codes.AdjustmentReason.RECEIPT));
        adjust[adjust.length - 1] = 0;
        assertThat(driver.applyPayload(CommandType.ADJUST_INVENTORY, adjust).code())
            .isEqualTo(ResultCode.MALFORMED_COMMAND);
        assertThat(driver.stateHash()).isEqualTo(hash);
    }

    @Test
    void theDescriberReadsEveryCommandOfARandomStreamWhole()
    {
        final EngineDriver driver = new EngineDriver(RandomCommands.T0);
        final OpRunner runner = new OpRunner(driver);
        runner.setUp();
        runner.run(RandomCommands.generate(5, 400));

        for (final CommandLog.Entry entry : driver.log().entries())
        {
            final byte[] payload = entry.payload();
            assertThat(CommandDescriber.describe(entry.type(), new UnsafeBuffer(payload), 0, payload.length))
                .as("%s", entry).doesNotContainKey("malformed").doesNotContainKey("unreadBytes")
                .doesNotContainKey("actor");
            assertThat(CommandDescriber.describe(entry.type(), new UnsafeBuffer(payload), 0, payload.length - 1))
                .as("%s cut by one byte", entry).containsEntry("malformed", true);
            final byte[] sent = withActor(payload, "storefront-web");
            assertThat(CommandDescriber.describe(entry.type(), new UnsafeBuffer(sent), 0, sent.length))
                .as("%s with its actor", entry).containsEntry("actor", "storefront-web")
                .doesNotContainKey("malformed");
        }
    }

    /**
     * The gateway writes the API key's name after each command's fields (the journal's record of who asked): the
     * engine reads only the fields, so a stream of commands with actors answers and ends exactly as without.
     */
    @Test
    void theEngineDecidesEveryCommandAsIfItsActorWereNotThere()
    {
        final EngineDriver driver = new EngineDriver(RandomCommands.T0);
        final OpRunner runner = new OpRunner(driver);
        runner.setUp();
        runner.run(RandomCommands.generate(11, 400));
        final EngineDriver withActors = new EngineDriver(RandomCommands.T0);

        for (final CommandLog.Entry entry : driver.log().entries())
        {
            final Result answered = withActors.replay(new CommandLog.Entry(entry.type(), entry.seq(),
                entry.stampedMillis(), withActor(entry.payload(), "admin-" + entry.seq() % 7)));
            assertThat(answered.withoutSeqAndTime()).as("%s", entry)
                .isEqualTo(driver.results().get((int)entry.seq() - 1).withoutSeqAndTime());
        }
        assertThat(withActors.stateHash()).isEqualTo(driver.stateHash());
    }

    /** The payload as the gateway journals it: the command's fields, then {@link CommandCodec#actor}. */
    private static byte[] withActor(final byte[] payload, final String actor)
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(payload.length + CommandCodec.MAX_ACTOR_BYTES);
        buffer.putBytes(0, payload);
        final PayloadWriter writer = new PayloadWriter().wrap(buffer, payload.length);
        CommandCodec.actor(writer, actor);
        final byte[] sent = new byte[payload.length + writer.length()];
        buffer.getBytes(0, sent);
        return sent;
    }

    @Test
    void anActorIsAnIdOfAtMostSixtyFourCharactersOrNothing()
    {
        final PayloadWriter writer = new PayloadWriter().wrap(new ExpandableArrayBuffer(128), 0);
        CommandCodec.actor(writer, null);
        assertThat(writer.length()).isZero();
        CommandCodec.actor(writer, "k".repeat(CommandCodec.MAX_ACTOR_LENGTH));
        assertThat(writer.length()).isEqualTo(CommandCodec.MAX_ACTOR_BYTES);
        assertThatThrownBy(() -> CommandCodec.actor(writer, "k".repeat(CommandCodec.MAX_ACTOR_LENGTH + 1)))
            .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CommandCodec.actor(writer, "")).isInstanceOf(IllegalArgumentException.class);
    }

    /** wh-1 with 10 of A and 5 of B, and reservation 1 (a network hold of 1 A): every full command below is valid. */
    private static EngineDriver networkWithAHold()
    {
        final EngineDriver driver = new EngineDriver();
        driver.defineLocation("wh-1");
        driver.defineSku("A");
        driver.defineSku("B");
        driver.setInventory("A", "wh-1", 10, 0);
        driver.setInventory("B", "wh-1", 5, 0);
        driver.reserve("web", "c-1", null, 600_000, "A:1");
        return driver;
    }

    /** A payload that is answered OK when applied whole to {@link #networkWithAHold()}; with a key where allowed. */
    private byte[] validPayload(final CommandType type)
    {
        return switch (type)
        {
            case DEFINE_LOCATION -> encodeBytes(w -> CommandCodec.defineLocation(w, KEY, FINGERPRINT, "wh-2",
                Codes.LocationType.DC, "Second", 1, 2, "SG", Codes.CAP_SHIP, 10, 5, "EUR", true));
            case DEFINE_SKU -> encodeBytes(w -> CommandCodec.defineSku(w, KEY, FINGERPRINT, "C", "Third", 100, 2,
                Long.MIN_VALUE, Long.MAX_VALUE, false));
            case SET_INVENTORY -> encodeBytes(w -> CommandCodec.setInventory(w, KEY, FINGERPRINT, "B", "wh-1", 3, 1));
            case ADJUST_INVENTORY -> encodeBytes(w -> CommandCodec.adjustInventory(w, KEY, FINGERPRINT, "A", "wh-1",
                -2, Codes.AdjustmentReason.DAMAGE));
            case RESERVE -> encodeBytes(w ->
            {
                CommandCodec.reserveHeader(w, KEY, FINGERPRINT, "web", "c-2", "wh-1", 60_000, 2);
                CommandCodec.reserveLine(w, "A", 2);
                CommandCodec.reserveLine(w, "B", 1);
            });
            case RELEASE_RESERVATION -> encodeBytes(w -> CommandCodec.releaseReservation(w, KEY, FINGERPRINT, 1,
                List.of("app", "web")));
            case TICK -> encodeBytes(CommandCodec::tick);
            default -> throw new IllegalArgumentException(type.toString());
        };
    }

    private PayloadReader encode(final Consumer<PayloadWriter> encoder)
    {
        writer.wrap(buffer, 0);
        encoder.accept(writer);
        return reader.wrap(buffer, 0, writer.length());
    }

    private byte[] encodeBytes(final Consumer<PayloadWriter> encoder)
    {
        writer.wrap(buffer, 0);
        encoder.accept(writer);
        final byte[] bytes = new byte[writer.length()];
        buffer.getBytes(0, bytes);
        return bytes;
    }

    private static void envelope(final PayloadReader r)
    {
        assertThat(r.readLong()).isEqualTo(KEY);
        assertThat(r.readLong()).isEqualTo(FINGERPRINT);
    }

    private static void end(final PayloadReader r)
    {
        assertThat(r.ok()).isTrue();
        assertThat(r.remaining()).isZero();
    }
}
