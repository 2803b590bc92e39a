package ordo.gateway.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ordo.engine.Engine;
import org.junit.jupiter.api.Test;

/**
 * The commit a refused start and the journal tools name for each older rules version is the one docs/OPERATIONS.md's
 * rules table and the engine's javadoc history give: raising the version means adding its row, its line there and
 * its commit here, together.
 */
class RulesVersionsTest
{
    private static final Pattern TABLE_ROW = Pattern.compile("^\\| (\\d+) \\| [^|]+\\|.*\\| `([0-9a-f]{7})` \\|$",
        Pattern.MULTILINE);
    private static final Pattern JAVADOC = Pattern.compile("The last commit of\\s+\\*?\\s*version (\\d+) is\\s+\\*?\\s*"
        + "([0-9a-f]{7})");

    @Test
    void everyOlderVersionNamesTheLastCommitTheRulesTableAndTheEngineGive() throws IOException
    {
        final Map<Integer, String> table = matches(TABLE_ROW, read("docs/OPERATIONS.md"));
        final Map<Integer, String> javadoc =
            matches(JAVADOC, read("engine/src/main/java/ordo/engine/Engine.java").replaceAll("\\s*\\n\\s*\\*\\s*", " "));
        final Map<Integer, String> named = new TreeMap<>();
        for (int v = 1; v < Engine.RULES_VERSION; v++)
        {
            named.put(v, RulesVersions.lastCommit(v));
        }

        assertThat(table).as("OPERATIONS.md's rules table").isEqualTo(named);
        assertThat(javadoc).as("Engine.RULES_VERSION's history").isEqualTo(named);
        assertThat(RulesVersions.lastCommit(Engine.RULES_VERSION)).as("this build's: no commit yet").isNull();
        // The upgrade section names this build's version too (it said 12 in the build that raised it to 13).
        assertThat(matches(Pattern.compile("`Engine.RULES_VERSION` \\((\\d+) in (this) build"),
            read("docs/OPERATIONS.md")).keySet()).as("OPERATIONS.md: this build's version")
            .containsExactly(Engine.RULES_VERSION);
        assertThat(RulesVersions.buildOf(11)).isEqualTo("the build with rules version 11 (git checkout 569d02c)");
        assertThat(RulesVersions.buildOf(Engine.RULES_VERSION + 1))
            .isEqualTo("the build with rules version " + (Engine.RULES_VERSION + 1));
    }

    private static Map<Integer, String> matches(final Pattern pattern, final String text)
    {
        final Map<Integer, String> found = new TreeMap<>();
        final Matcher m = pattern.matcher(text);
        while (m.find())
        {
            found.put(Integer.parseInt(m.group(1)), m.group(2));
        }
        return found;
    }

    private static String read(final String path) throws IOException
    {
        Path file = Path.of(path);
        for (int up = 0; up < 3 && !Files.exists(file); up++)
        {
            file = Path.of("..").resolve(file);
        }
        return Files.readString(file);
    }
}
