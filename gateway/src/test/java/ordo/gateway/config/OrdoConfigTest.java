package ordo.gateway.config;

import ordo.journal.Durability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import ordo.gateway.auth.ApiKey;
import ordo.gateway.auth.Role;
import ordo.gateway.payments.PaymentAdapterConfig;
import ordo.gateway.payments.PaymentsConfig;
import ordo.gateway.payments.StripeConfig;

class OrdoConfigTest {

    @TempDir
    Path dir;

    @Test
    void noFileMeansEveryDefault() {
        OrdoConfig config = OrdoConfig.load(null);

        assertThat(config.http().port()).isEqualTo(8080);
        assertThat(config.http().bind()).isEqualTo("0.0.0.0");
        assertThat(config.http().ioThreads()).isEqualTo(2);
        assertThat(config.http().maxConnections()).isEqualTo(10_000);
        assertThat(config.http().maxBodyBytes()).isEqualTo(65_536);
        assertThat(config.http().maxHeaderBytes()).isEqualTo(16_384);
        assertThat(config.http().maxInitialLineBytes()).isEqualTo(4_096);
        assertThat(config.http().idleTimeoutSeconds()).isEqualTo(60);
        assertThat(config.http().requestTimeoutSeconds()).isEqualTo(10);
        assertThat(config.http().transport()).isEqualTo(HttpTransport.AUTO);
        assertThat(config.data()).isEqualTo("./data");
        assertThat(config.durability()).isEqualTo(Durability.PROCESS);
        assertThat(config.snapshot()).isEqualTo(new SnapshotConfig(5_000_000, 300, 3, SnapshotMode.SHADOW));
        assertThat(config.waitStrategy()).isEqualTo(WaitStrategyKind.BLOCKING);
        assertThat(config.stages()).isEqualTo(StagesKind.PARALLEL);
        assertThat(config.ringSize()).isEqualTo(8192);
        assertThat(config.preallocateHolds()).isZero();
        assertThat(config.preallocateOrders()).isZero();
        assertThat(config.apiKeys()).isEmpty();
        assertThat(config.payments().stripe().enabled()).isFalse();
        assertThat(config.payments().stripe().baseUrl()).isEqualTo("https://api.stripe.com");
        assertThat(config.payments().stripe().timeoutMillis()).isEqualTo(10_000);
        assertThat(config.payments().stripe().maxAttempts()).isEqualTo(3);
        assertThat(config.payments().webhookSecrets()).isEmpty();
        assertThat(config.payments().webhookToleranceSeconds()).isEqualTo(300);
    }

    @Test
    void emptyFileMeansEveryDefault() throws IOException {
        Path file = write("");

        assertThat(OrdoConfig.load(file)).isEqualTo(OrdoConfig.defaults());
    }

    @Test
    void fileOverridesDefaultsAndFlagsOverrideTheFile() throws IOException {
        Path file = write("""
                http:
                  port: 9000
                  requestTimeoutSeconds: 2
                  transport: epoll
                data: /var/lib/ordo
                durability: sync
                snapshot:
                  everyCommands: 1_000
                  mode: inline
                waitStrategy: busy-spin
                stages: fused
                ringSize: 1024
                preallocateHolds: 250000
                preallocateOrders: 40000
                """);

        OrdoConfig fromFile = OrdoConfig.load(file);
        OrdoConfig withFlags = fromFile.withPort(0).withData("/tmp/ordo").withBind("127.0.0.1");

        assertThat(fromFile.http().port()).isEqualTo(9000);
        assertThat(fromFile.http().requestTimeoutSeconds()).isEqualTo(2);
        assertThat(fromFile.http().transport()).isEqualTo(HttpTransport.EPOLL);
        assertThat(fromFile.http().maxBodyBytes()).isEqualTo(HttpConfig.DEFAULT_MAX_BODY_BYTES);
        assertThat(fromFile.durability()).isEqualTo(Durability.SYNC);
        assertThat(fromFile.snapshot()).isEqualTo(new SnapshotConfig(1_000, 300, 3, SnapshotMode.INLINE));
        assertThat(fromFile.waitStrategy()).isEqualTo(WaitStrategyKind.BUSY_SPIN);
        assertThat(fromFile.stages()).isEqualTo(StagesKind.FUSED);
        assertThat(fromFile.ringSize()).isEqualTo(1024);
        assertThat(fromFile.preallocateHolds()).isEqualTo(250_000);
        assertThat(fromFile.preallocateOrders()).isEqualTo(40_000);
        assertThat(withFlags.http().port()).isZero();
        assertThat(withFlags.http().bind()).isEqualTo("127.0.0.1");
        assertThat(withFlags.http().requestTimeoutSeconds()).isEqualTo(2);
        assertThat(withFlags.data()).isEqualTo("/tmp/ordo");
        assertThat(withFlags.durability()).isEqualTo(Durability.SYNC);
    }

