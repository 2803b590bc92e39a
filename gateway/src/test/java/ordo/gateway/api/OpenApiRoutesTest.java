package ordo.gateway.api;

import ordo.gateway.config.StagesKind;
import ordo.gateway.config.SnapshotMode;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import ordo.engine.CommandType;
import ordo.engine.ResultCode;
import ordo.gateway.auth.Role;
import ordo.gateway.http.Metrics;
import ordo.gateway.http.ProblemCode;
import ordo.gateway.http.RouteInfo;
import ordo.gateway.http.Router;
import ordo.gateway.payments.PaymentProviders;
import ordo.gateway.payments.PaymentsConfig;
import ordo.gateway.pipeline.OrdoCore;
import ordo.journal.Durability;
import org.agrona.concurrent.SystemEpochClock;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Holds {@code docs/openapi.yaml} against the router the server really builds: same routes, operationId = route
 * name, the roles each route admits, every stable problem code with its status, Idempotency-Key on every mutating
 * operation. Adding a route or a result code without documenting it fails here.
 */
class OpenApiRoutesTest
{
    private static final Set<String> HTTP_METHODS = Set.of("get", "put", "post", "delete", "patch", "head",
        "options", "trace");
    private static final Set<String> MUTATING = Set.of("PUT", "POST", "DELETE", "PATCH");
    private static final Pattern TEMPLATE_PARAM = Pattern.compile("\\{([^}]+)}");

    @TempDir
    static Path dataDir;

    private static OrdoCore core;
    private static Router router;
    private static JsonNode doc;

    @BeforeAll
    static void buildRouterAndReadDocument() throws IOException
    {
        core = OrdoCore.start(new OrdoCore.Settings(dataDir, Durability.PROCESS, "blocking", StagesKind.PARALLEL,
            1024, 1_000_000, 300, 3, SnapshotMode.SHADOW, 0,
            SystemEpochClock.INSTANCE));
        router = ApiRoutes.register(new Router(), core, new Metrics(),
            PaymentProviders.fromConfig(PaymentsConfig.defaults()), true);
        doc = new YAMLMapper().readTree(openApiFile().toFile());
    }

    @AfterAll
    static void closeCore()
    {
        if (core != null)
        {
            core.close();
        }
    }

    @Test
    void isAnOpenApi31Document()
    {
        assertThat(doc.path("openapi").asText()).startsWith("3.1.");
        assertThat(doc.path("paths").isObject()).isTrue();
        assertThat(doc.at("/components/securitySchemes/bearerAuth/scheme").asText()).isEqualTo("bearer");
    }

    /**
     * A reference to nothing makes the whole document invalid: validators and code generators stop at it (QA found a
     * property's {@code $ref} to a schema only a parameter of that name had). A reference to the wrong kind of thing
     * is as bad: an entry of {@code parameters} names a parameter, a status of {@code responses} a response, an entry
     * of {@code headers} a header, anything else a schema.
     */
    @Test
    void everyReferenceNamesSomethingOfItsKindTheDocumentHas()
    {
        final List<String[]> refs = new ArrayList<>();
        collectReferences(doc, "", "", refs);

        final Set<String> wrong = new TreeSet<>();
        for (final String[] ref : refs)
        {
            final String target = ref[0];
            final String expected = switch (ref[1])
            {
                case "parameters" -> "#/components/parameters/";
                case "responses" -> "#/components/responses/";
                case "headers" -> "#/components/headers/";
                default -> "#/components/schemas/";
            };
            if (!target.startsWith(expected) || doc.at(target.substring(1)).isMissingNode())
            {
                wrong.add(target + " where a " + expected + " entry belongs");
            }
        }

        assertThat(refs).as("$refs in docs/openapi.yaml").hasSizeGreaterThan(100);
        assertThat(wrong).as("$refs that name nothing, or something of another kind").isEmpty();
    }

