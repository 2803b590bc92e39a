package ordo.gateway.config;

import ordo.journal.Durability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;
import ordo.gateway.payments.PaymentAdapterConfig;
import ordo.gateway.payments.PaymentsConfig;
import ordo.gateway.payments.StripeConfig;

/**
 * Turns a YAML document into an {@link OrdoConfig}. It walks the tree by hand instead of binding it to
 * classes so that every mistake gets a message naming the exact key ({@code apiKeys[2].role}), unknown
 * keys are refused (a typo like {@code prot:} must not silently leave the default in force), and types
 * are strict (a quoted {@code "8080"} is not a port).
 */
final class ConfigLoader {

    /** Strict: a key given twice is refused; so is a second document ({@link #firstDocument}). */
    private static final YAMLMapper YAML = new YAMLMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());

    private static final Set<String> ROOT_KEYS =
            keys("http", "data", "durability", "snapshot", "waitStrategy", "stages", "ringSize", "preallocateHolds",
                    "preallocateOrders", "apiKeys", "payments");
    private static final Set<String> HTTP_KEYS = keys("port", "bind", "ioThreads", "maxConnections",
            "maxBodyBytes", "maxHeaderBytes", "maxInitialLineBytes", "idleTimeoutSeconds", "requestTimeoutSeconds",
            "transport", "soldOutAtGateway");
    private static final Set<String> SNAPSHOT_KEYS = keys("everyCommands", "everySeconds", "keep", "mode");
    private static final Set<String> API_KEY_KEYS = keys("name", "key", "role", "channels", "locations", "carrierId");
    private static final Set<String> PAYMENTS_KEYS = keys("stripe", "webhookSecrets", "webhookToleranceSeconds",
            "adapter");
    private static final Set<String> ADAPTER_KEYS = keys("enabled", "workers", "scanIntervalMillis");
    private static final Set<String> STRIPE_KEYS = keys("baseUrl", "secretKey", "secretKeyEnv", "connectTimeoutMillis",
            "timeoutMillis", "maxAttempts", "initialBackoffMillis", "maxBackoffMillis");
    private static final Set<String> WEBHOOK_SECRET_KEYS = new LinkedHashSet<>(PaymentsConfig.PROVIDER_NAMES);
    private static final Pattern ENV_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]{0,127}");

    private ConfigLoader() {
    }

    static OrdoConfig load(Path file) {
        return load(file, System::getenv);
    }

    static OrdoConfig load(Path file, UnaryOperator<String> environment) {
        String text;
        try {
            text = Files.readString(file);
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException("configuration file " + file + " does not exist", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read configuration file " + file, e);
        }
        return parse(text, file.toString(), environment);
    }

    static OrdoConfig parse(String yaml, String source) {
        return parse(yaml, source, System::getenv);
    }

    /** @param environment looks up environment variables ({@code payments.stripe.secretKeyEnv}); tests pass a map's */
    static OrdoConfig parse(String yaml, String source, UnaryOperator<String> environment) {
        JsonNode root;
        try {
            root = firstDocument(yaml, source);
        } catch (JacksonException e) {
            // Not the parser's whole message: SnakeYAML quotes the offending line, which may be an API key's or a
            // secret's (an unclosed quote), and this goes to stderr and the logs (found in review). What is wrong
            // and where, without the line; the exception is not chained for the same reason.
            throw new IllegalArgumentException(source + ": not valid YAML" + where(e) + ": " + problem(e));
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("cannot read the configuration " + source, e);
        }
        try {
            return fromTree(root, environment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
    }

    /**
     * The file's one document. A second one (after {@code ---}) was silently ignored, its settings with it (found in
     * review); an empty one after a final {@code ---}, as templating tools write, is not a second document.
     */
    private static JsonNode firstDocument(String yaml, String source) throws java.io.IOException {
        try (com.fasterxml.jackson.databind.MappingIterator<JsonNode> documents =
                     YAML.readerFor(JsonNode.class).readValues(yaml)) {
            JsonNode first = documents.hasNextValue() ? documents.nextValue() : null;
            while (documents.hasNextValue()) {
                JsonNode more = documents.nextValue();
                boolean empty = more == null || more.isNull() || more.isMissingNode()
                        || more.isContainerNode() && more.isEmpty() || more.isTextual() && more.asText().isEmpty();
                if (!empty) {
                    throw new IllegalArgumentException(source + ": holds more than one YAML document (after ---); "
                            + "put every setting in one");
                }
            }
            return first;
        }
    }

    private static String where(JacksonException e) {
        com.fasterxml.jackson.core.JsonLocation at = e.getLocation();
        return at == null || at.getLineNr() < 1 ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }

    /**
     * The parser's description of the problem without any quoted input: SnakeYAML's message is lines of problem and
     * context ("while scanning a quoted scalar", "found unexpected end of stream"), each followed by an indented
     * location and a copy of the line; only the unindented ones are kept (they quote a key or a character, never a
     * value).
     */
    static String problem(JacksonException e) {
        String message = e.getOriginalMessage();
        if (message == null) {
            return "unreadable";
        }
        StringBuilder kept = new StringBuilder();
        for (String line : message.split("\n")) {
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            // An alias or a tag is the value's own text ("found undefined alias sk_live_…" for a key written
            // unquoted after a '*'): cut there (found in review).
            String plain = line.strip().replaceAll("\\b(alias|tag)\\b.*", "$1 …");
            if (plain.length() > 120) {
                plain = plain.substring(0, 120) + "…";
            }
            kept.append(kept.length() == 0 ? "" : "; ").append(plain);
        }
        return kept.length() == 0 ? "unreadable" : kept.toString();
    }

    private static OrdoConfig fromTree(JsonNode root, UnaryOperator<String> environment) {
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
                node.has("stages")
                        ? StagesKind.fromConfigName(text(node, "stages", "stages", null))
                        : defaults.stages(),
                integer(node, "ringSize", "ringSize", defaults.ringSize()),
                integer(node, "preallocateHolds", "preallocateHolds", defaults.preallocateHolds()),
                integer(node, "preallocateOrders", "preallocateOrders", defaults.preallocateOrders()),
                apiKeys(node.get("apiKeys")),
                payments(node.get("payments"), environment));
    }

    private static PaymentsConfig payments(JsonNode value, UnaryOperator<String> environment) {
        PaymentsConfig d = PaymentsConfig.defaults();
        if (value == null) {
            return d;
        }
        ObjectNode n = object(value, "payments", PAYMENTS_KEYS, "payments.");
        return new PaymentsConfig(
                stripe(n.get("stripe"), environment),
                webhookSecrets(n.get("webhookSecrets")),
                integer(n, "webhookToleranceSeconds", "payments.webhookToleranceSeconds", d.webhookToleranceSeconds()),
                adapter(n.get("adapter")));
    }

    private static PaymentAdapterConfig adapter(JsonNode value) {
        PaymentAdapterConfig d = PaymentAdapterConfig.defaults();
        if (value == null) {
            return d;
        }
        ObjectNode n = object(value, "payments.adapter", ADAPTER_KEYS, "payments.adapter.");
        return new PaymentAdapterConfig(
                bool(n, "enabled", "payments.adapter.enabled", d.enabled()),
                integer(n, "workers", "payments.adapter.workers", d.workers()),
                integer(n, "scanIntervalMillis", "payments.adapter.scanIntervalMillis", d.scanIntervalMillis()));
    }

    private static StripeConfig stripe(JsonNode value, UnaryOperator<String> environment) {
        StripeConfig d = StripeConfig.defaults();
        if (value == null) {
            return d;
        }
        ObjectNode n = object(value, "payments.stripe", STRIPE_KEYS, "payments.stripe.");
        return new StripeConfig(
                text(n, "baseUrl", "payments.stripe.baseUrl", d.baseUrl()),
                stripeSecretKey(n, environment),
                integer(n, "connectTimeoutMillis", "payments.stripe.connectTimeoutMillis", d.connectTimeoutMillis()),
                integer(n, "timeoutMillis", "payments.stripe.timeoutMillis", d.timeoutMillis()),
                integer(n, "maxAttempts", "payments.stripe.maxAttempts", d.maxAttempts()),
                integer(n, "initialBackoffMillis", "payments.stripe.initialBackoffMillis", d.initialBackoffMillis()),
                integer(n, "maxBackoffMillis", "payments.stripe.maxBackoffMillis", d.maxBackoffMillis()));
    }

    /** The key from the file or from the environment variable it names; null (Stripe disabled) when neither is set. */
    private static String stripeSecretKey(ObjectNode n, UnaryOperator<String> environment) {
        JsonNode inline = n.get("secretKey");
        String envName = text(n, "secretKeyEnv", "payments.stripe.secretKeyEnv", null);
        if (inline != null && envName != null) {
            throw new IllegalArgumentException("payments.stripe: set secretKey or secretKeyEnv, not both");
        }
        if (inline != null) {
            // Read by hand: the generic message would quote the value, and this value is a secret.
            if (!inline.isTextual()) {
                throw new IllegalArgumentException("payments.stripe.secretKey must be a string");
            }
            return inline.textValue();
        }
        if (envName == null) {
            return null;
        }
        if (!ENV_NAME.matcher(envName).matches()) {
            throw new IllegalArgumentException(
                    "payments.stripe.secretKeyEnv must name an environment variable, got '" + envName + "'");
        }
        String key = environment.apply(envName);
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("payments.stripe.secretKeyEnv names " + envName
                    + ", which is not set in the environment");
        }
        return key;
    }

    private static Map<String, List<String>> webhookSecrets(JsonNode value) {
        if (value == null) {
            return Map.of();
        }
        ObjectNode n = object(value, "payments.webhookSecrets", WEBHOOK_SECRET_KEYS, "payments.webhookSecrets.");
        Map<String, List<String>> secrets = new LinkedHashMap<>();
        for (Iterator<String> names = n.fieldNames(); names.hasNext(); ) {
            String provider = names.next();
            String key = "payments.webhookSecrets." + provider;
            JsonNode list = n.get(provider);
            if (!list.isArray()) {
                throw new IllegalArgumentException(key + " must be a list of one or two secrets");
            }
            List<String> values = new ArrayList<>(list.size());
            for (int i = 0; i < list.size(); i++) {
                // Never quoted in a message: these are secrets.
                if (!list.get(i).isTextual()) {
                    throw new IllegalArgumentException(key + "[" + i + "] must be a string");
                }
                values.add(list.get(i).textValue());
            }
            secrets.put(provider, values);
        }
        return secrets;
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
                integer(n, "requestTimeoutSeconds", "http.requestTimeoutSeconds", d.requestTimeoutSeconds()),
                n.has("transport")
                        ? HttpTransport.fromConfigName(text(n, "transport", "http.transport", null))
                        : d.transport(),
                bool(n, "soldOutAtGateway", "http.soldOutAtGateway", d.soldOutAtGateway()));
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
                integer(n, "keep", "snapshot.keep", d.keep()),
                n.has("mode") ? SnapshotMode.fromConfigName(text(n, "mode", "snapshot.mode", null)) : d.mode());
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
                String name = text(n, "name", path + ".name", null);
                keys.add(new ApiKey(
                        name == null ? role.configName() + "-" + i : name,
                        key,
                        role,
                        stringSet(n, "channels", path + ".channels"),
                        stringSet(n, "locations", path + ".locations"),
                        text(n, "carrierId", path + ".carrierId", null),
                        // A key's place in the list is no identity: see ApiKey.secretScope.
                        name == null ? ApiKey.secretScope(key) : name));
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

    private static boolean bool(ObjectNode n, String field, String key, boolean defaultValue) {
        JsonNode value = n.get(field);
        if (value == null) {
            return defaultValue;
        }
        if (!value.isBoolean()) {
            throw new IllegalArgumentException(key + " must be true or false, got " + describe(value));
        }
        return value.booleanValue();
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
