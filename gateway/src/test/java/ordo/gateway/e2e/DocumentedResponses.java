package ordo.gateway.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SchemaRegistryConfig;
import com.networknt.schema.SpecificationVersion;
import com.networknt.schema.path.PathType;

/**
 * {@code docs/openapi.yaml} as a judge of real answers: each answer is matched to its operation (method and path
 * template), the status to a documented response, the content type to that response's, and a JSON body is validated
 * against the response's schema (JSON Schema 2020-12, {@code $ref}s resolved in the document, formats asserted); a
 * problem's {@code status} must be the HTTP status and its {@code code} one of the response's
 * {@code x-ordo-problem-codes}; a response header the document declares must be declared for that response (and
 * equal its {@code const}). What does not match is kept as one line naming the operation, the status, the JSON pointer and the validator's
 * message; what was answered is counted per operation and status, so a test can ask that every operation was seen.
 *
 * <p>Stricter than the document in one way: an object schema that lists {@code properties} is taken as closed here
 * ({@code unevaluatedProperties: false}), also where the document leaves it open (no {@code additionalProperties},
 * or {@code true} as the Problem's). Clients must still accept new members, but a member the server sends today
 * and the document does not name is drift: a generated client cannot read it.
 *
 * <p>Not thread-safe: one test's tour at a time.
 */
final class DocumentedResponses {