    /**
     * Every {@code $ref} with the kind of thing its place asks for: the member of {@code parameters},
     * {@code responses} or {@code headers} it stands in (as a list entry or a map value), else a schema.
     */
    private static void collectReferences(final JsonNode node, final String key, final String parentKey,
        final List<String[]> refs)
    {
        if (node.isObject())
        {
            final JsonNode ref = node.get("$ref");
            if (ref != null)
            {
                final boolean inMap = parentKey.equals("responses") || parentKey.equals("headers");
                refs.add(new String[] {ref.asText(), key.equals("parameters") ? key : inMap ? parentKey : ""});
            }
            node.fields().forEachRemaining(e -> collectReferences(e.getValue(), e.getKey(), key, refs));
        }
        else if (node.isArray())
        {
            node.forEach(child -> collectReferences(child, key, parentKey, refs));
        }
    }

    @Test
    void documentsExactlyTheRegisteredRoutes()
    {
        final Set<String> registered = router.routes().stream()
            .map(r -> r.method() + " " + r.template())
            .collect(Collectors.toCollection(TreeSet::new));
        final Set<String> documented = operations().keySet().stream()
            .collect(Collectors.toCollection(TreeSet::new));

        assertThat(documented).as("(method, path) in docs/openapi.yaml vs router.routes()")
            .containsExactlyInAnyOrderElementsOf(registered);
        assertThat(router.routes()).hasSameSizeAs(registered);
    }

    @Test
    void everyOperationIdIsTheRouteName()
    {
        final Map<String, JsonNode> operations = operations();
        for (final RouteInfo route : router.routes())
        {
            final JsonNode operation = operations.get(route.method() + " " + route.template());
            assertThat(operation).as("%s %s is documented", route.method(), route.template()).isNotNull();
            assertThat(operation.path("operationId").asText())
                .as("operationId of %s %s", route.method(), route.template())
                .isEqualTo(route.name());
        }
    }

    @Test
    void everyTemplateParameterIsDeclaredAsARequiredPathParameter()
    {
        for (final Map.Entry<String, JsonNode> entry : operations().entrySet())
        {
            final String path = entry.getKey().substring(entry.getKey().indexOf(' ') + 1);
            final Set<String> templateParams = new TreeSet<>();
            final Matcher matcher = TEMPLATE_PARAM.matcher(path);
            while (matcher.find())
            {
                templateParams.add(matcher.group(1));
            }
            final Set<String> declared = new TreeSet<>();
            for (final JsonNode parameter : parameters(path, entry.getValue()))
            {
                if (parameter.path("in").asText().equals("path"))
                {
                    assertThat(parameter.path("required").asBoolean()).as("%s: path parameter %s is required",
                        entry.getKey(), parameter.path("name").asText()).isTrue();
                    declared.add(parameter.path("name").asText());
                }
            }
            assertThat(declared).as("path parameters of %s", entry.getKey()).isEqualTo(templateParams);
        }
    }

    @Test
    void everyMutatingOperationDeclaresTheIdempotencyKeyHeader()
    {
        for (final Map.Entry<String, JsonNode> entry : operations().entrySet())
        {
            final String method = entry.getKey().substring(0, entry.getKey().indexOf(' '));
            if (!MUTATING.contains(method))
            {
                continue;
            }
            final String path = entry.getKey().substring(method.length() + 1);
            final boolean declared = parameters(path, entry.getValue()).stream()
                .anyMatch(p -> p.path("in").asText().equals("header") &&
                    p.path("name").asText().equalsIgnoreCase("Idempotency-Key"));
            // A signed provider webhook carries no API key to scope a key by; the provider's event id dedupes it.
            final boolean dedupedByEventId = entry.getValue().has("x-ordo-deduplicated-by") &&
                entry.getValue().path("security").isArray() && entry.getValue().path("security").isEmpty();
            assertThat(declared || dedupedByEventId)
                .as("%s declares the Idempotency-Key header (or is a webhook deduplicated by event id)", entry.getKey())
                .isTrue();
        }
    }

