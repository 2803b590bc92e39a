package ordo.engine;

/**
 * The per-line checks and rejects that reservations, orders and cancellations share, so a line is judged and
 * reported the same way whichever command carries it. A line reject's tuple is (SKU index, available, limit,
 * requested, line index) with the SKU id as data (ReplyCodec "LINE reject").
 */
final class LineChecks
{
    private LineChecks()
    {
    }

    /** Quantity in range and the SKU not on an earlier line; otherwise answers the reject and returns false. */
    static boolean quantityAndUniqueness(final Reply reply, final Sku sku, final int qty, final int maxQty,
        final Sku[] earlier, final int line)
    {
        if (qty <= 0 || qty > maxQty)
        {
            reject(reply, ResultCode.INVALID_QUANTITY, sku, 0, 0, qty, line);
            return false;
        }
        for (int j = 0; j < line; j++)
        {
            if (earlier[j] == sku)
            {
                reject(reply, ResultCode.DUPLICATE_SKU, sku, 0, 0, qty, line);
                return false;
            }
        }
        return true;
    }

    /** The SKU's sale window is open at {@code now}; otherwise answers SALE_NOT_OPEN or SALE_ENDED. */
    static boolean saleOpen(final Reply reply, final Sku sku, final long now, final int qty, final int line)
    {
        if (!sku.saleOpenAt(now))
        {
            reject(reply, ResultCode.SALE_NOT_OPEN, sku, 0, 0, qty, line);
            return false;
        }
        if (sku.saleEndedAt(now))
        {
            reject(reply, ResultCode.SALE_ENDED, sku, 0, 0, qty, line);
            return false;
        }
        return true;
    }

    static void reject(final Reply reply, final ResultCode code, final Sku sku,
        final long available, final long limit, final long requested, final int line)
    {
        reply.result(code, sku.index, available, limit, requested, line);
        ReplyCodec.skuId(reply, sku);
    }

    /** A line naming an id that resolves to nothing (unknown SKU, SKU not on the order): the id as sent. */
    static void unresolved(final Reply reply, final ResultCode code, final ByteSlice id, final int line)
    {
        reply.result(code, -1, 0, 0, 0, line);
        reply.beginData().putAscii(id.toString());
        reply.endData();
    }
}
