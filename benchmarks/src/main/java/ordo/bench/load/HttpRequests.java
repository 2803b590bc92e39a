package ordo.bench.load;

import java.nio.charset.StandardCharsets;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;

/**
 * The bytes of the requests {@link OrdoHttpDriver} sends, encoded once per driver where possible.
 *
 * <p>A reservation is the hot path: its request line and headers up to {@code Content-Length: } are one pre-encoded
 * array, the JSON body is four constant pieces around the customer id, the SKU name (pre-encoded per SKU by the
 * driver) and the quantity. Nothing is formatted into a {@code String}; digits are written straight into the buffer:
 * <pre>
 *   POST /v1/reservations HTTP/1.1␍␊Host: h:p␍␊Authorization: Bearer K␍␊Content-Type: application/json␍␊
 *   Content-Length: N␍␊␍␊
 *   {"channel":"web","customerId":"C","ttlSeconds":3600,"lines":[{"sku":"S","qty":Q}]}
 * </pre>
 * An order ({@link #order}) is built as one string per request: it is long, and a tenth as frequent.
 * Admin and read requests are rare (set-up and checks) and are built from strings.
 *
 * <p>Immutable; any thread.
 */
final class HttpRequests
{
    static final String CHANNEL = "web";
    static final int TTL_SECONDS = 3600;

    private static final byte[] HEADERS_END = ascii("\r\n\r\n");
    private static final byte[] BODY_CUSTOMER = ascii("{\"channel\":\"" + CHANNEL + "\",\"customerId\":\"");
    private static final byte[] BODY_SKU = ascii("\",\"ttlSeconds\":" + TTL_SECONDS + ",\"lines\":[{\"sku\":\"");
    private static final byte[] BODY_QTY = ascii("\",\"qty\":");
    private static final byte[] BODY_END = ascii("}]}");
    private static final int BODY_FIXED_BYTES = BODY_CUSTOMER.length + BODY_SKU.length + BODY_QTY.length
        + BODY_END.length;

    private final String hostHeader;
    private final String adminKey;
    private final String storefrontKey;
    private final byte[] reserveHead;
    private final byte[] orderHead;

    HttpRequests(final String hostHeader, final String adminKey, final String storefrontKey)
    {
        this.hostHeader = hostHeader;
        this.adminKey = adminKey;
        this.storefrontKey = storefrontKey;
        this.reserveHead = ascii("POST /v1/reservations HTTP/1.1\r\nHost: " + hostHeader
            + "\r\nAuthorization: Bearer " + storefrontKey
            + "\r\nContent-Type: application/json\r\nContent-Length: ");
        this.orderHead = ascii("POST /v1/orders HTTP/1.1\r\nHost: " + hostHeader
            + "\r\nAuthorization: Bearer " + storefrontKey
            + "\r\nContent-Type: application/json\r\nContent-Length: ");
    }

    /**
     * One {@code POST /v1/reservations} of {@code qty} units of {@code skuName} for {@code customerId}, which must be
     * an id as the API defines it ({@code [A-Za-z0-9._:-]}, so it needs no JSON escaping).
     */
    ByteBuf reserve(final ByteBufAllocator alloc, final byte[] skuName, final String customerId, final int qty)
    {
        final int bodyBytes = BODY_FIXED_BYTES + customerId.length() + skuName.length + decimalLength(qty);
        final int totalBytes = reserveHead.length + decimalLength(bodyBytes) + HEADERS_END.length + bodyBytes;
        final ByteBuf buf = alloc.ioBuffer(totalBytes);
        buf.writeBytes(reserveHead);
        writeDecimal(buf, bodyBytes);
        buf.writeBytes(HEADERS_END);
        buf.writeBytes(BODY_CUSTOMER);
        ByteBufUtil.writeAscii(buf, customerId);
        buf.writeBytes(BODY_SKU);
        buf.writeBytes(skuName);
        buf.writeBytes(BODY_QTY);
        writeDecimal(buf, qty);
        buf.writeBytes(BODY_END);
        return buf;
    }

