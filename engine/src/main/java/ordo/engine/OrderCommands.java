package ordo.engine;

/**
 * Placing orders. Checks run in a fixed order — shape, ids, dedupe by channel + externalId, every line,
 * delivery, the reservation named, sale windows, sourcing, then per-customer limits — and nothing changes until
 * all of them pass (the engine has no rollback). Rules: docs/ORDERS.md. Cancellation is
 * {@link OrderCancellation}; reads are {@link OrderQueries}.
 */
final class OrderCommands
{
    static final int MAX_QTY_PER_LINE = 1_000_000;
    /** 2^36 minor units: 64 lines × 1 000 000 units × this stays below 2^63, so order totals never overflow. */
    static final long MAX_PRICE_MINOR = 1L << 36;
    /**
     * The largest order total, and payment amount: every line of the largest quantity at the largest unit price. An
     * order's charges add at most this again, and its total, charges included, stays within it.
     */
    static final long MAX_TOTAL_MINOR = MAX_PRICE_MINOR * MAX_QTY_PER_LINE * CommandCodec.MAX_LINES;
    private static final int MAX_LAT_MICRO = 90_000_000;
    private static final int MAX_LON_MICRO = 180_000_000;

    private final Catalog catalog;
    private final ReservationBook reservations;
    private final OrderBook orders;
    private final ChannelCommands channels;
    private final Sourcing sourcing;
    private final FraudScreen fraud;
    private final PaymentBook payments;
    private final OrderFlow flow;
    private final EventSink events;

    private final ByteSlice channel = new ByteSlice();
    private final ByteSlice externalId = new ByteSlice();
    private final ByteSlice customer = new ByteSlice();
    private final ByteSlice email = new ByteSlice();
    private final ByteSlice phone = new ByteSlice();
    private final ByteSlice pickupId = new ByteSlice();
    private final ByteSlice shipName = new ByteSlice();
    private final ByteSlice line1 = new ByteSlice();
    private final ByteSlice city = new ByteSlice();
    private final ByteSlice postalCode = new ByteSlice();
    private final ByteSlice shipCountry = new ByteSlice();
    private final ByteSlice billingCountry = new ByteSlice();
    private final ByteSlice clientIp = new ByteSlice();
    private final ByteSlice paymentProvider = new ByteSlice();
    private final ByteSlice paymentReference = new ByteSlice();
    private final ByteSlice paymentCurrency = new ByteSlice();
    private final ByteSlice paymentFingerprint = new ByteSlice();
    private final ByteSlice skuId = new ByteSlice();
    private final ByteSlice lineCurrency = new ByteSlice();
    private final byte[] currency = new byte[3];
    /** The charges read ({@link #readCharges}): {@link #chargeCount} of them. */
    private int chargeCount;
    private final byte[] chargeKinds = new byte[OrderCharges.MAX_CHARGES];
    private final long[] chargeAmounts = new long[OrderCharges.MAX_CHARGES];
    private final ByteSlice[] chargeNames = new ByteSlice[OrderCharges.MAX_CHARGES];
    private final ByteSlice chargeCurrency = new ByteSlice();
    private final Sku[] lineSkus = new Sku[CommandCodec.MAX_LINES];
    private final int[] lineQty = new int[CommandCodec.MAX_LINES];
    private final long[] linePrice = new long[CommandCodec.MAX_LINES];
    private final long[] heldNetwork = new long[CommandCodec.MAX_LINES];
    private final long[] forcedUnits = new long[CommandCodec.MAX_LINES];
    /** Per line, the units a converted node hold gives back at its node: those it does not ship from there. */
    private final long[] givenBack = new long[CommandCodec.MAX_LINES];
    /** Per line, the units the order takes over from the converted hold (set once the plan is made). */
    private final long[] fromHold = new long[CommandCodec.MAX_LINES];
    /** The placement's shipment limit: the order's and the policy's, the smaller ({@link Order#maxShipments}). */
    private int shipmentLimit;
    /** The decision's per-line figures ({@link SourcingDecision#LINE_VALUES} per line). */
    private final int[] lineValues = new int[CommandCodec.MAX_LINES * SourcingDecision.LINE_VALUES];
    /**
     * Currency and country codes (up to three capital letters: at most 18 279 of them) as one shared array each,
     * so an order keeps references instead of copies. Order text is never written in place.
     */
    private final org.agrona.collections.Int2ObjectHashMap<byte[]> codes = new org.agrona.collections.Int2ObjectHashMap<>();
    /** Ship-to of the order being placed, before it exists: the planner reads its coordinates. */
    private final Order shipTo;

