package ordo.gateway.e2e;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bodies of {@code POST /v1/orders} for the end-to-end tests, as JSON trees a test can change before sending: a
 * SHIP order to Raffles Place, Singapore, paid offline in SGD.
 */
final class OrderBodies {

    private OrderBodies() {
    }

    /** One line: {@code {"sku", "qty", "unitPrice": {"amountMinor", "currency"}}}. */
    static ObjectNode line(String sku, int qty, long unitPriceMinor, String currency) {
        ObjectNode line = Api.JSON.createObjectNode().put("sku", sku).put("qty", qty);
        line.putObject("unitPrice").put("amountMinor", unitPriceMinor).put("currency", currency);
        return line;
    }

    /** A SHIP order of {@code lines} (each SKU at 1999 SGD cents) for {@code customerId} on {@code channel}. */
    static ObjectNode ship(String channel, String customerId, Object... skuQtyPairs) {
        ObjectNode order = Api.JSON.createObjectNode().put("channel", channel);
        order.putObject("customer").put("id", customerId).put("email", customerId + "@example.com");
        ObjectNode shipTo = order.putObject("shipTo");
        shipTo.put("name", "Tan Ah Kow").put("line1", "1 Raffles Place").put("city", "Singapore")
                .put("postalCode", "048616").put("countryCode", "SG");
        shipTo.put("lat", new java.math.BigDecimal("1.284")).put("lon", new java.math.BigDecimal("103.851"));
        order.put("deliveryMethod", "SHIP").put("serviceLevel", "STANDARD");
        ArrayNode lines = order.putArray("lines");
        long total = 0;
        for (int i = 0; i < skuQtyPairs.length; i += 2) {
            int qty = (Integer) skuQtyPairs[i + 1];
            lines.add(line((String) skuQtyPairs[i], qty, 1999, "SGD"));
            total += 1999L * qty;
        }
        ObjectNode payment = order.putObject("payment").put("provider", "offline");
        payment.putObject("amount").put("amountMinor", total).put("currency", "SGD");
        return order;
    }

    /** The same order picked up at {@code storeId} instead of shipped (no address). */
    static ObjectNode pickup(String channel, String customerId, String storeId, Object... skuQtyPairs) {
        ObjectNode order = ship(channel, customerId, skuQtyPairs);
        order.remove("shipTo");
        order.put("deliveryMethod", "PICKUP").put("pickupLocationId", storeId);
        return order;
    }
}
