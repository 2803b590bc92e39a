package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.SplittableRandom;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

class JsonWriterTest {

    private static final JsonFactory JACKSON = new JsonFactory();

    @Test
    void writesTheSameBytesAsJacksonForObjectsArraysAndScalars() throws Exception {
        JsonWriter w = new JsonWriter().startObject();
        w.name("a").string("x").name("n").number(-42).name("big").number(Long.MIN_VALUE).name("max")
                .number(Long.MAX_VALUE).name("t").bool(true).name("f").bool(false).name("z").nullValue();
        w.name("list").startArray().number(0).startObject().name("sku").string("A").endObject().startArray()
                .endArray().string("").endArray();
        w.name("empty").startObject().endObject();
        w.endObject();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JACKSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("a", "x");
            g.writeNumberField("n", -42);
            g.writeNumberField("big", Long.MIN_VALUE);
            g.writeNumberField("max", Long.MAX_VALUE);
            g.writeBooleanField("t", true);
            g.writeBooleanField("f", false);
            g.writeNullField("z");
            g.writeArrayFieldStart("list");
            g.writeNumber(0);
            g.writeStartObject();
            g.writeStringField("sku", "A");
            g.writeEndObject();
            g.writeStartArray();
            g.writeEndArray();
            g.writeString("");
            g.writeEndArray();
            g.writeObjectFieldStart("empty");
            g.writeEndObject();
            g.writeEndObject();
        }
        assertThat(new String(w.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(out.toString(StandardCharsets.UTF_8));
    }

    @Test
    void escapesAndEncodesEveryCharacterAsJacksonDoes() throws Exception {
        StringBuilder all = new StringBuilder();
        for (char c = 0; c < 0x800; c++) {
            all.append(c);
        }
        all.append("\u20ac\uffff\ud83d\ude00 lone \ud83d and \ude00 \"quoted\" back\\slash");
        SplittableRandom random = new SplittableRandom(7);
        for (int i = 0; i < 2_000; i++) {
            char c = (char) random.nextInt(0, 0xD800);
            all.append(c);
        }
        String text = all.toString();

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = JACKSON.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField(text, text);
            g.writeEndObject();
        }
        byte[] ours = new JsonWriter().startObject().name(text).string(text).endObject().toByteArray();
        assertThat(ours).isEqualTo(out.toByteArray());
    }