    private static final String BASE = "https://ordo.dev/openapi.json";
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{[^}/]+}");
    private static final Set<String> METHODS = Set.of("get", "put", "post", "delete", "patch");

    private record Operation(String method, String template, Pattern path, String id, String pointer) {
    }

    /** An operation as a tour needs it: method, path template, operationId, the roles it admits (none: no key). */
    record Route(String method, String template, String id, Set<String> roles) {
    }

    private final JsonNode doc;
    private final SchemaRegistry registry;
    private final List<Operation> operations = new ArrayList<>();
    /** Every response header the document declares anywhere, lower case: one sent where it is not declared is drift. */
    private final Set<String> declaredHeaders = new TreeSet<>();
    private final Map<String, SortedSet<Integer>> answered = new TreeMap<>();
    private final List<String> mismatches = new ArrayList<>();

    private DocumentedResponses(JsonNode doc) {
        this.doc = doc;
        ObjectNode closed = doc.deepCopy();
        close(closed);
        String json = closed.toString();
        SchemaRegistryConfig config = SchemaRegistryConfig.builder()
                .formatAssertionsEnabled(true)
                .pathType(PathType.JSON_POINTER)
                .build();
        this.registry = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12,
                builder -> builder.schemaRegistryConfig(config).schemas(Map.of(BASE, json)));
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(op -> {
            if (METHODS.contains(op.getKey())) {
                String regex = "\\Q" + TEMPLATE_PARAM.matcher(path.getKey()).replaceAll("\\\\E[^/]+\\\\Q") + "\\E";
                operations.add(new Operation(op.getKey().toUpperCase(Locale.ROOT), path.getKey(),
                        Pattern.compile(regex), op.getValue().path("operationId").asText(),
                        "/paths/" + escape(path.getKey()) + "/" + op.getKey()));
            }
        }));
        collectHeaders(doc);
    }

    static DocumentedResponses load() {
        try {
            return new DocumentedResponses(new YAMLMapper().readTree(openApiFile().toFile()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every operationId of the document. */
    SortedSet<String> operationIds() {
        SortedSet<String> ids = new TreeSet<>();
        operations.forEach(o -> ids.add(o.id()));
        return ids;
    }

    /** The enum of the schema at {@code pointer} (e.g. {@code /components/schemas/OrderStatus}), in order. */
    List<String> enumAt(String pointer) {
        List<String> values = new ArrayList<>();
        doc.at(pointer + "/enum").forEach(v -> values.add(v.asText()));
        return values;
    }

    /** Every operation of the document, in its order. */
    List<Route> routes() {
        List<Route> routes = new ArrayList<>();
        for (Operation o : operations) {
            Set<String> roles = new TreeSet<>();
            doc.at(o.pointer() + "/x-ordo-roles").forEach(r -> roles.add(r.asText()));
            routes.add(new Route(o.method(), o.template(), o.id(), roles));
        }
        return routes;
    }

    /** The statuses answered so far, per operationId. */
    Map<String, SortedSet<Integer>> answered() {
        return answered;
    }

    /** Every mismatch so far, one line each, in the order met. */
    List<String> mismatches() {
        return mismatches;
    }

    /** Records a mismatch the caller found (e.g. a tour step answered with another status than it meant). */
    void mismatch(String line) {
        mismatches.add(line);
    }

    /**
     * Judges one answer to {@code method pathAndQuery}: its status, the headers the document declares (one sent where
     * its response does not declare it, or with another value than a declared {@code const}), its content type and
     * its body; a body that is no JSON where JSON is documented is a mismatch too. {@code headers} has lower-case
     * names. Answers the mismatches this answer added (none: it matches).
     */
    List<String> check(String method, String pathAndQuery, int status, Map<String, String> headers, String body) {
        String contentType = headers.get("content-type");
        int before = mismatches.size();
        String path = pathAndQuery.split("\\?", 2)[0];
        Operation op = operations.stream()
                .filter(o -> o.method().equals(method) && o.path().matcher(path).matches())
                .findFirst().orElse(null);
        if (op == null) {
            mismatches.add(method + " " + path + ": no operation documented");
            return mismatches.subList(before, mismatches.size());
        }
        String where = op.id() + " (" + method + " " + op.template() + ") " + status;
        answered.computeIfAbsent(op.id(), k -> new TreeSet<>()).add(status);
        String responsePointer = op.pointer() + "/responses/" + status;
        JsonNode response = resolve(doc.at(responsePointer));
        if (response.isMissingNode()) {
            mismatches.add(where + ": status not documented; body " + body);
            return mismatches.subList(before, mismatches.size());
        }
        if (response != doc.at(responsePointer)) {
            responsePointer = doc.at(responsePointer).path("$ref").asText().substring(1);
        }
        JsonNode documentedHeaders = response.path("headers");
        for (String name : declaredHeaders) {
            String value = headers.get(name);
            if (value == null) {
                continue;
            }
            JsonNode declared = null;
            for (Iterator<String> names = documentedHeaders.fieldNames(); names.hasNext(); ) {
                String documented = names.next();
                if (documented.equalsIgnoreCase(name)) {
                    declared = resolve(documentedHeaders.get(documented));
                }
            }
            if (declared == null) {
                mismatches.add(where + ": header " + name + ": " + value + " sent, not documented for this response");
            } else if (declared.path("schema").has("const")
                    && !declared.path("schema").path("const").asText().equals(value)) {
                mismatches.add(where + ": header " + name + ": " + value + ", documented const "
                        + declared.path("schema").path("const"));
            }
        }
        String mediaType = contentType == null ? "" : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        String documentedType = null;
        for (Iterator<String> types = response.path("content").fieldNames(); types.hasNext(); ) {
            String type = types.next();
            if (type.split(";", 2)[0].trim().equalsIgnoreCase(mediaType)) {
                documentedType = type;
            }
        }
        if (documentedType == null) {
            List<String> documented = new ArrayList<>();
            response.path("content").fieldNames().forEachRemaining(documented::add);
            mismatches.add(where + ": content type " + contentType + ", documented " + documented);
            return mismatches.subList(before, mismatches.size());
        }
        if (!mediaType.endsWith("json")) {
            return mismatches.subList(before, mismatches.size());
        }
        JsonNode instance;
        try {
            instance = Api.JSON.readTree(body);
        } catch (IOException e) {
            mismatches.add(where + ": not JSON: " + body);
            return mismatches.subList(before, mismatches.size());
        }
        if (mediaType.equals("application/problem+json")) {
            checkProblem(where, response, status, instance, body);
        }
        String schemaPointer = responsePointer + "/content/" + escape(documentedType) + "/schema";
        Schema schema = registry.getSchema(SchemaLocation.of(BASE + "#" + schemaPointer));
        for (Error error : schema.validate(instance)) {
            mismatches.add(where + ": " + (error.getInstanceLocation().toString().isEmpty() ? "/"
                    : error.getInstanceLocation()) + ": " + error.getMessage() + " (" + error.getKeyword() + " at "
                    + error.getSchemaLocation().getFragment() + "); body " + body);
        }
        return mismatches.subList(before, mismatches.size());
    }

    /**
     * A problem's {@code status} is the HTTP status, and its {@code code} one the response lists in
     * {@code x-ordo-problem-codes} (what a client switches on).
     */
    private void checkProblem(String where, JsonNode response, int status, JsonNode problem, String body) {
        if (problem.path("status").asInt() != status) {
            mismatches.add(where + ": /status: " + problem.path("status") + ", not the HTTP status; body " + body);
        }
        Set<String> codes = new TreeSet<>();
        response.path("x-ordo-problem-codes").forEach(c -> codes.add(c.asText()));
        String code = problem.path("code").asText();
        if (!codes.contains(code)) {
            mismatches.add(where + ": /code: " + code + " is not among this response's x-ordo-problem-codes " + codes
                    + "; body " + body);
        }
    }

    /** The names of the response headers declared anywhere in the document (a response's {@code headers}). */
    private void collectHeaders(JsonNode node) {
        if (node.isObject()) {
            if (node.path("headers").isObject() && (node.has("description") || node.has("content"))) {
                node.path("headers").fieldNames()
                        .forEachRemaining(n -> declaredHeaders.add(n.toLowerCase(Locale.ROOT)));
            }
            if (node.has("in") && node.has("name")) {
                return;
            }
        }
        if (node.isContainerNode()) {
            node.forEach(this::collectHeaders);
        }
    }

    /** A response or header object, or what its {@code $ref} names (components/responses, components/headers). */
    private JsonNode resolve(JsonNode response) {
        JsonNode ref = response.get("$ref");
        return ref == null ? response : doc.at(ref.asText().substring(1));
    }

    /**
     * Closes every object schema that lists properties and does not close itself (see the class comment). A node is
     * taken as a schema when its {@code properties} is an object: no other part of an OpenAPI document has that
     * member.
     */
    private static void close(JsonNode node) {
        if (node.isObject()) {
            ObjectNode object = (ObjectNode) node;
            JsonNode additional = object.get("additionalProperties");
            if (object.path("properties").isObject() && !object.has("unevaluatedProperties")
                    && (additional == null || additional.isBoolean() && additional.asBoolean())) {
                object.remove("additionalProperties");
                object.put("unevaluatedProperties", false);
            }
        }
        if (node.isContainerNode()) {
            node.forEach(DocumentedResponses::close);
        }
    }

    /** A JSON pointer's reference token (RFC 6901). */
    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    static Path openApiFile() {
        Path fromMaven = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
                .resolve("docs/openapi.yaml");
        if (Files.isRegularFile(fromMaven)) {
            return fromMaven;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs/openapi.yaml");
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/openapi.yaml not found from " + Path.of("").toAbsolutePath());
    }
}