    @Test
    void rolesAndSecurityMatchWhatEachRouteAdmits() throws ReflectiveOperationException
    {
        final Map<String, JsonNode> operations = operations();
        for (final RouteInfo route : router.routes())
        {
            final String key = route.method() + " " + route.template();
            final JsonNode operation = operations.get(key);
            assertThat(operation).as("%s is documented", key).isNotNull();
            final Set<Role> allowed = admittedRoles(route);
            final JsonNode security = operation.get("security");
            if (allowed == null)
            {
                assertThat(security).as("%s is public: security: []", key).isNotNull();
                assertThat(security.isArray() && security.isEmpty()).as("%s is public: security: []", key).isTrue();
                assertThat(operation.has("x-ordo-roles")).as("%s is public: no x-ordo-roles", key).isFalse();
            }
            else
            {
                final boolean bearer = security == null ?
                    doc.path("security").toString().contains("bearerAuth") : security.toString().contains("bearerAuth");
                assertThat(bearer).as("%s requires bearerAuth", key).isTrue();
                final Set<String> expected = allowed.stream().map(Role::configName)
                    .collect(Collectors.toCollection(TreeSet::new));
                assertThat(strings(operation.path("x-ordo-roles"))).as("x-ordo-roles of %s", key)
                    .containsExactlyInAnyOrderElementsOf(expected);
            }
        }
    }

    @Test
    void listsEveryStableProblemCodeWithItsStatus()
    {
        final Map<String, Integer> expected = new TreeMap<>();
        final Map<String, String> titles = new TreeMap<>();
        for (final ProblemCode code : ProblemCode.values())
        {
            expected.put(code.code(), code.status());
            titles.put(code.code(), code.title());
        }
        for (final ResultCode code : ResultCode.values())
        {
            if (code != ResultCode.OK)
            {
                final Integer gatewayStatus = expected.get(code.name());
                assertThat(gatewayStatus == null || gatewayStatus == ResultProblems.status(code))
                    .as("%s has one status whether the gateway or the engine answers it", code).isTrue();
                expected.put(code.name(), ResultProblems.status(code));
                // The engine's answer is the one clients see for a code both define.
                titles.put(code.name(), ResultProblems.title(code));
            }
        }

        final JsonNode problemCode = doc.at("/components/schemas/ProblemCode");
        assertThat(strings(problemCode.path("enum"))).as("ProblemCode enum in docs/openapi.yaml")
            .doesNotHaveDuplicates()
            .containsExactlyInAnyOrderElementsOf(expected.keySet());

        final Map<String, Integer> documented = new TreeMap<>();
        final Map<String, String> documentedTitles = new TreeMap<>();
        for (final JsonNode entry : problemCode.path("x-ordo-problem-codes"))
        {
            final String code = entry.path("code").asText();
            assertThat(documented.put(code, entry.path("status").asInt())).as("%s listed once", code).isNull();
            documentedTitles.put(code, entry.path("title").asText());
        }
        assertThat(documented).as("x-ordo-problem-codes (code -> HTTP status)").isEqualTo(expected);
        assertThat(documentedTitles).as("x-ordo-problem-codes (code -> title)").isEqualTo(titles);
    }

    /**
     * A backorder fill's trigger is ENGINE_TIME or the journaled command it happened in (SourcingViews): a closed
     * set a client can switch on, so the document lists it, and a command added later is listed with it.
     */
    @Test
    void aFillsTriggerIsEngineTimeOrAnyJournaledCommand()
    {
        final List<String> expected = new ArrayList<>(List.of("ENGINE_TIME"));
        for (final CommandType type : CommandType.values())
        {
            if (type.isJournaled())
            {
                expected.add(type.name());
            }
        }

        assertThat(strings(doc.at("/components/schemas/SourcingFill/properties/trigger/enum")))
            .as("SourcingFill.trigger enum in docs/openapi.yaml").containsExactlyElementsOf(expected);
    }

    @Test
    void everyProblemCodeAResponseNamesIsKnownAndHasThatResponsesStatus()
    {
        final Map<String, Integer> statusOf = new TreeMap<>();
        for (final JsonNode entry : doc.at("/components/schemas/ProblemCode/x-ordo-problem-codes"))
        {
            statusOf.put(entry.path("code").asText(), entry.path("status").asInt());
        }
        for (final Map.Entry<String, JsonNode> entry : operations().entrySet())
        {
            for (final Iterator<Map.Entry<String, JsonNode>> it = entry.getValue().path("responses").fields();
                it.hasNext(); )
            {
                final Map.Entry<String, JsonNode> response = it.next();
                final JsonNode resolved = resolve(response.getValue());
                final int status = Integer.parseInt(response.getKey());
                final List<String> codes = strings(resolved.path("x-ordo-problem-codes"));
                if (status >= 400)
                {
                    assertThat(codes).as("%s %s names its problem codes", entry.getKey(), status).isNotEmpty();
                }
                for (final String code : codes)
                {
                    assertThat(statusOf).as("%s %s names %s", entry.getKey(), status, code).containsKey(code);
                    assertThat(statusOf.get(code)).as("%s %s: status of %s", entry.getKey(), status, code)
                        .isEqualTo(status);
                }
            }
        }
    }