    OrderCommands(final Catalog catalog, final ReservationBook reservations, final OrderBook orders,
        final ChannelCommands channels, final Sourcing sourcing, final FraudScreen fraud, final PaymentBook payments,
        final OrderFlow flow, final EventSink events)
    {
        this.catalog = catalog;
        this.reservations = reservations;
        this.orders = orders;
        this.shipTo = new Order(orders.timeline());
        for (int i = 0; i < chargeNames.length; i++)
        {
            chargeNames[i] = new ByteSlice();
        }
        this.channels = channels;
        this.sourcing = sourcing;
        this.fraud = fraud;
        this.payments = payments;
        this.flow = flow;
        this.events = events;
    }

    // ------------------------------------------------------------------------------------------------ place

    void place(final PayloadReader r, final long seq, final long now, final Reply reply)
    {
        r.readAscii(channel);
        r.readAscii(externalId);
        final long reservationId = r.readLong();
        final int flags = r.readByte();
        r.readAscii(customer);
        r.readText(email);
        r.readText(phone);
        final Codes.DeliveryMethod delivery = Codes.DeliveryMethod.fromCode(r.readByte());
        final Codes.ServiceLevel level = Codes.ServiceLevel.fromCode(r.readByte());
        r.readAscii(pickupId);
        r.readText(shipName);
        r.readText(line1);
        r.readText(city);
        r.readText(postalCode);
        r.readAscii(shipCountry);
        final boolean hasCoordinates = r.readByte() != 0;
        final int lat = r.readInt();
        final int lon = r.readInt();
        r.readAscii(billingCountry);
        r.readAscii(clientIp);
        r.readAscii(paymentProvider);
        r.readAscii(paymentReference);
        final long paymentAmount = r.readLong();
        r.readAscii(paymentCurrency);
        final int lineCount = r.readShort();
        if (!r.ok() || delivery == null || level == null)
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!channel.isValidId() || !customer.isValidId() || (externalId.length() != 0 && !externalId.isValidId()) ||
            (pickupId.length() != 0 && !pickupId.isValidId()))
        {
            reply.code(ResultCode.INVALID_ID);
            return;
        }
        // The refusal names the field (rules version 19): a = 1, the channel.
        if (catalog.channelHashTaken(channel))
        {
            reply.result(ResultCode.ID_HASH_COLLISION, -1, 1, 0, 0, 0);
            return;
        }
        final long channelHash = channel.hash();
        if (externalId.length() != 0)
        {
            final Order existing = orders.byExternalId(channelHash, externalId);
            if (existing != null)
            {
                // The same marketplace order captured again: answer the one we have, whatever this body says.
                reply.result(ResultCode.OK, existing.id, 0, 0, 0, 0);
                ReplyCodec.order(reply, existing, catalog);
                return;
            }
            // An external id whose key another pair's has is told apart by its bytes (OrderBook.byExternalId): it
            // was refused for good, and a caller could make one to block another channel's order number (QA-265).
        }
        if (lineCount == 0)
        {
            reply.code(ResultCode.INVALID_FIELD);
            return;
        }
        if (lineCount > CommandCodec.MAX_LINES)
        {
            reply.code(ResultCode.TOO_MANY_LINES);
            return;
        }
        if (!readLines(r, lineCount, reply))
        {
            return;
        }
        r.readAscii(paymentFingerprint);
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return;
        }
        if (!checkPaymentAndDelivery(delivery, hasCoordinates, lat, lon, paymentAmount, reply) ||
            !readCharges(r, lineCount, reply))
        {
            return;
        }
        final Location pickup = delivery == Codes.DeliveryMethod.PICKUP ? catalog.location(pickupId) : null;
        final Channel defined = catalog.channelHashTaken(channel) ? null : catalog.definedChannel(channelHash);
        if (delivery == Codes.DeliveryMethod.PICKUP)
        {
            if (pickup == null)
            {
                // a = 1: the location named is the pickup store (a hold's location answers 0), so the refusal can
                // name its field.
                reply.result(ResultCode.UNKNOWN_LOCATION, -1, 1, 0, 0, 0);
                return;
            }
            if (!pickup.canOfferPickup())
            {
                reply.result(ResultCode.PICKUP_NOT_AVAILABLE, -1, 0, 0, 0, 0);
                return;
            }
            if (defined != null && !defined.sourcesFrom(pickup))
            {
                // a = 1: the pickup store, as for UNKNOWN_LOCATION.
                reply.result(ResultCode.CHANNEL_NOT_SERVED, -1, 1, 0, 0, 0);
                return;
            }
        }

        // The reservation named: consumed whole if held; its units are counted for this order.
        final Reservation hold = findHold(reservationId, channelHash, (flags & OrderForm.FLAG_FALLBACK_TO_AVAILABLE) != 0,
            reply);
        if (hold == null && reply.code() != ResultCode.OK)
        {
            return;
        }
        // Business checks after input checks: 2xx codes are remembered with an idempotency key.
        if (pickup != null && !pickup.active)
        {
            // a = 1: the pickup store (a hold's location answers 0), so the refusal can name its field (QA).
            reply.result(ResultCode.LOCATION_INACTIVE, -1, 1, 0, 0, 0);
            return;
        }
        // One authorization pays for one order: a reference already used would be captured twice.
        final Order paidBy = paymentReference.length() == 0 ? null : payments.byReference(paymentProvider, paymentReference);
        if (paidBy != null)
        {
            reply.result(ResultCode.PAYMENT_REFERENCE_IN_USE, -1, paidBy.id, 0, 0, 0);
            return;
        }
        shipTo.hasCoordinates = false;
        // The country the plan ships to: a node may ship to some countries only (Location.shipsTo).
        shipTo.shipCountry = code(shipCountry);
        if (hasCoordinates)
        {
            shipTo.shipTo(lat, lon);
        }
        Location forced = forcedNode(hold, defined, delivery, level, pickup);
        long forcedTotal = 0;
        for (int i = 0; i < lineCount; i++)
        {
            final long held = hold == null ? 0 : heldOf(hold, lineSkus[i]);
            forcedUnits[i] = forced == null ? 0 : Math.min(Math.min(held, lineQty[i]), backedAt(forced, lineSkus[i]));
            forcedTotal += forcedUnits[i];
            // Only a network hold's units come back to the network as held units. A node hold at a node that cannot
            // serve this order gives its units back to that node only: counting them here let the order take
            // stock backing other customers' network holds (found in review). What that gives the network's ATP
            // and the pool is counted by Sourcing.releasing, from what it gives back there (ReservationBook.end).
            heldNetwork[i] = hold != null && hold.isNetwork() ? held : 0;
            givenBack[i] = hold == null || hold.isNetwork() ? 0 : held - forcedUnits[i];
        }
        if (forced != null && forcedTotal == 0)
        {
            // None of the held units is still there (a count or an adjustment took them): sourced afresh, like a
            // hold at a node that cannot serve the order; the node ships nothing for it.
            forced = null;
        }
        final long customerHash = customer.hash();
        if (!checkSaleWindows(lineCount, now, reply))
        {
            return;
        }
        final boolean allowPartial = (flags & OrderForm.FLAG_ALLOW_PARTIAL) != 0;
        sourcing.begin(channels.policy(), now, delivery, level, pickup, shipTo, defined, forced, allowPartial, false);
        shipmentLimit = channels.policy().shipmentLimit(flags >>> OrderForm.MAX_SHIPMENTS_SHIFT);
        sourcing.limitShipments(shipmentLimit);
        for (int i = 0; i < lineCount; i++)
        {
            sourcing.line(lineSkus[i], lineQty[i] - forcedUnits[i], heldNetwork[i], forcedUnits[i]);
            if (givenBack[i] > 0)
            {
                sourcing.releasing(hold.location(), i, givenBack[i]);
            }
        }
        if (sourcing.plan() != ResultCode.OK)
        {
            final int line = sourcing.rejectLine();
            // b: the units at nodes this order may not use × 256 + the reason most of them share (ReplyCodec).
            LineChecks.reject(reply, sourcing.code(), lineSkus[line], sourcing.rejectAvailable(),
                sourcing.rejectRuledOut() << 8 | sourcing.rejectRuledOutReason(), lineQty[line], line);
            return;
        }
        // Stock (the plan, which changes nothing) before the customer's limits, as a hold does (rules version 2).
        if (!checkLimits(lineCount, customerHash, hold, reply))
        {
            return;
        }

        // ---- every check passed: apply
        final Order order = orders.add(newOrder(channelHash, customerHash, delivery, level, pickup, lineCount,
            reservationId, hold, paymentAmount, now));
        order.addEvent(seq, now, Codes.OrderEventType.CREATED, -1, null, 0, null);
        long converted = 0;
        for (int i = 0; i < lineCount; i++)
        {
            converted += takenFromHold(i);
        }
        if (hold != null)
        {
            reservations.convert(hold, order.id, now);
            events.onEvent(EventType.RESERVATION_CONVERTED, seq, now, hold.id);
            order.addEvent(seq, now, Codes.OrderEventType.RESERVATION_CONVERTED, -1, forced, (int)converted, null);
        }
        allocate(order, forced, seq, now);
        for (int i = 0, v = 0; i < lineCount; i++)
        {
            lineValues[v++] = lineQty[i];
            lineValues[v++] = (int)fromHold[i];
            lineValues[v++] = order.allocated(i);
            lineValues[v++] = order.backordered(i);
            lineValues[v++] = order.cancelled(i);
        }
        order.decisionAt = sourcing.record(orders.decisions(), seq, now, lineValues);
        orders.ordered().addLines(order);
        orders.indexExternalId(order);
        payments.indexReference(order);
        fraud.screen(order, order.openTotalMinor(), now);
        order.addEvent(seq, now, Codes.OrderEventType.FRAUD_SCREENED, -1, null, order.fraudScore, screeningNote(order));
        flow.afterPlacement(order, seq, now);
        reply.result(ResultCode.OK, order.id, 1, 0, 0, 0);
        ReplyCodec.order(reply, order, catalog);
        events.onEvent(EventType.ORDER_PLACED, seq, now, order.id);
    }

    /**
     * The units of line {@code i} the order takes over from the converted hold, kept in {@link #fromHold}: those at its
     * node, and of a network hold as many as the plan allocates, no more. Counted as the hold's whatever the plan
     * gave, a network hold of 5 converted after a count left 3 showed 5 taken over by an order allocated 3 (found in
     * review; rules version 3).
     */
    private long takenFromHold(final int i)
    {
        long sourced = 0;
        if (heldNetwork[i] > 0)
        {
            for (int k = 0; k < sourcing.selectedCount(); k++)
            {
                sourced += sourcing.units(sourcing.selectedSlot(k), i);
            }
        }
        fromHold[i] = forcedUnits[i] + Math.min(Math.min(heldNetwork[i], lineQty[i]), sourced);
        return fromHold[i];
    }

    private boolean readLines(final PayloadReader r, final int lineCount, final Reply reply)
    {
        for (int i = 0; i < lineCount; i++)
        {
            r.readAscii(skuId);
            final int qty = r.readInt();
            final long price = r.readLong();
            r.readAscii(lineCurrency);
            final Sku sku = r.ok() ? catalog.sku(skuId) : null;
            if (!r.ok())
            {
                reply.code(ResultCode.MALFORMED_COMMAND);
                return false;
            }
            if (sku == null)
            {
                LineChecks.unresolved(reply, ResultCode.UNKNOWN_SKU, skuId, i);
                return false;
            }
            if (!LineChecks.quantityAndUniqueness(reply, sku, qty, MAX_QTY_PER_LINE, lineSkus, i))
            {
                return false;
            }
            if (price < 0 || price > MAX_PRICE_MINOR || !isCurrency(lineCurrency))
            {
                LineChecks.reject(reply, ResultCode.INVALID_FIELD, sku, 0, 0, qty, i);
                return false;
            }
            if (i == 0)
            {
                lineCurrency.copyTo(currency);
            }
            else if (!lineCurrency.contentEquals(currency))
            {
                LineChecks.reject(reply, ResultCode.CURRENCY_MISMATCH, sku, 0, 0, qty, i);
                return false;
            }
            lineSkus[i] = sku;
            lineQty[i] = qty;
            linePrice[i] = price;
        }
        return true;
    }

    /**
     * Reads the charges after the lines (rules version 16) and checks them: at most {@link OrderCharges#MAX_CHARGES},
     * each a known kind of 0 to {@link #MAX_TOTAL_MINOR} in the lines' currency with a name of at most
     * {@link OrderCharges#MAX_NAME_BYTES}; the charges, and the discounts, at most that much together; the discounts
     * at most the lines' value; and the order's total within {@link #MAX_TOTAL_MINOR}, so a payment can cover it.
     * A refusal names the charge (a = 2, d = its index; d = -1 for the whole).
     */
    private boolean readCharges(final PayloadReader r, final int lineCount, final Reply reply)
    {
        chargeCount = r.readByte();
        if (!r.ok())
        {
            reply.code(ResultCode.MALFORMED_COMMAND);
            return false;
        }
        if (chargeCount > OrderCharges.MAX_CHARGES)
        {
            reply.result(ResultCode.INVALID_FIELD, -1, 2, 0, 0, -1);
            return false;
        }
        long added = 0;
        long discounts = 0;
        for (int i = 0; i < chargeCount; i++)
        {
            final int kind = r.readByte();
            final long amount = r.readLong();
            r.readAscii(chargeCurrency);
            r.readText(chargeNames[i]);
            if (!r.ok())
            {
                reply.code(ResultCode.MALFORMED_COMMAND);
                return false;
            }
            if (!OrderCharges.valid(kind, amount, chargeNames[i].length()) || !isCurrency(chargeCurrency))
            {
                reply.result(ResultCode.INVALID_FIELD, -1, 2, 0, 0, i);
                return false;
            }
            if (!chargeCurrency.contentEquals(currency))
            {
                reply.result(ResultCode.CURRENCY_MISMATCH, -1, 2, 0, 0, i);
                return false;
            }
            if (!OrderCharges.sumFits(kind, amount, added, discounts))
            {
                reply.result(ResultCode.INVALID_FIELD, -1, 2, 0, 0, i);
                return false;
            }
            if (kind == Codes.ChargeKind.DISCOUNT.code())
            {
                discounts += amount;
            }
            else
            {
                added += amount;
            }
            chargeKinds[i] = (byte)kind;
            chargeAmounts[i] = amount;
        }
        long linesValue = 0;
        for (int i = 0; i < lineCount; i++)
        {
            linesValue += lineQty[i] * linePrice[i];
        }
        if (!OrderCharges.fitLines(added, discounts, linesValue))
        {
            reply.result(ResultCode.INVALID_FIELD, -1, 2, 0, 0, -1);
            return false;
        }
        return true;
    }

    private boolean checkPaymentAndDelivery(final Codes.DeliveryMethod delivery, final boolean hasCoordinates,
        final int lat, final int lon, final long paymentAmount, final Reply reply)
    {
        // The largest total an order may have (rules version 6: one line's, so two such lines could never be paid).
        if (paymentAmount < 0 || paymentAmount > MAX_TOTAL_MINOR ||
            (paymentCurrency.length() != 0 && !isCurrency(paymentCurrency)))
        {
            reply.result(ResultCode.INVALID_FIELD, -1, 0, 0, 0, 0);
            return false;
        }
        // Only providers the payment adapter knows: anything else would be released unpaid as if offline.
        final boolean stripe = paymentProvider.contentEquals(Order.STRIPE);
        // A card cannot authorize nothing (rules version 16): an order with nothing to pay is paid offline.
        if ((!stripe && !paymentProvider.contentEquals(Order.OFFLINE)) ||
            (stripe && (!paymentReference.isValidId() || paymentAmount == 0)) ||
            (paymentReference.length() != 0 && !paymentReference.isValidId()))
        {
            reply.result(ResultCode.INVALID_FIELD, -1, 0, 0, 0, 0);
            return false;
        }
        if (paymentCurrency.length() != 0 && !paymentCurrency.contentEquals(currency))
        {
            reply.result(ResultCode.CURRENCY_MISMATCH, -1, 0, 0, 0, -1);
            return false;
        }
        if (hasCoordinates && (Math.abs((long)lat) > MAX_LAT_MICRO || Math.abs((long)lon) > MAX_LON_MICRO))
        {
            reply.result(ResultCode.INVALID_COORDINATES, -1, 0, 0, 0, 0);
            return false;
        }
        if (delivery == Codes.DeliveryMethod.SHIP)
        {
            if (!hasCoordinates)
            {
                reply.result(ResultCode.MISSING_COORDINATES, -1, 0, 0, 0, 0);
                return false;
            }
            if (pickupId.length() != 0)
            {
                reply.result(ResultCode.INVALID_FIELD, -1, 0, 0, 0, 0);
                return false;
            }
        }
        else if (pickupId.length() == 0)
        {
            reply.result(ResultCode.INVALID_FIELD, -1, 0, 0, 0, 0);
            return false;
        }
        return true;
    }

    private static boolean isCurrency(final ByteSlice code)
    {
        if (code.length() != 3)
        {
            return false;
        }
        for (int i = 0; i < 3; i++)
        {
            final byte b = code.byteAt(i);
            if (b < 'A' || b > 'Z')
            {
                return false;
            }
        }
        return true;
    }

    /**
     * The hold an order converts, or null with reply OK when there is none to convert (none named, or not held
     * and the order falls back to available stock); null with a reject code when the order must be refused.
     */
    private Reservation findHold(final long reservationId, final long channelHash, final boolean fallback,
        final Reply reply)
    {
        reply.code(ResultCode.OK);
        if (reservationId == 0)
        {
            return null;
        }
        final Reservation hold = reservations.get(reservationId);
        // Rules version 3: falling back, an order names a hold it cannot convert and is sourced afresh whatever the
        // reason — another channel's or customer's hold (the issue: "an expired or foreign reservation is refused …
        // or allocated afresh when the caller asked for that"), or one made and purged a day after it ended. Only
        // the ended ones fell back before: a purged hold was "not found" once its day had passed, and answering
        // another channel's hold otherwise than a purged one told the caller which ids were recent (found in review).
        if (hold == null || hold.channelHash != channelHash)
        {
            if (fallback && reservationId <= reservations.lastId())
            {
                return null;
            }
            // Another channel's hold is as invisible as one that doesn't exist. a = 1: the order's reservationId (a
            // hold's own path answers 0), so the refusal can name its field (QA).
            reply.result(ResultCode.RESERVATION_NOT_FOUND, -1, 1, 0, 0, 0);
            return null;
        }
        if (!customer.contentEquals(hold.customerLength, hold.customerWord0, hold.customerWord1, hold.longCustomer()))
        {
            if (fallback)
            {
                return null;
            }
            reply.result(ResultCode.RESERVATION_CUSTOMER_MISMATCH, -1, 0, 0, 0, 0);
            return null;
        }
        if (!hold.isHeld())
        {
            if (fallback)
            {
                return null;
            }
            reply.result(ResultCode.RESERVATION_NOT_ACTIVE, -1, hold.statusCode(), 0, 0, 0);
            return null;
        }
        return hold;
    }

    /**
     * The node a converted node hold ships from, when that node can serve this delivery as sourcing would let it
     * (one the channel, {@code defined} or null, sources from; active, capable, shipping to the order's country,
     * within the service level's reach); else null, and the order is sourced afresh. Converting
     * once shipped from an inactive node and from a node 1 400 km away for a same-day order (found in QA). Daily
     * capacity does not turn a hold away: the node committed to those units when it took the hold (ORDERS.md).
     * {@link #shipTo} must hold the order's coordinates.
     */
    private Location forcedNode(final Reservation hold, final Channel defined, final Codes.DeliveryMethod delivery,
        final Codes.ServiceLevel level, final Location pickup)
    {
        if (hold == null || hold.isNetwork())
        {
            return null;
        }
        final Location node = hold.location();
        // The planner's delivery rules, as it applies them to every candidate. SHIP always has coordinates (checked
        // with the delivery); a pickup store was checked to offer pickups.
        final long metres = delivery == Codes.DeliveryMethod.SHIP ?
            Geo.distanceMetres(shipTo.x, shipTo.y, shipTo.z, node.x, node.y, node.z) : -1;
        final long reach = delivery == Codes.DeliveryMethod.SHIP ? channels.policy().reachMetres(level) : Long.MIN_VALUE;
        return Sourcing.deliveryRuleOut(node, defined, delivery, pickup, Location.countryKey(shipTo.shipCountry),
            metres, reach) == Sourcing.ELIGIBLE ? node : null;
    }

    /**
     * The units of a SKU a node can still hand over for a hold it keeps: what it has beyond its safety stock and what
     * is allocated. Held units are counted as there, but a count or an adjustment may have lowered {@code onHand}
     * below the commitments since: the first holds converted get the units that are left, as network holds do, and
     * a hold converted with none left is sourced afresh. Converting once allocated every held unit whatever the
     * stock was: five holds of one unit, stock counted down to two, five orders allocated (found in QA).
     */
    private static long backedAt(final Location node, final Sku sku)
    {
        final StockCell cell = Sourcing.cellOf(sku, node);
        return cell == null ? 0 : Math.max(0, cell.onHand - cell.safetyStock - cell.allocated);
    }

    private static long heldOf(final Reservation hold, final Sku sku)
    {
        for (int i = 0; i < hold.lineCount; i++)
        {
            if (hold.sku(i) == sku)
            {
                return hold.qty(i);
            }
        }
        return 0;
    }

    /** Units already granted by the hold are not subject to the sale window again; fresh units are. */
    private boolean checkSaleWindows(final int lineCount, final long now, final Reply reply)
    {
        for (int i = 0; i < lineCount; i++)
        {
            final Sku sku = lineSkus[i];
            if (forcedUnits[i] + heldNetwork[i] < lineQty[i] && !LineChecks.saleOpen(reply, sku, now, lineQty[i], i))
            {
                return false;
            }
        }
        return true;
    }

    /** Live holds + ordered units (not cancelled) + this order, minus what the converted hold already counts. */
    private boolean checkLimits(final int lineCount, final long customerHash, final Reservation hold,
        final Reply reply)
    {
        for (int i = 0; i < lineCount; i++)
        {
            final Sku sku = lineSkus[i];
            if (sku.perCustomerLimit > 0)
            {
                final long counted = reservations.heldBy(customer, customerHash, sku) +
                    orders.ordered().held(customer, customerHash, sku) - (hold == null ? 0 : heldOf(hold, sku));
                if (counted + lineQty[i] > sku.perCustomerLimit)
                {
                    LineChecks.reject(reply, ResultCode.PER_CUSTOMER_LIMIT, sku, counted, sku.perCustomerLimit, lineQty[i], i);
                    return false;
                }
            }
        }
        return true;
    }

    private Order newOrder(final long channelHash, final long customerHash, final Codes.DeliveryMethod delivery,
        final Codes.ServiceLevel level, final Location pickup, final int lineCount, final long reservationId,
        final Reservation hold, final long paymentAmount, final long now)
    {
        final Order o = orders.newOrder();
        catalog.internChannel(channel);
        o.status = Codes.OrderStatus.CREATED;
        o.channelHash = channelHash;
        o.customerHash = customerHash;
        o.texts(externalId.length() + customer.length() + email.length() + phone.length() + shipName.length() +
            line1.length() + city.length() + postalCode.length() + clientIp.length() + paymentReference.length() +
            paymentFingerprint.length());
        o.putText(Order.EXTERNAL_ID, externalId);
        o.putText(Order.CUSTOMER, customer);
        o.putText(Order.EMAIL, email);
        o.putText(Order.PHONE, phone);
        o.deliveryMethod = delivery;
        o.serviceLevel = level;
        o.maxShipments = shipmentLimit;
        o.pickupLocation = pickup;
        o.putText(Order.SHIP_NAME, shipName);
        o.putText(Order.LINE1, line1);
        o.putText(Order.CITY, city);
        o.putText(Order.POSTAL_CODE, postalCode);
        o.shipCountry = shipTo.shipCountry;
        if (shipTo.hasCoordinates)
        {
            o.hasCoordinates = true;
            o.latMicro = shipTo.latMicro;
            o.lonMicro = shipTo.lonMicro;
            o.x = shipTo.x;
            o.y = shipTo.y;
            o.z = shipTo.z;
        }
        o.billingCountry = code(billingCountry);
        o.putText(Order.CLIENT_IP, clientIp);
        // Checked to be one of the two providers.
        o.paymentProvider = paymentProvider.contentEquals(Order.STRIPE) ? Order.STRIPE : Order.OFFLINE;
        o.putText(Order.PAYMENT_REFERENCE, paymentReference);
        o.paymentAmountMinor = paymentAmount;
        if (chargeCount > 0)
        {
            final byte[][] names = new byte[chargeCount][];
            for (int i = 0; i < chargeCount; i++)
            {
                names[i] = chargeNames[i].length() == 0 ? Order.EMPTY : chargeNames[i].toBytes();
            }
            o.charges = new OrderCharges(java.util.Arrays.copyOf(chargeKinds, chargeCount),
                java.util.Arrays.copyOf(chargeAmounts, chargeCount), names, chargeCount);
        }
        o.paymentCurrency = code(paymentCurrency);
        o.putText(Order.PAYMENT_FINGERPRINT, paymentFingerprint);
        o.currency = code(currency);
        // The reservation named is kept even when the order fell back to available stock: it explains the order.
        o.reservationId = hold != null ? hold.id : reservationId;
        o.createdAt = now;
        o.updatedAt = now;
        o.lines(lineCount);
        for (int i = 0; i < lineCount; i++)
        {
            o.line(i, lineSkus[i], lineQty[i], linePrice[i]);
        }
        return o;
    }

    /** The verdict alone, one shared array per verdict: most orders have no reason to list (notes are read-only). */
    private static final byte[][] VERDICT_NOTES = new byte[Codes.FraudDecision.values().length][];

    static
    {
        for (final Codes.FraudDecision d : Codes.FraudDecision.values())
        {
            VERDICT_NOTES[d.ordinal()] = OrderFlow.text(d.name());
        }
    }

    private static byte[] screeningNote(final Order o)
    {
        return o.fraudReasonCount == 0 ? VERDICT_NOTES[o.fraudDecision.ordinal()] :
            OrderFlow.text(o.fraudDecision.name() + fraudReasons(o));
    }

    private static String fraudReasons(final Order o)
    {
        final StringBuilder text = new StringBuilder();
        for (int i = 0; i < o.fraudReasonCount; i++)
        {
            text.append(i == 0 ? ": " : ", ").append(Codes.FraudReason.fromCode(o.fraudReasons[i]).name())
                .append(" +").append(o.fraudPoints[i]);
        }
        return text.toString();
    }

    private byte[] code(final ByteSlice slice)
    {
        if (slice.length() == 0 || slice.length() > 3)
        {
            return bytes(slice);
        }
        int key = slice.length();
        for (int i = 0; i < slice.length(); i++)
        {
            final byte b = slice.byteAt(i);
            if (b < 'A' || b > 'Z')
            {
                return bytes(slice);
            }
            key = (key << 5) | (b - 'A');
        }
        byte[] shared = codes.get(key);
        if (shared == null)
        {
            shared = slice.toBytes();
            codes.put(key, shared);
        }
        return shared;
    }

    private byte[] code(final byte[] letters)
    {
        final int key = (((((3 << 5) | (letters[0] - 'A')) << 5) | (letters[1] - 'A')) << 5) | (letters[2] - 'A');
        byte[] shared = codes.get(key);
        if (shared == null)
        {
            shared = letters.clone();
            codes.put(key, shared);
        }
        return shared;
    }

    static byte[] bytes(final ByteSlice slice)
    {
        return slice.length() == 0 ? Order.EMPTY : slice.toBytes();
    }

    /** Applies the plan: forced units, fresh allocations, capacity, backorders or dropped shortfall. */
    private void allocate(final Order order, final Location forced, final long seq, final long now)
    {
        if (forced != null)
        {
            for (int i = 0; i < order.lineCount; i++)
            {
                if (forcedUnits[i] > 0)
                {
                    final StockCell cell = order.sku(i).findCell(forced);
                    cell.addAllocated(forcedUnits[i], order.channelHash);
                    order.addAllocation(i, cell, (int)forcedUnits[i], now);
                    order.addEvent(seq, now, Codes.OrderEventType.ALLOCATED, i, forced, (int)forcedUnits[i], null);
                }
            }
        }
        for (int k = 0; k < sourcing.selectedCount(); k++)
        {
            final int s = sourcing.selectedSlot(k);
            final Location node = sourcing.candidate(s);
            order.takeCapacity(node, node.today(now));
            for (int i = 0; i < order.lineCount; i++)
            {
                final long units = sourcing.units(s, i);
                if (units > 0)
                {
                    final StockCell cell = sourcing.cell(s, i);
                    cell.addAllocated(units, order.channelHash);
                    order.addAllocation(i, cell, (int)units, now);
                    order.addEvent(seq, now, Codes.OrderEventType.ALLOCATED, i, node, (int)units, null);
                }
            }
        }
        for (int i = 0; i < order.lineCount; i++)
        {
            final int shortfall = (int)sourcing.shortfall(i);
            if (shortfall == 0)
            {
                continue;
            }
            if (order.sku(i).allowBackorder)
            {
                orders.backordered(order, i, shortfall);
                orders.enqueueBackorder(order, i);
                order.addEvent(seq, now, Codes.OrderEventType.BACKORDERED, i, null, shortfall, null);
            }
            else
            {
                order.cancelled(i, shortfall);
                order.addEvent(seq, now, Codes.OrderEventType.SHORTFALL_CANCELLED, i, null, shortfall, null);
            }
        }
        if (order.totalBackordered() == 0)
        {
            order.promisedDeliveryBy = now + sourcing.slowestTransitMinutes() * 60_000L;
        }
    }
}
