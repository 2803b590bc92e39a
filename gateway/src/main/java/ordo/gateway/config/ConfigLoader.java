package ordo.gateway.config;

import ordo.journal.Durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;

/**
 * Turns a YAML document into an {@link OrdoConfig}. It walks the tree by hand instead of binding it to
 * classes so that every mistake gets a message naming the exact key ({@code apiKeys[2].role}), unknown
 * keys are refused (a typo like {@code prot:} must not silently leave the default in force), and types
 * are strict (a quoted {@code "8080"} is not a port).
 */
final class ConfigLoader {

    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private static final Set<String> ROOT_KEYS =
            keys("http", "data", "durability", "snapshot", "waitStrategy", "ringSize", "apiKeys");
    private static final Set<String> HTTP_KEYS = keys("port", "bind", "ioThreads", "maxConnections",
            "maxBodyBytes", "maxHeaderBytes", "maxInitialLineBytes", "idleTimeoutSeconds", "requestTimeoutSeconds");
    private static final Set<String> SNAPSHOT_KEYS = keys("everyCommands", "everySeconds", "keep");
    private static final Set<String> API_KEY_KEYS = keys("name", "key", "role", "channels", "locations", "carrierId");

    private ConfigLoader() {
    }

    static OrdoConfig load(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("configuration file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        return parse(text, file.toString());
    }

    static OrdoConfig parse(String yaml, String source) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JacksonException e) {
            throw new IllegalArgumentException(source + ": not valid YAML: " + e.getOriginalMessage(), e);
        }
        try {
            return fromTree(root);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    private static OrdoConfig fromTree(JsonNode root) {
        if (root == null || root.isMissingNode() || root.isNull()) {
            return OrdoConfig.defaults();
        }
        ObjectNode node = object(root, "the configuration root", ROOT_KEYS, "");
        OrdoConfig defaults = OrdoConfig.defaults();
        return new OrdoConfig(
                http(node.get("http")),
                text(node, "data", "data", defaults.data()),
                node.has("durability")
                        ? Durability.fromConfigName(text(node, "durability", "durability", null))
                        : defaults.durability(),
                snapshot(node.get("snapshot")),
                node.has("waitStrategy")
                        ? WaitStrategyKind.fromConfigName(text(node, "waitStrategy", "waitStrategy", null))
                        : defaults.waitStrategy(),
                integer(node, "ringSize", "ringSize", defaults.ringSize()),
                apiKeys(node.get("apiKeys")));
    }

    private static HttpConfig http(JsonNode value) {
        HttpConfig d = HttpConfig.defaults();
        if (value == null) {
            return d;
        }
        ObjectNode n = object(value, "http", HTTP_KEYS, "http.");
        return new HttpConfig(
                integer(n, "port", "http.port", d.port()),
                text(n, "bind", "http.bind", d.bind()),
                integer(n, "ioThreads", "http.ioThreads", d.ioThreads()),
                integer(n, "maxConnections", "http.maxConnections", d.maxConnections()),
                integer(n, "maxBodyBytes", "http.maxBodyBytes", d.maxBodyBytes()),
                integer(n, "maxHeaderBytes", "http.maxHeaderBytes", d.maxHeaderBytes()),
                integer(n, "maxInitialLineBytes", "http.maxInitialLineBytes", d.maxInitialLineBytes()),
                integer(n, "idleTimeoutSeconds", "http.idleTimeoutSeconds", d.idleTimeoutSeconds()),
                integer(n, "requestTimeoutSeconds", "http.requestTimeoutSeconds", d.requestTimeoutSeconds()));
    }

    private static SnapshotConfig snapshot(JsonNode value) {
        SnapshotConfig d = SnapshotConfig.defaults();
        if (value == null) {
            return d;
        }
        ObjectNode n = object(value, "snapshot", SNAPSHOT_KEYS, "snapshot.");
        return new SnapshotConfig(
                longInteger(n, "everyCommands", "snapshot.everyCommands", d.everyCommands()),
                integer(n, "everySeconds", "snapshot.everySeconds", d.everySeconds()),
                integer(n, "keep", "snapshot.keep", d.keep()));
    }

    private static List<ApiKey> apiKeys(JsonNode value) {
        if (value == null) {
            return List.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException("apiKeys must be a list of {key, role, ...} entries");
        }
        List<ApiKey> keys = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            String path = "apiKeys[" + i + "]";
            ObjectNode n = object(value.get(i), path, API_KEY_KEYS, path + ".");
            String roleName = text(n, "role", path + ".role", null);
            if (roleName == null) {
                throw new IllegalArgumentException(path + ".role is required");
            }
            Role role;
            try {
                role = Role.fromConfigName(roleName);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ".role: " + e.getMessage(), e);
            }
            // Read by hand: the generic message would quote the value, and this value is a secret.
            JsonNode keyNode = n.get("key");
            if (keyNode == null || !keyNode.isTextual()) {
                throw new IllegalArgumentException(path + ".key is required and must be a string");
            }
            String key = keyNode.textValue();
            try {
                keys.add(new ApiKey(
                        text(n, "name", path + ".name", role.configName() + "-" + i),
                        key,
                        role,
                        stringSet(n, "channels", path + ".channels"),
                        stringSet(n, "locations", path + ".locations"),
                        text(n, "carrierId", path + ".carrierId", null)));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(path + ": " + e.getMessage(), e);
            }
        }
        return keys;
    }

    private static ObjectNode object(JsonNode value, String what, Set<String> known, String prefix) {
        if (!value.isObject()) {
            throw new IllegalArgumentException(what + " must be a mapping of keys to values");
        }
        for (Iterator<String> names = value.fieldNames(); names.hasNext(); ) {
            String name = names.next();
            if (!known.contains(name)) {
                throw new IllegalArgumentException("unknown configuration key '" + prefix + name + "' (known keys"
                        + (prefix.isEmpty() ? "" : " under '" + prefix.substring(0, prefix.length() - 1) + "'")
                        + ": " + String.join(", ", known) + ")");
            }
        }
        return (ObjectNode) value;
    }

    private static int integer(ObjectNode n, String field, String key, int defaultValue) {
        JsonNode value = n.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + describe(value));
        }
        return value.intValue();
    }

    private static long longInteger(ObjectNode n, String field, String key, long defaultValue) {
        JsonNode value = n.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isIntegralNumber() || !value.canConvertToLong()) {
            throw new IllegalArgumentException(key + " must be an integer, got " + describe(value));
        }
        return value.longValue();
    }

    private static String text(ObjectNode n, String field, String key, String defaultValue) {
        JsonNode value = n.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isTextual()) {
            throw new IllegalArgumentException(key + " must be a string, got " + describe(value));
        }
        return value.textValue();
    }

    private static Set<String> stringSet(ObjectNode n, String field, String key) {
        JsonNode value = n.get(field);
        if (value == null) {
            return Set.of();
        }
        if (!value.isArray()) {
            throw new IllegalArgumentException(key + " must be a list of ids, got " + describe(value));
        }
        Set<String> result = new LinkedHashSet<>();
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isTextual()) {
                throw new IllegalArgumentException(key + "[" + i + "] must be a string, got " + describe(item));
            }
            if (!result.add(item.textValue())) {
                throw new IllegalArgumentException(key + " lists '" + item.textValue() + "' twice");
            }
        }
        return result;
    }

    private static String describe(JsonNode value) {
        if (value.isNull()) {
            return "nothing (null)";
        }
        if (value.isTextual()) {
            return "the string '" + value.textValue() + "'";
        }
        if (value.isContainerNode()) {
            return value.isArray() ? "a list" : "a mapping";
        }
        return "'" + value.asText() + "'";
    }

    private static Set<String> keys(String... names) {
        return new LinkedHashSet<>(List.of(names));
    }
}
