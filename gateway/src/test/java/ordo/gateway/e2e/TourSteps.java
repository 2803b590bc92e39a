package ordo.gateway.e2e;

import static ordo.gateway.e2e.InProcessOrdo.WEB;

/**
 * The steps {@link OpenApiTour} and {@link OpenApiPaymentTour} share: a call per method, each judged by
 * {@link OpenApiResponsesTest#call} and naming the status it means, and the bodies they send more than once.
 */
abstract class TourSteps {

    static final String NO_ORDER = "/v1/orders/ord_0000000000000000";
    static final String NOT_AN_ID = "x".repeat(65);

    final OpenApiResponsesTest test;

    TourSteps(OpenApiResponsesTest test) {
        this.test = test;
    }

    /** A card order of one A (1999 SGD cents) on channel web, paid by the Stripe PaymentIntent {@code reference}. */
    final String placeCard(String customerId, String reference) {
        return post(201, WEB, "/v1/orders", PaymentFixture.cardOrder(customerId, reference, 1).toString()).json()
                .path("orderId").asText();
    }

    /** A hold of {@code qty} × {@code sku} for 600 s; {@code extra}: members put first ({@code "locationId":…,}). */
    static String reserve(String channel, String customerId, String sku, int qty, String extra) {
        return "{" + extra + "\"channel\":\"" + channel + "\",\"customerId\":\"" + customerId
                + "\",\"ttlSeconds\":600,\"lines\":[{\"sku\":\"" + sku + "\",\"qty\":" + qty + "}]}";
    }

    /** A Stripe event of {@code type} whose {@code data.object} has the members {@code object}. */
    static String event(String eventId, String type, String object) {
        return "{\"id\":\"" + eventId + "\",\"object\":\"event\",\"type\":\"" + type + "\",\"data\":{\"object\":{"
                + object + "}}}";
    }

    final Api.Response get(int expected, String key, String path) {
        return test.call(expected, key, "GET", path, null);
    }

    final Api.Response put(int expected, String key, String path, String json) {
        return test.call(expected, key, "PUT", path, json);
    }

    final Api.Response post(int expected, String key, String path, String json) {
        return test.call(expected, key, "POST", path, json);
    }

    final Api.Response delete(int expected, String key, String path) {
        return test.call(expected, key, "DELETE", path, null);
    }
}
