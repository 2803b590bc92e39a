package ordo.gateway.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.EnumSet;

import org.junit.jupiter.api.Test;

import ordo.gateway.auth.Role;

class RouterTest {

    private static final RouteHandler NOTHING = ex -> { };
    private static final EnumSet<Role> ADMIN = EnumSet.of(Role.ADMIN);

    private final Router router = new Router()
            .route("GET", "/health", "health", null, NOTHING)
            .route("PUT", "/v1/locations/{locationId}", "putLocation", ADMIN, NOTHING)
            .route("GET", "/v1/locations/{id}/work", "locationWork", EnumSet.of(Role.WAREHOUSE), NOTHING)
            .route("POST", "/v1/inventory/{sku}/{locationId}/adjustments", "adjustInventory", ADMIN, NOTHING)
            .route("PUT", "/v1/inventory/{sku}/{locationId}", "setInventory", ADMIN, NOTHING)
            .route("GET", "/v1/orders/{orderId}", "getOrder", ADMIN, NOTHING)
            .route("DELETE", "/v1/orders/{orderId}", "deleteOrder", ADMIN, NOTHING)
            .route("GET", "/v1/orders/search", "searchOrders", ADMIN, NOTHING)
            .route("GET", "/v1/orders/{orderId}/events", "orderEvents", ADMIN, NOTHING);

    @Test
    void templateParametersAreCapturedByName() {
        RouteMatch match = router.match("POST", "/v1/inventory/sku-1/dc-east/adjustments");

        assertThat(match.outcome).isEqualTo(RouteMatch.Outcome.FOUND);
        assertThat(match.route.name).isEqualTo("adjustInventory");
        assertThat(match.route.param(match.params, "sku")).isEqualTo("sku-1");
        assertThat(match.route.param(match.params, "locationId")).isEqualTo("dc-east");
    }

    @Test
    void aRouteWithoutParametersIsFoundAsTheSameMatchEveryTime() {
        RouteMatch first = router.match("GET", "/v1/orders/search");

        assertThat(first.outcome).isEqualTo(RouteMatch.Outcome.FOUND);
        assertThat(first.route.name).isEqualTo("searchOrders");
        assertThat(first.params).isEmpty();
        assertThat(router.match("GET", "/v1/orders/search")).isSameAs(first);
        assertThat(router.match("HEAD", "/health")).isSameAs(router.match("GET", "/health"));
        assertThat(router.match("GET", "/v1/orders/o-1").params).containsExactly("o-1");
    }

    @Test
    void parameterNamesMayDifferBetweenRoutesSharingAPrefix() {
        RouteMatch put = router.match("PUT", "/v1/locations/dc-1");
        RouteMatch work = router.match("GET", "/v1/locations/dc-1/work");

        assertThat(put.route.param(put.params, "locationId")).isEqualTo("dc-1");
        assertThat(work.route.param(work.params, "id")).isEqualTo("dc-1");
    }

    @Test
    void aLiteralSegmentWinsOverAParameterAndTheParameterStillMatchesTheRest() {
        assertThat(router.match("GET", "/v1/orders/search").route.name).isEqualTo("searchOrders");
        assertThat(router.match("GET", "/v1/orders/ord_1").route.name).isEqualTo("getOrder");
        assertThat(router.match("GET", "/v1/orders/search/events").route.name).isEqualTo("orderEvents");
    }

    @Test
    void aLiteralPathAnswersTheSameWhetherSentPlainOrPercentEncoded() {
        assertThat(router.match("GET", "/v1/orders/%73earch").route.name).isEqualTo("searchOrders");
        assertThat(router.match("GET", "/v1/orders/search").route.name).isEqualTo("searchOrders");
        RouteMatch plain = router.match("DELETE", "/v1/orders/search");
        RouteMatch encoded = router.match("DELETE", "/v1/orders/%73earch");

        assertThat(plain.outcome).isEqualTo(RouteMatch.Outcome.METHOD_NOT_ALLOWED);
        assertThat(plain.allow).isEqualTo("GET, HEAD");
        assertThat(encoded.outcome).isEqualTo(plain.outcome);
        assertThat(encoded.allow).isEqualTo(plain.allow);
        assertThat(router.match("GET", "/health").route.name).isEqualTo("health");
        assertThat(router.match("GET", "/health/").outcome).isEqualTo(RouteMatch.Outcome.NOT_FOUND);
    }