    /**
     * One {@code POST /v1/orders} as the storefront of channel {@value #CHANNEL}: order {@code ticket} of
     * {@code workload}, its SKU numbers named by {@code skuNames} (ids: no JSON escaping needed).
     */
    ByteBuf order(final ByteBufAllocator alloc, final OrderWorkload workload, final long ticket,
        final String[] skuNames)
    {
        final String customer = workload.customerId(ticket);
        final StringBuilder body = new StringBuilder(640)
            .append("{\"channel\":\"").append(CHANNEL).append("\",\"customer\":{\"id\":\"").append(customer)
            .append("\",\"email\":\"").append(customer).append("@example.com\"},\"shipTo\":{\"name\":\"Shopper ")
            .append(ticket).append("\",\"line1\":\"").append(ticket).append(" Orchard Road\",\"city\":\"Singapore\","
                + "\"postalCode\":\"238801\",\"countryCode\":\"SG\",\"lat\":");
        appendE4(body, workload.latE4(ticket));
        body.append(",\"lon\":");
        appendE4(body, workload.lonE4(ticket));
        body.append("},\"deliveryMethod\":\"SHIP\",\"serviceLevel\":\"STANDARD\",\"lines\":[");
        for (int line = 0; line < OrderWorkload.LINES; line++)
        {
            body.append(line == 0 ? "{\"sku\":\"" : ",{\"sku\":\"").append(skuNames[workload.sku(ticket, line)])
                .append("\",\"qty\":").append(workload.qty(line)).append(",\"unitPrice\":{\"amountMinor\":")
                .append(workload.unitPriceMinor(line)).append(",\"currency\":\"").append(OrderWorkload.CURRENCY)
                .append("\"}}");
        }
        body.append("],\"payment\":{\"provider\":\"offline\",\"amount\":{\"amountMinor\":")
            .append(OrderWorkload.TOTAL_MINOR).append(",\"currency\":\"").append(OrderWorkload.CURRENCY).append("\"}}}");
        final int bodyBytes = body.length();
        final ByteBuf buf = alloc.ioBuffer(orderHead.length + decimalLength(bodyBytes) + HEADERS_END.length + bodyBytes);
        buf.writeBytes(orderHead);
        writeDecimal(buf, bodyBytes);
        buf.writeBytes(HEADERS_END);
        ByteBufUtil.writeAscii(buf, body);
        return buf;
    }

    /** A non-negative value in 1/10 000 as a decimal with four places: 12500 → {@code 1.2500}. */
    static void appendE4(final StringBuilder out, final int valueE4)
    {
        final int fraction = valueE4 % 10_000;
        out.append(valueE4 / 10_000).append('.');
        for (int scale = 1_000; scale > fraction && scale > 1; scale /= 10)
        {
            out.append('0');
        }
        out.append(fraction);
    }

    /** An admin call ({@code PUT} with a JSON body). */
    byte[] adminPut(final String path, final String jsonBody)
    {
        final byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        final byte[] head = ascii("PUT " + path + " HTTP/1.1\r\nHost: " + hostHeader
            + "\r\nAuthorization: Bearer " + adminKey
            + "\r\nContent-Type: application/json\r\nContent-Length: " + body.length + "\r\n\r\n");
        final byte[] request = new byte[head.length + body.length];
        System.arraycopy(head, 0, request, 0, head.length);
        System.arraycopy(body, 0, request, head.length, body.length);
        return request;
    }

    /** A read as the storefront ({@code GET /v1/inventory/…} is open to it). */
    byte[] storefrontGet(final String path)
    {
        return ascii("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\nAuthorization: Bearer " + storefrontKey
            + "\r\n\r\n");
    }

    /** An unauthenticated read ({@code /ready}). */
    byte[] publicGet(final String path)
    {
        return ascii("GET " + path + " HTTP/1.1\r\nHost: " + hostHeader + "\r\n\r\n");
    }

    static byte[] ascii(final String text)
    {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    /** Digits of a non-negative {@code value} in decimal. */
    static int decimalLength(final long value)
    {
        if (value < 0)
        {
            throw new IllegalArgumentException("negative: " + value);
        }
        int digits = 1;
        for (long rest = value / 10; rest > 0; rest /= 10)
        {
            digits++;
        }
        return digits;
    }

    /** Writes a non-negative {@code value} in decimal, without building a string. */
    static void writeDecimal(final ByteBuf buf, final long value)
    {
        final int digits = decimalLength(value);
        final int end = buf.writerIndex() + digits;
        buf.ensureWritable(digits);
        long rest = value;
        for (int i = end - 1; i >= end - digits; i--)
        {
            buf.setByte(i, (int)('0' + rest % 10));
            rest /= 10;
        }
        buf.writerIndex(end);
    }
}