    @Test
    void unknownKeyIsRefusedByItsFullName() throws IOException {
        Path file = write("""
                http:
                  prot: 9000
                """);

        assertThatThrownBy(() -> OrdoConfig.load(file))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("unknown configuration key 'http.prot'")
                .hasMessageContaining("port");
    }

    @Test
    void unknownTopLevelAndApiKeyFieldsAreRefusedToo() {
        assertThatThrownBy(() -> OrdoConfig.parse("ringsize: 8", "t.yaml"))
                .hasMessageContaining("unknown configuration key 'ringsize'");
        assertThatThrownBy(() -> OrdoConfig.parse("""
                apiKeys:
                  - key: k-123456
                    role: admin
                    chanels: [web]
                """, "t.yaml"))
                .hasMessageContaining("unknown configuration key 'apiKeys[0].chanels'");
    }

    @Test
    void valuesOfTheWrongTypeOrRangeNameTheirKey() {
        assertThatThrownBy(() -> OrdoConfig.parse("http: {port: \"8080\"}", "t.yaml"))
                .hasMessage("t.yaml: http.port must be an integer, got the string '8080'");
        assertThatThrownBy(() -> OrdoConfig.parse("http: {port: 70000}", "t.yaml"))
                .hasMessage("t.yaml: http.port must be between 0 and 65535, got 70000");
        assertThatThrownBy(() -> OrdoConfig.parse("ringSize: 1000", "t.yaml"))
                .hasMessageContaining("ringSize must be a power of two");
        assertThatThrownBy(() -> OrdoConfig.parse("durability: fsync", "t.yaml"))
                .hasMessageContaining("durability must be 'process' or 'sync', got 'fsync'");
        assertThatThrownBy(() -> OrdoConfig.parse("waitStrategy: spin", "t.yaml"))
                .hasMessageContaining("waitStrategy must be one of blocking, sleeping, yielding, busy-spin");
        assertThatThrownBy(() -> OrdoConfig.parse("stages: single", "t.yaml"))
                .hasMessageContaining("stages must be one of parallel, fused; got 'single'");
        assertThatThrownBy(() -> OrdoConfig.parse("http: {transport: uring}", "t.yaml"))
                .hasMessageContaining("http.transport must be one of auto, io_uring, epoll, nio; got 'uring'");
        assertThatThrownBy(() -> OrdoConfig.parse("preallocateHolds: -1", "t.yaml"))
                .hasMessageContaining("preallocateHolds must be between 0 and 100000000, got -1");
        assertThatThrownBy(() -> OrdoConfig.parse("preallocateOrders: 100000001", "t.yaml"))
                .hasMessageContaining("preallocateOrders must be between 0 and 100000000, got 100000001");
        assertThatThrownBy(() -> OrdoConfig.parse("snapshot: {mode: forked}", "t.yaml"))
                .hasMessageContaining("snapshot.mode must be one of shadow, inline; got 'forked'");
        assertThatThrownBy(() -> OrdoConfig.parse("http: 8080", "t.yaml"))
                .hasMessageContaining("http must be a mapping");
        assertThatThrownBy(() -> OrdoConfig.parse("snapshot: {keep: 0}", "t.yaml"))
                .hasMessageContaining("snapshot.keep must be between 1 and");
    }