    /** A decimal is what Jackson writes for the stripped BigDecimal, plain (as the views' coordinates were). */
    @Test
    void aDecimalIsWrittenAsJacksonWritesAStrippedPlainBigDecimal() throws Exception {
        JsonFactory plain = JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamWriteFeature.WRITE_BIGDECIMAL_AS_PLAIN).build();
        SplittableRandom random = new SplittableRandom(6);
        long[] edges = {0, 1, -1, 10, -10, 1_000_000, -1_000_000, 90_000_000, -180_000_000, 1_352_083, -500_000,
            123_456_789_012L, Long.MAX_VALUE, Long.MIN_VALUE + 1};
        for (int i = 0; i < 20_000; i++) {
            long unscaled = i < edges.length * 4 ? edges[i % edges.length]
                    : random.nextBoolean() ? random.nextInt(-400_000_000, 400_000_001) : random.nextLong();
            if (random.nextInt(4) == 0) {
                unscaled -= unscaled % 1000; // trailing zeros to strip
            }
            int scale = i < edges.length * 4 ? i / edges.length * 3 : random.nextInt(19);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = plain.createGenerator(out)) {
                g.writeStartArray();
                g.writeNumber(java.math.BigDecimal.valueOf(unscaled, scale).stripTrailingZeros());
                g.writeEndArray();
            }
            JsonWriter w = new JsonWriter().startArray().decimal(unscaled, scale).endArray();
            assertThat(new String(w.toByteArray(), StandardCharsets.UTF_8)).as("%d at scale %d", unscaled, scale)
                    .isEqualTo(out.toString(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> new JsonWriter().decimal(1, 19)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new JsonWriter().decimal(Long.MIN_VALUE, 2))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Names, kept by identity once escaped, still come out as Jackson writes them: literals, copies, collisions. */
    @Test
    void namesAreWrittenAsJacksonWritesThemHoweverManyAndWhateverTheyHold() throws Exception {
        SplittableRandom random = new SplittableRandom(8);
        String[] parts = {"a", "orderId", "\"", "\\", "\n", "\u0001", "é", "中", "\ud83d\ude00", " "};
        String[] names = new String[2_000];
        for (int i = 0; i < names.length; i++) {
            StringBuilder name = new StringBuilder();
            for (int k = random.nextInt(4); k >= 0; k--) {
                name.append(parts[random.nextInt(parts.length)]);
            }
            names[i] = random.nextBoolean() ? name.toString().intern() : name.toString();
        }
        JsonWriter w = new JsonWriter();
        for (int round = 0; round < 3; round++) {
            w.reset().startObject();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (JsonGenerator g = JACKSON.createGenerator(out)) {
                g.writeStartObject();
                for (int i = 0; i < names.length; i++) {
                    String name = random.nextInt(3) == 0 ? new String(names[i]) : names[i];
                    w.name(name).number(i);
                    g.writeNumberField(name, i);
                }
                g.writeEndObject();
            }
            w.endObject();
            assertThat(new String(w.toByteArray(), StandardCharsets.UTF_8)).as("round %d", round)
                    .isEqualTo(out.toString(StandardCharsets.UTF_8));
        }
    }

    @Test
    void aStringWrittenInPartsIsTheStringOfThePartsJoined() {
        String odd = "\"quoted\" back\\slash\ttab\u0007 caf\u00e9 \u20ac \ud83d\ude00 lone \ud83d";
        byte[] ascii = "xxSKU-0001yy".getBytes(StandardCharsets.US_ASCII);
        byte[] parts = new JsonWriter().startArray().string("before").startString().stringPart("only ")
                .stringPart(0).stringPart(" of ").asciiPart(ascii, 2, 8).stringPart(odd).stringPart(Long.MIN_VALUE)
                .stringPart(Long.MAX_VALUE).stringPart(-42).asciiPart(ascii, 0, 0).stringPart("").endString()
                .startString().endString().number(1).endArray().toByteArray();
        byte[] joined = new JsonWriter().startArray().string("before")
                .string("only " + 0 + " of " + "SKU-0001" + odd + Long.MIN_VALUE + Long.MAX_VALUE + -42).string("")
                .number(1).endArray().toByteArray();
        assertThat(new String(parts, StandardCharsets.UTF_8)).isEqualTo(new String(joined, StandardCharsets.UTF_8));
    }

    @Test
    void membersEncodedOnceAreWrittenAsIfWrittenOneByOne() {
        byte[] head = JsonWriter.membersOf(new JsonWriter().startObject().name("type").string("a\"b").name("n")
                .number(409).name("o").startObject().endObject().endObject());
        byte[] once = new JsonWriter().startObject().members(head).name("d").string("x").name("e").startObject()
                .name("f").number(1).members(head).endObject().endObject().toByteArray();
        byte[] oneByOne = new JsonWriter().startObject().name("type").string("a\"b").name("n").number(409).name("o")
                .startObject().endObject().name("d").string("x").name("e").startObject().name("f").number(1)
                .name("type").string("a\"b").name("n").number(409).name("o").startObject().endObject().endObject()
                .endObject().toByteArray();
        assertThat(new String(once, StandardCharsets.UTF_8)).isEqualTo(new String(oneByOne, StandardCharsets.UTF_8));
    }

    @Test
    void onlyAWholeObjectWithMembersGivesMembers() {
        assertThatThrownBy(() -> JsonWriter.membersOf(new JsonWriter().startObject().endObject()))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonWriter.membersOf(new JsonWriter().startObject().name("a").number(1)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> JsonWriter.membersOf(new JsonWriter().startArray().number(1).endArray()))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResetWriterStartsANewDocument() {
        JsonWriter w = JsonWriter.local().startObject().name("a").number(1).endObject();
        assertThat(w.toByteArray()).asString().isEqualTo("{\"a\":1}");
        assertThat(JsonWriter.local().startArray().number(2).number(3).endArray().toByteArray()).asString()
                .isEqualTo("[2,3]");
    }
}