    /** "METHOD /template" → operation object, for every operation in {@code paths}. */
    private static Map<String, JsonNode> operations()
    {
        final Map<String, JsonNode> operations = new TreeMap<>();
        for (final Iterator<Map.Entry<String, JsonNode>> paths = doc.path("paths").fields(); paths.hasNext(); )
        {
            final Map.Entry<String, JsonNode> path = paths.next();
            for (final Iterator<Map.Entry<String, JsonNode>> ops = path.getValue().fields(); ops.hasNext(); )
            {
                final Map.Entry<String, JsonNode> op = ops.next();
                if (HTTP_METHODS.contains(op.getKey()))
                {
                    operations.put(op.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                        op.getValue());
                }
            }
        }
        return operations;
    }

    /** Path-item and operation parameters, with {@code $ref}s resolved. */
    private static List<JsonNode> parameters(final String path, final JsonNode operation)
    {
        final List<JsonNode> parameters = new ArrayList<>();
        for (final JsonNode p : doc.path("paths").path(path).path("parameters"))
        {
            parameters.add(resolve(p));
        }
        for (final JsonNode p : operation.path("parameters"))
        {
            parameters.add(resolve(p));
        }
        return parameters;
    }

    private static JsonNode resolve(final JsonNode node)
    {
        JsonNode current = node;
        for (int hops = 0; current.has("$ref") && hops < 8; hops++)
        {
            final String ref = current.get("$ref").asText();
            assertThat(ref).as("only local references").startsWith("#/");
            current = doc.at(ref.substring(1));
            assertThat(current.isMissingNode()).as("%s resolves", ref).isFalse();
        }
        return current;
    }

    private static List<String> strings(final JsonNode array)
    {
        final List<String> values = new ArrayList<>();
        array.forEach(v -> values.add(v.asText()));
        return values;
    }

    /**
     * The roles a route admits (null: public). {@link RouteInfo} does not carry them, so this asks the router to
     * match a concrete path for the route and reads the matched route's role set.
     */
    @SuppressWarnings("unchecked")
    private static Set<Role> admittedRoles(final RouteInfo route) throws ReflectiveOperationException
    {
        final String concretePath = TEMPLATE_PARAM.matcher(route.template()).replaceAll("p");
        final Method match = Router.class.getDeclaredMethod("match", String.class, String.class);
        match.setAccessible(true);
        final Object routeMatch = match.invoke(router, route.method(), concretePath);
        final Field routeField = routeMatch.getClass().getDeclaredField("route");
        routeField.setAccessible(true);
        final Object matched = routeField.get(routeMatch);
        assertThat(matched).as("router matches %s %s", route.method(), concretePath).isNotNull();
        final Field nameField = matched.getClass().getDeclaredField("name");
        nameField.setAccessible(true);
        assertThat(nameField.get(matched)).as("the route matched for %s", route.template()).isEqualTo(route.name());
        final Field allowedField = matched.getClass().getDeclaredField("allowed");
        allowedField.setAccessible(true);
        final Set<Role> allowed = (Set<Role>)allowedField.get(matched);
        return allowed == null ? null : new LinkedHashSet<>(allowed);
    }

    /**
     * {@code docs/openapi.yaml} of the reactor: from {@code maven.multiModuleProjectDirectory}, else the first
     * directory up from the working directory that has one.
     */
    private static Path openApiFile()
    {
        final Path fromMaven = Path.of(System.getProperty("maven.multiModuleProjectDirectory", ".."))
            .resolve("docs/openapi.yaml");
        if (Files.isRegularFile(fromMaven))
        {
            return fromMaven;
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent())
        {
            final Path candidate = dir.resolve("docs/openapi.yaml");
            if (Files.isRegularFile(candidate))
            {
                return candidate;
            }
        }
        throw new AssertionError("docs/openapi.yaml not found from " + fromMaven.toAbsolutePath() + " or above " +
            Path.of("").toAbsolutePath());
    }
}