    @Test
    void duplicateKeysAndBrokenYamlAreRefused() {
        assertThatThrownBy(() -> OrdoConfig.parse("ringSize: 8\nringSize: 16\n", "t.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ringSize");
        assertThatThrownBy(() -> OrdoConfig.parse("http: [unclosed", "t.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not valid YAML");
    }

    /** The parser's message quoted the broken line, which may hold a key or a secret; only where it is is said. */
    @Test
    void brokenYamlIsReportedWithoutItsText() {
        String secret = "sk_live_0123456789abcdef";
        for (String yaml : new String[] {
            "apiKeys:\n  - key: \"" + secret + "\n    role: admin\n",
            "apiKeys:\n  - key: " + secret + "\n\trole: admin\n",
            "payments: {stripe: {secretKeyEnv: " + secret + "\n"}) {
            assertThatThrownBy(() -> OrdoConfig.parse(yaml, "t.yaml"))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("t.yaml: not valid YAML at line ")
                    .hasNoCause()
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain(secret).doesNotContain("sk_live"));
        }
    }

    @Test
    void aFileEndingInADocumentMarkerReadsAsItsOneDocument() {
        assertThat(OrdoConfig.parse("ringSize: 8\n---\n", "t.yaml").ringSize()).isEqualTo(8);
    }

    @Test
    void aSecondYamlDocumentIsRefusedNotIgnored() {
        assertThatThrownBy(() -> OrdoConfig.parse("ringSize: 8\n---\nhttp: {port: 9090}\n", "t.yaml"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("t.yaml: holds more than one YAML document (after ---); put every setting in one");
    }

    @Test
    void apiKeysAreReadWithTheirBindings() {
        OrdoConfig config = OrdoConfig.parse("""
                apiKeys:
                  - key: admin-secret-1
                    role: admin
                  - name: webshop
                    key: web-secret-1
                    role: storefront
                    channels: [web, app]
                  - key: dhl-secret-1
                    role: carrier
                    carrierId: dhl
                """, "t.yaml");

        assertThat(config.apiKeys()).containsExactly(
                new ApiKey("admin-0", "admin-secret-1", Role.ADMIN, Set.of(), Set.of(), null,
                        ApiKey.secretScope("admin-secret-1")),
                new ApiKey("webshop", "web-secret-1", Role.STOREFRONT, Set.of("web", "app"), Set.of(), null),
                new ApiKey("carrier-2", "dhl-secret-1", Role.CARRIER, Set.of(), Set.of(), "dhl",
                        ApiKey.secretScope("dhl-secret-1")));
    }

    @Test
    void apiKeyMistakesNameTheEntryAndNeverQuoteTheSecret() {
        assertThatThrownBy(() -> OrdoConfig.parse("""
                apiKeys:
                  - key: s3cret-value
                    role: storefront
                """, "t.yaml"))
                .hasMessageContaining("apiKeys[0]: storefront key 'storefront-0' must be bound to at least one channel")
                .message().doesNotContain("s3cret-value");
        assertThatThrownBy(() -> OrdoConfig.parse("""
                apiKeys:
                  - key: s3cret-value
                    role: root
                """, "t.yaml"))
                .hasMessageContaining("apiKeys[0].role: unknown role 'root'")
                .hasMessageContaining("admin, storefront, store, warehouse, carrier, auditor");
        assertThatThrownBy(() -> OrdoConfig.parse("""
                apiKeys:
                  - key: 123456789
                    role: admin
                """, "t.yaml"))
                .hasMessageContaining("apiKeys[0].key is required and must be a string")
                .message().doesNotContain("123456789");
        assertThatThrownBy(() -> OrdoConfig.parse("""
                apiKeys:
                  - {key: same-secret, role: admin}
                  - {key: same-secret, role: auditor}
                """, "t.yaml"))
                .hasMessageContaining("reuses the key of another entry")
                .message().doesNotContain("same-secret");
    }

    @Test
    void paymentsSectionConfiguresStripeAndWebhookSecrets() {
        OrdoConfig config = OrdoConfig.parse("""
                payments:
                  stripe:
                    baseUrl: "http://127.0.0.1:12111/"
                    secretKey: sk_test_abc123
                    timeoutMillis: 250
                    maxAttempts: 5
                  webhookSecrets:
                    stripe: [whsec_new, whsec_old]
                    offline: [pos-secret]
                  webhookToleranceSeconds: 120
                """, "t.yaml");

        StripeConfig stripe = config.payments().stripe();
        assertThat(stripe.enabled()).isTrue();
        assertThat(stripe.baseUrl()).isEqualTo("http://127.0.0.1:12111");
        assertThat(stripe.secretKey()).isEqualTo("sk_test_abc123");
        assertThat(stripe.timeoutMillis()).isEqualTo(250);
        assertThat(stripe.maxAttempts()).isEqualTo(5);
        assertThat(stripe.connectTimeoutMillis()).isEqualTo(StripeConfig.DEFAULT_CONNECT_TIMEOUT_MILLIS);
        assertThat(config.payments().webhookSecrets()).isEqualTo(Map.of(
                "stripe", List.of("whsec_new", "whsec_old"), "offline", List.of("pos-secret")));
        assertThat(config.payments().webhookToleranceSeconds()).isEqualTo(120);
    }

    @Test
    void stripeSecretKeyMayComeFromTheNamedEnvironmentVariable() {
        String yaml = "payments: {stripe: {secretKeyEnv: ORDO_STRIPE_KEY}}";

        OrdoConfig config = ConfigLoader.parse(yaml, "t.yaml", Map.of("ORDO_STRIPE_KEY", "sk_live_fromenv")::get);

        assertThat(config.payments().stripe().secretKey()).isEqualTo("sk_live_fromenv");
        assertThatThrownBy(() -> ConfigLoader.parse(yaml, "t.yaml", name -> null))
                .hasMessage("t.yaml: payments.stripe.secretKeyEnv names ORDO_STRIPE_KEY, which is not set in the "
                        + "environment");
        assertThatThrownBy(() -> ConfigLoader.parse(
                "payments: {stripe: {secretKey: sk_x, secretKeyEnv: ORDO_STRIPE_KEY}}", "t.yaml", name -> "sk_y"))
                .hasMessageContaining("payments.stripe: set secretKey or secretKeyEnv, not both");
    }

    @Test
    void paymentMistakesNameTheirKeyAndNeverQuoteASecret() {
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {stripe: {timeoutMillis: 0}}", "t.yaml"))
                .hasMessage("t.yaml: payments.stripe.timeoutMillis must be between 1 and 120000, got 0");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {stripe: {maxAttemps: 3}}", "t.yaml"))
                .hasMessageContaining("unknown configuration key 'payments.stripe.maxAttemps'");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {stripe: {baseUrl: 'http://stripe.example'}}", "t.yaml"))
                .hasMessageContaining("payments.stripe.baseUrl must use https");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {webhookSecrets: {paypal: [s1]}}", "t.yaml"))
                .hasMessageContaining("unknown configuration key 'payments.webhookSecrets.paypal'")
                .hasMessageContaining("stripe, offline");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {webhookSecrets: {stripe: [s1, s2, s3]}}", "t.yaml"))
                .hasMessageContaining("payments.webhookSecrets.stripe must list one or two secrets")
                .message().doesNotContain("s1");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {webhookSecrets: {offline: ['two words']}}", "t.yaml"))
                .hasMessageContaining("payments.webhookSecrets.offline[0] must be 1-512 visible ASCII")
                .message().doesNotContain("two words");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {stripe: {secretKey: 'sk live'}}", "t.yaml"))
                .hasMessageContaining("payments.stripe.secretKey must be 1-512 visible ASCII")
                .message().doesNotContain("sk live");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {webhookToleranceSeconds: 0}", "t.yaml"))
                .hasMessageContaining("payments.webhookToleranceSeconds must be between 1 and 3600, got 0");
    }

    @Test
    void paymentAdapterCanBeTunedOrSwitchedOff() {
        assertThat(OrdoConfig.defaults().payments().adapter()).isEqualTo(new PaymentAdapterConfig(true, 2, 1_000));
        OrdoConfig config = OrdoConfig.parse("""
                payments:
                  adapter:
                    enabled: false
                    workers: 4
                    scanIntervalMillis: 250
                """, "t.yaml");
        assertThat(config.payments().adapter()).isEqualTo(new PaymentAdapterConfig(false, 4, 250));
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {adapter: {enabled: 'no'}}", "t.yaml"))
                .hasMessage("t.yaml: payments.adapter.enabled must be true or false, got the string 'no'");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {adapter: {workers: 0}}", "t.yaml"))
                .hasMessage("t.yaml: payments.adapter.workers must be between 1 and 32, got 0");
        assertThatThrownBy(() -> OrdoConfig.parse("payments: {adapter: {scanIntervalMilis: 10}}", "t.yaml"))
                .hasMessageContaining("unknown configuration key 'payments.adapter.scanIntervalMilis'");
    }

    @Test
    void toStringNeverShowsSecrets() {
        OrdoConfig config = OrdoConfig.defaults()
                .withApiKeys(List.of(ApiKey.of("ops", "very-secret-key", Role.ADMIN)))
                .withPayments(PaymentsConfig.defaults()
                        .withStripe(StripeConfig.defaults().withSecretKey("sk_live_very_secret"))
                        .withWebhookSecrets("stripe", List.of("whsec_very_secret")));

        assertThat(config.toString()).contains("ops").contains("api.stripe.com")
                .doesNotContain("very-secret-key").doesNotContain("sk_live_very_secret")
                .doesNotContain("whsec_very_secret");
    }

    @Test
    void theDocumentedExampleFileStatesExactlyTheDefaults() throws IOException {
        Path example = Path.of("..", "docs", "ordo.example.yaml");
        String text = Files.readString(example);

        assertThat(OrdoConfig.load(example)).isEqualTo(OrdoConfig.defaults());
        for (String key : List.of("port", "bind", "ioThreads", "maxConnections", "maxBodyBytes", "maxHeaderBytes",
                "maxInitialLineBytes", "idleTimeoutSeconds", "requestTimeoutSeconds", "transport", "data", "durability",
                "everyCommands", "everySeconds", "keep", "mode", "waitStrategy", "stages", "ringSize", "preallocateHolds",
                "preallocateOrders", "apiKeys", "channels",
                "locations", "carrierId", "name", "payments", "stripe", "baseUrl", "secretKey", "secretKeyEnv",
                "connectTimeoutMillis", "timeoutMillis", "maxAttempts", "initialBackoffMillis", "maxBackoffMillis",
                "webhookSecrets", "offline", "webhookToleranceSeconds", "adapter", "enabled", "workers",
                "scanIntervalMillis")) {
            assertThat(text).as("documents " + key).contains(key + ":");
        }
    }

    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("ordo.yaml");
        Files.writeString(file, yaml);
        return file;
    }
}