    @Test
    void anUnknownPathIsNotFound() {
        assertThat(router.match("GET", "/v1/nothing").outcome).isEqualTo(RouteMatch.Outcome.NOT_FOUND);
        assertThat(router.match("GET", "/").outcome).isEqualTo(RouteMatch.Outcome.NOT_FOUND);
        assertThat(router.match("GET", "/health/extra").outcome).isEqualTo(RouteMatch.Outcome.NOT_FOUND);
        assertThat(router.match("GET", "/v1/orders/o-1/events/more").outcome).isEqualTo(RouteMatch.Outcome.NOT_FOUND);
        // An empty segment names nothing: reaching a route with other methods only, it is not found (a 405 once);
        // reaching one with its method, the route names the empty parameter (below).
        assertThat(router.match("GET", "/v1/inventory/sku-1/").outcome).isEqualTo(RouteMatch.Outcome.NOT_FOUND);
        RouteMatch put = router.match("PUT", "/v1/inventory/sku-1/");
        assertThat(put.route.firstInvalidParam(put.params)).isEqualTo("locationId");
        assertThat(router.match("GET", "/v1/inventory/sku-1/wh-1").outcome)
            .isEqualTo(RouteMatch.Outcome.METHOD_NOT_ALLOWED);
        assertThat(router.match("GET", "health").outcome).isEqualTo(RouteMatch.Outcome.NOT_FOUND);
        assertThat(router.match("GET", "/a".repeat(Router.MAX_SEGMENTS + 1)).outcome)
                .isEqualTo(RouteMatch.Outcome.NOT_FOUND);
    }

    @Test
    void aKnownPathWithAnotherMethodListsTheAllowedOnes() {
        RouteMatch match = router.match("POST", "/v1/orders/o-1");

        assertThat(match.outcome).isEqualTo(RouteMatch.Outcome.METHOD_NOT_ALLOWED);
        assertThat(match.allow).isEqualTo("DELETE, GET, HEAD");
    }

    @Test
    void headFindsTheGetRouteOfAPathAndNothingWhereThereIsNoGet() {
        assertThat(router.match("HEAD", "/health").route.name).isEqualTo("health");
        RouteMatch order = router.match("HEAD", "/v1/orders/o-1");
        assertThat(order.route.name).isEqualTo("getOrder");
        assertThat(order.route.param(order.params, "orderId")).isEqualTo("o-1");

        RouteMatch noGet = router.match("HEAD", "/v1/locations/dc-1");
        assertThat(noGet.outcome).isEqualTo(RouteMatch.Outcome.METHOD_NOT_ALLOWED);
        assertThat(noGet.allow).isEqualTo("PUT");
    }

    @Test
    void pathParametersArePercentDecodedAndInvalidIdsAreNamed() {
        RouteMatch encoded = router.match("GET", "/v1/orders/a%3Ab");
        RouteMatch space = router.match("POST", "/v1/inventory/ok/bad%20id/adjustments");
        RouteMatch broken = router.match("GET", "/v1/orders/%zz");
        RouteMatch empty = router.match("GET", "/v1/orders/");

        assertThat(encoded.route.param(encoded.params, "orderId")).isEqualTo("a:b");
        assertThat(encoded.route.firstInvalidParam(encoded.params)).isNull();
        assertThat(space.route.firstInvalidParam(space.params)).isEqualTo("locationId");
        assertThat(broken.route.firstInvalidParam(broken.params)).isEqualTo("orderId");
        assertThat(empty.route.firstInvalidParam(empty.params)).isEqualTo("orderId");
        assertThat(Router.decodeSegment("a+b")).isEqualTo("a+b");
        assertThat(Router.decodeSegment("%C3%A9")).isEqualTo("é");
        assertThat(Router.decodeSegment("%C3")).isNull();
    }

    @Test
    void routesAreListedInRegistrationOrderForTheOpenApiCheck() {
        assertThat(router.routes()).first().isEqualTo(new RouteInfo("GET", "/health", "health"));
        assertThat(router.routes()).contains(
                new RouteInfo("POST", "/v1/inventory/{sku}/{locationId}/adjustments", "adjustInventory"));
        assertThat(router.routes()).hasSize(9);
    }

    @Test
    void clashingOrMalformedRoutesAreRefused() {
        assertThatThrownBy(() -> router.route("GET", "/v1/orders/{id}", "other", ADMIN, NOTHING))
                .hasMessageContaining("clashes with GET /v1/orders/{orderId}");
        assertThatThrownBy(() -> router.route("GET", "/x", "health", null, NOTHING))
                .hasMessageContaining("already used");
        assertThatThrownBy(() -> router.route("get", "/x", "x1", null, NOTHING))
                .hasMessageContaining("upper-case");
        assertThatThrownBy(() -> router.route("GET", "x", "x2", null, NOTHING))
                .hasMessageContaining("absolute path");
        assertThatThrownBy(() -> router.route("GET", "/x/{a}/{a}", "x3", null, NOTHING))
                .hasMessageContaining("names {a} twice");
        assertThatThrownBy(() -> router.route("GET", "/x/a b", "x4", null, NOTHING))
                .hasMessageContaining("neither a literal");
        assertThatThrownBy(() -> router.route("GET", "/x", "x5", EnumSet.noneOf(Role.class), NOTHING))
                .hasMessageContaining("admits no role");
    }

    @Test
    void idsFollowTheContract() {
        assertThat(Ids.isValid("res_01H:x.y-z")).isTrue();
        assertThat(Ids.isValid("x".repeat(64))).isTrue();
        assertThat(Ids.isValid("x".repeat(65))).isFalse();
        assertThat(Ids.isValid("")).isFalse();
        assertThat(Ids.isValid("a/b")).isFalse();
        assertThat(Ids.isValid("é")).isFalse();
        assertThat(Ids.isValid(null)).isFalse();
    }
}
