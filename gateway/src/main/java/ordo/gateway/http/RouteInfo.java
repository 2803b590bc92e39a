package ordo.gateway.http;

/**
 * A registered route as documentation sees it, so a test can hold the router against
 * {@code docs/openapi.yaml}.
 *
 * @param method   e.g. {@code POST}
 * @param template e.g. {@code /v1/inventory/{sku}/{locationId}/adjustments}
 * @param name     the metrics label and log name, e.g. {@code adjustInventory}
 */
public record RouteInfo(String method, String template, String name) {
}
