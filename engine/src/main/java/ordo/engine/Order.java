package ordo.engine;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;

import org.agrona.UnsafeApi;

/**
 * One order: what was captured, where each unit stands (allocated, backordered, cancelled), its allocations, its
 * timeline, the sourcing decision made when it was placed and those of its later backorder fills. Orders are kept
 * for the life of the engine (an archive is a later concern). Owned by the engine thread.
 *
 * <p>Per line: {@code qty = allocated + backordered + cancelled}. Allocations are (line, location, qty, time)
 * entries in the order they were made; cancelling takes units back from the most recent one first, so an entry's
 * qty may drop to zero (it stays, as history; views skip it).
 *
 * <p>What an order keeps for its life and the collector need not copy lives off the heap, and the order holds
 * addresses: its sourcing decisions in the engine's {@link DecisionStore}, its events, lines (figures and SKUs),
 * allocations and capacity holds in its {@link OrderTimeline}'s pages. The rest (ids, texts, payment, fraud) is
 * still fields and arrays here.
 */
final class Order
{
    static final byte[] EMPTY = new byte[0];
    /** Shared empty arrays: an order is built once and kept, so placeholders it replaces are not allocated. */
    private static final int[] NO_INTS = {};
    private static final long[] NO_LONGS = {};
    /** The payment providers an order may name (OrderCommands refuses others). */
    static final byte[] STRIPE = {'s', 't', 'r', 'i', 'p', 'e'};
    static final byte[] OFFLINE = {'o', 'f', 'f', 'l', 'i', 'n', 'e'};

    long id;
    Codes.OrderStatus status;
    long channelHash;
    long customerHash;
    /**
     * The order's free texts (ids, contact, address, client IP, payment reference and fingerprint: {@link #EXTERNAL_ID}
     * .. {@link #PAYMENT_FINGERPRINT}), captured once and never changed, in one record off the heap with the order's
     * events ({@link #texts}); {@link RecordArena#NONE} until made. Country, currency and provider codes are shared
     * arrays below.
     */
    private long textsAt = RecordArena.NONE;
    /** Bytes the text record has room for after its lengths (checked by {@link #putText}). */
    private int textCapacity;
    /** The field after the last one put: texts are put in field order. */
    private byte textsPut;
    Codes.DeliveryMethod deliveryMethod;
    Codes.ServiceLevel serviceLevel;
    /**
     * The most shipments the order's plan and its fills may have (0 = none): the smaller of what it asked for and the
     * policy's limit when it was placed (rules version 14). Its fills keep to it whatever the policy says later.
     */
    int maxShipments;
    Location pickupLocation;
    byte[] shipCountry = EMPTY;
    boolean hasCoordinates;
    int latMicro;
    int lonMicro;
    /** Unit vector of the ship-to coordinates, derived. */
    double x;
    double y;
    double z;
    byte[] billingCountry = EMPTY;
    byte[] paymentProvider = EMPTY;
    long paymentAmountMinor;
    /** Shipping, fees, tax and discounts beside the lines (rules version 16); null when the order has none. */
    OrderCharges charges;
    byte[] paymentCurrency = EMPTY;
    byte[] currency = EMPTY;
    Codes.PaymentStatus paymentStatus = Codes.PaymentStatus.PENDING;
    long authorizedMinor;
    /**
     * Money captured and refunded, as the larger of two accounts of the same money: the sum of this order's
     * succeeded actions, and the running total the provider's webhooks report (they may arrive before or after the
     * adapter's report, or tell of a change made at the provider). Taking the larger counts each unit once.
     */
    long capturedMinor;
    long refundedMinor;
    long capturedByActions;
    /**
     * The provider's reported total when Ordo last asked for a refund with none pending (or recorded an offline one),
     * plus Ordo's refunds since: a refund made at the provider before Ordo's own counts with it (OrderFlow.reconcile).
     */
    long refundedByActions;
    long capturedReported;
    long refundedReported;
    /**
     * Refunds the provider reports failed (or canceled) after accepting them (rules version 9): the money went back to
     * the merchant, not to the customer, who is owed it until an operator records it paid back
     * ({@link #refundSettledMinor}). Counted once per refund (the gateway keys the event by the refund's id), and
     * apart from the refunds recorded: whether a failed refund was counted there depends on which reports came first,
     * so what is owed is exactly the failures, never derived from the refunded total ({@link #refundOwedMinor}).
     */
    long refundFailedMinor;
    /**
     * What Ordo would have refunded since a refund failed, and did not ask for (OrderFlow.reconcile): another refund
     * to the same card would fail too, and once one failed the provider's running totals no longer tell which refunds
     * reached the customer (one that failed leaves them; QA: a dashboard refund after a failure went unseen and the
     * next cancellation refunded its money again). Owed to the customer with the failures.
     */
    long refundWithheldMinor;
    /** What an operator recorded as paid back outside Ordo (SETTLE_REFUND), of what is owed. */
    long refundSettledMinor;
    /**
     * Why the payment holds the order (mismatch, decline, provider unreachable); empty when none. Refunds beyond the
     * captures are not stored here but derived from the money ({@link #shownPaymentProblem}).
     */
    byte[] paymentProblem = EMPTY;
    /** Null until screened. */
    Codes.FraudDecision fraudDecision;
    int fraudScore;
    int fraudReasonCount;
    byte[] fraudReasons = EMPTY;
    int[] fraudPoints = NO_INTS;
    byte[] fraudReviewer = EMPTY;
    byte[] fraudNote = EMPTY;
    long reservationId;
    long createdAt;
    long updatedAt;
    /** 0 while units are backordered. */
    long promisedDeliveryBy;

    int lineCount;
    /**
     * The lines, off the heap with the order's events ({@link OrderTimeline#allocate}): per line {@link #LINE_BYTES}
     * bytes — qty, allocated, backordered and cancelled units (ints), the unit price (a long), the SKU's index, and a
     * word unused (it kept the SKU's previous order until a stock shortage walked the cell's allocations instead).
     */
    private long linesAt = RecordArena.NONE;

    /**
     * The allocations, (line, location, qty, time) records off the heap with the order's events, oldest first, linked
     * both ways ({@link #nextAllocation}, {@link #previousAllocation}), each also in its stock cell's chain; layout:
     * {@link #ALLOCATION_BYTES}.
     */
    int allocationCount;
    long firstAllocation = RecordArena.NONE;
    long lastAllocation = RecordArena.NONE;

    /** Where this order's events are kept (off the heap); the order holds its first and last event's addresses. */
    private final OrderTimeline timeline;
    int eventCount;
    /** The first event ({@link OrderTimeline#NONE} while none); read forward with {@link OrderTimeline#next}. */
    long firstEvent = OrderTimeline.NONE;
    private long lastEvent = OrderTimeline.NONE;

    /**
     * Nodes where this order holds a unit of daily capacity, and the engine-time day it was taken: a record off the
     * heap with the order's events, {@link #CAPACITY_SLOT_BYTES} per slot (location index, day), {@link #capacitySlots}
     * slots; a fuller one is copied into one twice the size (rare: an order ships from one or two nodes).
     */
    int capacityCount;
    private int capacitySlots;
    private long capacityAt = RecordArena.NONE;

    /** Ids of this order's payment actions, oldest first (derived: rebuilt from the outbox on restore). */
    int actionCount;
    /** Empty until the order's first payment action: an offline order never has one. */
    long[] actionIds = NO_LONGS;

    /** Address of the placement's decision in the engine's {@link DecisionStore} (off the heap). */
    long decisionAt = RecordArena.NONE;
    /** The plans of later backorder fills; null until the first (placement never touches it). */
    BackorderFills fills;

    /** @param timeline where the order's events are kept: the engine's. */
    Order(final OrderTimeline timeline)
    {
        this.timeline = timeline;
    }

    void addAction(final long actionId)
    {
        if (actionCount == actionIds.length)
        {
            actionIds = Arrays.copyOf(actionIds, Math.max(2, actionCount * 2));
        }
        actionIds[actionCount++] = actionId;
    }

    private static final int CAPACITY_SLOT_BYTES = 16;
    private static final int FIRST_CAPACITY_SLOTS = 2;
    /** The first capacity record's size (an order's first hold makes room for two). */
    static final int FIRST_CAPACITY_BYTES = FIRST_CAPACITY_SLOTS * CAPACITY_SLOT_BYTES;
    private static final int CAPACITY_LOCATION = 0;
    private static final int CAPACITY_DAY = 8;

    private long capacitySlot(final int i)
    {
        return capacityAt + (long)Objects.checkIndex(i, capacityCount) * CAPACITY_SLOT_BYTES;
    }

    /** The node of capacity hold {@code i} (0 ≤ i < {@link #capacityCount}). */
    Location capacityNode(final int i)
    {
        return timeline.location(capacityNodeIndex(i));
    }

    int capacityNodeIndex(final int i)
    {
        return UnsafeApi.getInt(capacitySlot(i) + CAPACITY_LOCATION);
    }

    /** The end of the node's capacity day capacity hold {@code i} holds ({@link Location#today}). */
    long capacityDay(final int i)
    {
        return UnsafeApi.getLong(capacitySlot(i) + CAPACITY_DAY);
    }

    /**
     * Whether the order's placement converted the reservation it names: its RESERVATION_CONVERTED event, among the
     * events of the placement's command (an order that named a hold and fell back to available stock has none).
     */
    boolean convertedItsReservation()
    {
        if (reservationId == 0 || firstEvent == OrderTimeline.NONE)
        {
            return false;
        }
        final long placedAt = OrderTimeline.seq(firstEvent);
        for (long e = firstEvent; e != OrderTimeline.NONE && OrderTimeline.seq(e) == placedAt; e = OrderTimeline.next(e))
        {
            if (OrderTimeline.type(e) == Codes.OrderEventType.RESERVATION_CONVERTED.code())
            {
                return true;
            }
        }
        return false;
    }

    /** Whether this order holds a unit of the node's capacity for its day ending at {@code day}. */
    boolean holdsCapacityAt(final Location node, final long day)
    {
        for (int i = 0; i < capacityCount; i++)
        {
            if (capacityNodeIndex(i) == node.index && capacityDay(i) == day)
            {
                return true;
            }
        }
        return false;
    }

    /**
     * Takes a unit of the node's capacity for this order, once per node and day: new work on a later day (a
     * backorder filled) counts against that day's capacity (found in review).
     */
    void takeCapacity(final Location node, final long day)
    {
        if (holdsCapacityAt(node, day))
        {
            return;
        }
        node.takeCapacity(day, id);
        addCapacity(node, day);
    }

    /**
     * Gives back each node's day this order no longer ships anything from that was allocated on that day. A day's
     * unit was kept while the order shipped anything from the node, so cancelling a later day's backorder fill left
     * the node full that day for work that no longer existed (found in review; rules version 3). Answers whether a node
     * that was full that day got a unit back ({@link Location#returnCapacity}).
     */
    boolean returnUnusedCapacity()
    {
        boolean freedAFullDay = false;
        int w = 0;
        for (int i = 0; i < capacityCount; i++)
        {
            final Location node = capacityNode(i);
            final long day = capacityDay(i);
            if (shipsFrom(node, day))
            {
                final long to = capacityAt + (long)w * CAPACITY_SLOT_BYTES;
                UnsafeApi.putInt(to + CAPACITY_LOCATION, node.index);
                UnsafeApi.putLong(to + CAPACITY_DAY, day);
                w++;
            }
            else
            {
                freedAFullDay |= node.returnCapacity(day, id);
            }
        }
        capacityCount = w;
        return freedAFullDay;
    }

    void restoreCapacity(final Location node, final long day)
    {
        addCapacity(node, day);
    }

    private void addCapacity(final Location node, final long day)
    {
        if (capacityCount == capacitySlots)
        {
            final int slots = Math.max(FIRST_CAPACITY_SLOTS, capacitySlots * 2);
            final long grown = timeline.allocate(Math.multiplyExact(slots, CAPACITY_SLOT_BYTES));
            if (capacityCount > 0)
            {
                UnsafeApi.copyMemory(capacityAt, grown, (long)capacityCount * CAPACITY_SLOT_BYTES);
            }
            capacityAt = grown;
            capacitySlots = slots;
        }
        final long slot = capacityAt + (long)capacityCount * CAPACITY_SLOT_BYTES;
        UnsafeApi.putInt(slot + CAPACITY_LOCATION, node.index);
        UnsafeApi.putLong(slot + CAPACITY_DAY, day);
        capacityCount++;
    }

    // ------------------------------------------------------------------------------------------------ texts

    static final int EXTERNAL_ID = 0;
    static final int CUSTOMER = 1;
    static final int EMAIL = 2;
    static final int PHONE = 3;
    static final int SHIP_NAME = 4;
    static final int LINE1 = 5;
    static final int CITY = 6;
    static final int POSTAL_CODE = 7;
    static final int CLIENT_IP = 8;
    static final int PAYMENT_REFERENCE = 9;
    static final int PAYMENT_FINGERPRINT = 10;
    static final int TEXT_COUNT = 11;
    /** The most bytes one text may have (a snapshot keeps no longer one, and a view writes its length in two bytes). */
    static final int MAX_TEXT_BYTES = 0xFFFF;
    /**
     * The text record: each text's end (an int: from the start of the texts to just past this one) in field order,
     * then the texts' bytes one after the other in field order. A text starts where the one before it ends.
     */
    private static final int TEXT_HEADER = TEXT_COUNT * 4;
    private static final long BYTE_ARRAY_BASE = UnsafeApi.arrayBaseOffset(byte[].class);

    /**
     * Makes the text record with room for {@code bytes} bytes of text, every text empty; {@link #putText} then fills
     * them in field order. Once per order.
     */
    void texts(final int bytes)
    {
        if (textsAt != RecordArena.NONE)
        {
            throw new IllegalStateException("order " + id + " already has its texts");
        }
        if (bytes < 0 || bytes > TEXT_COUNT * MAX_TEXT_BYTES)
        {
            throw new IllegalArgumentException("texts of " + bytes + " bytes");
        }
        textsAt = timeline.allocate(TEXT_HEADER + bytes);
        textCapacity = bytes;
    }

    /** Makes the text record and puts every text: {@code texts[field]}, in field order (null: empty). */
    void texts(final byte[][] texts)
    {
        Objects.checkIndex(TEXT_COUNT - 1, texts.length);
        int bytes = 0;
        for (int f = 0; f < TEXT_COUNT; f++)
        {
            bytes += texts[f] == null ? 0 : texts[f].length;
        }
        texts(bytes);
        for (int f = 0; f < TEXT_COUNT; f++)
        {
            if (texts[f] != null)
            {
                putText(f, texts[f]);
            }
        }
    }

    /**
     * Makes the text record and puts every text: the first {@code lengths[field]} bytes of {@code texts[field]}, in
     * field order (a restore's, whose arrays are reused from one order to the next).
     */
    void texts(final byte[][] texts, final int[] lengths)
    {
        Objects.checkIndex(TEXT_COUNT - 1, texts.length);
        Objects.checkIndex(TEXT_COUNT - 1, lengths.length);
        int bytes = 0;
        for (int f = 0; f < TEXT_COUNT; f++)
        {
            bytes += lengths[f];
        }
        texts(bytes);
        for (int f = 0; f < TEXT_COUNT; f++)
        {
            final int length = lengths[f];
            Objects.checkFromIndexSize(0, length, texts[f].length);
            ByteSlice.copy(texts[f], BYTE_ARRAY_BASE, null, claimText(f, length), length);
        }
    }

    /** Sets a text of the record {@link #texts} made: after every text of a lower field, before any of a higher one. */
    void putText(final int field, final ByteSlice text)
    {
        text.copyToMemory(claimText(field, text.length()));
    }

    /** {@link #putText(int, ByteSlice)} from an array (restoring a snapshot, tests). */
    void putText(final int field, final byte[] text)
    {
        ByteSlice.copy(text, BYTE_ARRAY_BASE, null, claimText(field, text.length), text.length);
    }

    /**
     * Records where a text about to be written ends and answers where its bytes go: after the texts put before it
     * (a field skipped is left empty: it ends where it starts). Checks order and room.
     */
    private long claimText(final int field, final int length)
    {
        Objects.checkIndex(field, TEXT_COUNT);
        if (textsAt == RecordArena.NONE)
        {
            throw new IllegalStateException("order " + id + " has no text record");
        }
        if (field < textsPut)
        {
            throw new IllegalStateException("text " + field + " put after text " + (textsPut - 1));
        }
        final int start = textStart(textsPut);
        if (length > MAX_TEXT_BYTES || length > textCapacity - start)
        {
            throw new IllegalArgumentException("text " + field + " of " + length + " bytes does not fit the record");
        }
        for (int skipped = textsPut; skipped < field; skipped++)
        {
            UnsafeApi.putInt(textsAt + 4L * skipped, start);
        }
        UnsafeApi.putInt(textsAt + 4L * field, start + length);
        textsPut = (byte)(field + 1);
        return textsAt + TEXT_HEADER + start;
    }

    /** The length of a text in bytes (0 when empty, not put yet, or before the record is made). */
    int textLength(final int field)
    {
        Objects.checkIndex(field, TEXT_COUNT);
        // textsPut is 0 until the record is made and a text put.
        return field >= textsPut ? 0 : UnsafeApi.getInt(textsAt + 4L * field) - textStart(field);
    }

    /** The bytes of all the texts together. */
    int textsLength()
    {
        return textStart(textsPut);
    }

    /** Where a text starts, from the start of the texts: where the one before it ends. */
    private int textStart(final int field)
    {
        return field == 0 ? 0 : UnsafeApi.getInt(textsAt + 4L * (field - 1));
    }

    /** Where a text's bytes are (of a text that was put). */
    private long textAddress(final int field)
    {
        return textsAt + TEXT_HEADER + textStart(field);
    }

    /** {@link #textAddress}, or 0 for a text of no bytes (which may have no record to be in). */
    private long textAddress(final int field, final int length)
    {
        return length == 0 ? 0 : textAddress(field);
    }

    /** Points {@code into} at a text, where it is (the record lives as long as the engine). */
    ByteSlice text(final int field, final ByteSlice into)
    {
        final int length = textLength(field);
        return into.wrapMemory(textAddress(field, length), length);
    }

    /** Copies a text's bytes into {@code to} at {@code at} (a reply being laid out); answers its length. */
    int copyText(final int field, final byte[] to, final int at)
    {
        final int length = textLength(field);
        if (length > 0)
        {
            Objects.checkFromIndexSize(at, length, to.length);
            ByteSlice.copy(null, textAddress(field), to, BYTE_ARRAY_BASE + at, length);
        }
        return length;
    }

    /** Copies a text's bytes into {@code to} at {@code index}; answers its length. */
    int copyText(final int field, final org.agrona.MutableDirectBuffer to, final int index)
    {
        final int length = textLength(field);
        if (length > 0)
        {
            // Grows an expandable buffer as putBytes would (then its array and address are the new ones).
            to.checkLimit(index + length);
            ByteSlice.copy(null, textAddress(field), to.byteArray(), to.addressOffset() + index, length);
        }
        return length;
    }

    /** Whether a text holds exactly the slice's bytes. */
    boolean textEquals(final int field, final ByteSlice bytes)
    {
        final int length = textLength(field);
        return bytes.contentEqualsMemory(textAddress(field, length), length);
    }

    /** A copy of a text's bytes. Allocates: views of single orders, errors, tests. */
    byte[] textBytes(final int field)
    {
        final int length = textLength(field);
        if (length == 0)
        {
            return EMPTY;
        }
        final byte[] bytes = new byte[length];
        copyText(field, bytes, 0);
        return bytes;
    }

    /** {@link Hashing#hash(byte[])} of a text, read where it is. */
    long textHash(final int field)
    {
        final int length = textLength(field);
        return Hashing.hashMemory(textAddress(field, length), length);
    }

    /** Writes a text as a snapshot keeps it: its length (an int), then its bytes. */
    void writeText(final int field, final java.io.DataOutput out) throws java.io.IOException
    {
        final int length = textLength(field);
        out.writeInt(length);
        if (length == 0)
        {
            return;
        }
        final long at = textAddress(field);
        if (out instanceof SnapshotBuffer)
        {
            ((SnapshotBuffer)out).writeMemory(at, length);
            return;
        }
        for (int i = 0; i < length; i++)
        {
            out.writeByte(UnsafeApi.getByte(at + i));
        }
    }

    void lines(final int count)
    {
        lineCount = count;
        linesAt = timeline.allocate(Math.multiplyExact(count, LINE_BYTES));
    }

    static final int LINE_BYTES = 32;
    private static final int QTY = 0;
    private static final int ALLOCATED = 4;
    private static final int BACKORDERED = 8;
    private static final int CANCELLED = 12;
    private static final int UNIT_PRICE = 16;
    private static final int SKU = 24;

    /** Where line {@code i}'s figures are; a line past the order's is a bug, refused before memory is touched. */
    private long line(final int i)
    {
        // Objects.checkIndex is a JIT intrinsic: in a loop over the lines the compiler can drop it, as for an array.
        return linesAt + (long)Objects.checkIndex(i, lineCount) * LINE_BYTES;
    }

    Sku sku(final int i)
    {
        return timeline.sku(skuIndex(i));
    }

    int skuIndex(final int i)
    {
        return UnsafeApi.getInt(line(i) + SKU);
    }

    int qty(final int i)
    {
        return UnsafeApi.getInt(line(i) + QTY);
    }

    long unitPriceMinor(final int i)
    {
        return UnsafeApi.getLong(line(i) + UNIT_PRICE);
    }

    int allocated(final int i)
    {
        return UnsafeApi.getInt(line(i) + ALLOCATED);
    }

    int backordered(final int i)
    {
        return UnsafeApi.getInt(line(i) + BACKORDERED);
    }

    int cancelled(final int i)
    {
        return UnsafeApi.getInt(line(i) + CANCELLED);
    }

    /** Sets what line {@code i} asked for (at capture, or from a snapshot). */
    void line(final int i, final Sku sku, final int qty, final long unitPriceMinor)
    {
        UnsafeApi.putInt(line(i) + SKU, sku.index);
        UnsafeApi.putInt(line(i) + QTY, qty);
        UnsafeApi.putLong(line(i) + UNIT_PRICE, unitPriceMinor);
    }

    void allocated(final int i, final int units)
    {
        UnsafeApi.putInt(line(i) + ALLOCATED, units);
    }

    void backordered(final int i, final int units)
    {
        UnsafeApi.putInt(line(i) + BACKORDERED, units);
    }

    void cancelled(final int i, final int units)
    {
        UnsafeApi.putInt(line(i) + CANCELLED, units);
    }

    void shipTo(final int latMicro, final int lonMicro)
    {
        this.hasCoordinates = true;
        this.latMicro = latMicro;
        this.lonMicro = lonMicro;
        // As Geo.unitVector, without the array: this runs for every order placed.
        final double lat = StrictMath.toRadians(latMicro / 1e6);
        final double lon = StrictMath.toRadians(lonMicro / 1e6);
        final double cosLat = StrictMath.cos(lat);
        this.x = cosLat * StrictMath.cos(lon);
        this.y = cosLat * StrictMath.sin(lon);
        this.z = StrictMath.sin(lat);
    }

    long distanceTo(final Location location)
    {
        return Geo.distanceMetres(x, y, z, location.x, location.y, location.z);
    }

    /**
     * An allocation record: next and previous of the order's (longs), time (long), line, location index and units
     * (ints); then, derived (neither hashed nor snapshotted), the order's id, the record before it at the same stock
     * cell ({@link StockCell#lastAllocation}: a long) and its bound there ({@link #newestOrderThen}; {@link
     * StockShortage} reads the two).
     */
    static final int ALLOCATION_BYTES = 56;
    private static final int NEXT_ALLOCATION = 0;
    private static final int PREVIOUS_ALLOCATION = 8;
    private static final int ALLOCATED_AT = 16;
    private static final int ALLOCATION_LINE = 24;
    private static final int ALLOCATION_LOCATION = 28;
    private static final int ALLOCATION_UNITS = 32;
    private static final int ALLOCATION_ORDER = 36;
    private static final int PREVIOUS_AT_CELL = 40;
    private static final int NEWEST_ORDER_THEN = 48;

    /**
     * Allocates {@code units} of line {@code line} at {@code cell} (the line's SKU at a node) and links the record into
     * the cell's chain. Its bound ({@link #newestOrderThen}) is this order's id or the bound of the record it goes
     * above, whichever is greater: every record under it belongs to an order no newer, and the bounds never rise
     * along the chain ({@link StockShortage}). (The book's newest order, the first choice for a fill, gave every
     * record of a restock's fills one bound, so a later loss there read all of them: found in review.)
     */
    void addAllocation(final int line, final StockCell cell, final int units, final long timeMillis)
    {
        line(line); // a line past the order's is refused before anything is written
        final long a = timeline.allocate(ALLOCATION_BYTES);
        UnsafeApi.putLong(a + NEXT_ALLOCATION, RecordArena.NONE);
        UnsafeApi.putLong(a + PREVIOUS_ALLOCATION, lastAllocation);
        UnsafeApi.putLong(a + ALLOCATED_AT, timeMillis);
        UnsafeApi.putInt(a + ALLOCATION_LINE, line);
        UnsafeApi.putInt(a + ALLOCATION_LOCATION, cell.location.index);
        UnsafeApi.putInt(a + ALLOCATION_UNITS, units);
        UnsafeApi.putInt(a + ALLOCATION_ORDER, (int)id);
        if (units > 0)
        {
            final long under = cell.lastAllocation;
            UnsafeApi.putInt(a + NEWEST_ORDER_THEN, under == RecordArena.NONE ? (int)id :
                Math.max((int)id, newestOrderThen(under)));
            UnsafeApi.putLong(a + PREVIOUS_AT_CELL, under);
            cell.lastAllocation = a;
        }
        else
        {
            // A restore's emptied record: never in a chain, as the walk would unlink it.
            UnsafeApi.putInt(a + NEWEST_ORDER_THEN, (int)id);
            UnsafeApi.putLong(a + PREVIOUS_AT_CELL, RecordArena.NONE);
        }
        if (lastAllocation == RecordArena.NONE)
        {
            firstAllocation = a;
        }
        else
        {
            UnsafeApi.putLong(lastAllocation + NEXT_ALLOCATION, a);
        }
        lastAllocation = a;
        allocationCount++;
        allocated(line, allocated(line) + units);
    }

    /** Whether any open allocated units of this order are at the location. */
    boolean shipsFrom(final Location location)
    {
        return shipsFrom(location, ANY_DAY);
    }

    /** The nodes the order has open allocated units at: its shipments as they stand. */
    int shipmentCount()
    {
        int count = 0;
        for (long a = firstAllocation; a != RecordArena.NONE; a = nextAllocation(a))
        {
            if (allocationUnits(a) > 0 && firstOpenAllocationAt(allocationLocationIndex(a)) == a)
            {
                count++;
            }
        }
        return count;
    }

    /** The order's first allocation with open units at the location of this index, or {@link RecordArena#NONE}. */
    private long firstOpenAllocationAt(final int locationIndex)
    {
        for (long a = firstAllocation; a != RecordArena.NONE; a = nextAllocation(a))
        {
            if (allocationLocationIndex(a) == locationIndex && allocationUnits(a) > 0)
            {
                return a;
            }
        }
        return RecordArena.NONE;
    }

    /** {@link #shipsFrom(Location, long)} of units allocated on any day. */
    private static final long ANY_DAY = Long.MIN_VALUE;

    /**
     * Whether units allocated at the node in its capacity day ending at {@code day} ({@link #ANY_DAY}: any) are still
     * to ship.
     */
    private boolean shipsFrom(final Location location, final long day)
    {
        for (long a = firstAllocation; a != RecordArena.NONE; a = nextAllocation(a))
        {
            if (allocationLocationIndex(a) == location.index && allocationUnits(a) > 0 &&
                (day == ANY_DAY || capacityDayOf(location, allocatedAt(a)) == day))
            {
                return true;
            }
        }
        return false;
    }

    /**
     * The capacity day at {@code node} of units this order was allocated there at {@code time}: the end of the first
     * day it holds there that ends after that time, or {@link #ANY_DAY} for none. Each allocation takes its day's
     * capacity (the node's {@link Location#today} then), and a node's days follow one another, so no day the order
     * holds there, or held and gave back, ends between an allocation and its own day's end. Reads every capacity slot
     * up to {@link #capacityCount}: while {@link #returnUnusedCapacity} packs them, those behind its cursor are days
     * this order held there, which that cannot change.
     */
    long capacityDayOf(final Location node, final long time)
    {
        long found = ANY_DAY;
        for (int i = 0; i < capacityCount; i++)
        {
            final long day = capacityDay(i);
            if (capacityNodeIndex(i) == node.index && day > time && (found == ANY_DAY || day < found))
            {
                found = day;
            }
        }
        return found;
    }

    /** The allocation after {@code a}, or {@link RecordArena#NONE}. */
    static long nextAllocation(final long a)
    {
        return UnsafeApi.getLong(a + NEXT_ALLOCATION);
    }

    /** The allocation before {@code a}, or {@link RecordArena#NONE}. */
    static long previousAllocation(final long a)
    {
        return UnsafeApi.getLong(a + PREVIOUS_ALLOCATION);
    }

    static int allocationLine(final long a)
    {
        return UnsafeApi.getInt(a + ALLOCATION_LINE);
    }

    static int allocationLocationIndex(final long a)
    {
        return UnsafeApi.getInt(a + ALLOCATION_LOCATION);
    }

    Location allocationLocation(final long a)
    {
        return timeline.location(allocationLocationIndex(a));
    }

    /** Units still allocated (cancelling takes them back, most recent allocation first; an emptied one stays). */
    static int allocationUnits(final long a)
    {
        return UnsafeApi.getInt(a + ALLOCATION_UNITS);
    }

    static void allocationUnits(final long a, final int units)
    {
        UnsafeApi.putInt(a + ALLOCATION_UNITS, units);
    }

    /** The id of the order whose allocation {@code a} is. */
    static int allocationOrder(final long a)
    {
        return UnsafeApi.getInt(a + ALLOCATION_ORDER);
    }

    /** The allocation made before {@code a} at its stock cell, still in the cell's chain, or {@link RecordArena#NONE}. */
    static long previousAtCell(final long a)
    {
        return UnsafeApi.getLong(a + PREVIOUS_AT_CELL);
    }

    static void previousAtCell(final long a, final long previous)
    {
        UnsafeApi.putLong(a + PREVIOUS_AT_CELL, previous);
    }

    /**
     * The bound of allocation {@code a} in its cell's chain: no record under it belongs to a newer order (its own
     * order's id, or the bound of the record it went above if greater).
     */
    static int newestOrderThen(final long a)
    {
        return UnsafeApi.getInt(a + NEWEST_ORDER_THEN);
    }

    static long allocatedAt(final long a)
    {
        return UnsafeApi.getLong(a + ALLOCATED_AT);
    }

    /** Adds an event to the timeline, with the status the order has now. */
    void addEvent(final long seq, final long timeMillis, final Codes.OrderEventType type, final int line,
        final Location location, final int units, final byte[] note)
    {
        addEvent(seq, timeMillis, type, line, location, units, note, note == null ? 0 : note.length);
    }

    /** {@link #addEvent} with the first {@code noteLength} bytes of {@code note} as its note (a restore's). */
    void addEvent(final long seq, final long timeMillis, final Codes.OrderEventType type, final int line,
        final Location location, final int units, final byte[] note, final int noteLength)
    {
        lastEvent = timeline.append(lastEvent, seq, timeMillis, OrderTimeline.code(type, status, line), location, units,
            note, noteLength);
        if (eventCount == 0)
        {
            firstEvent = lastEvent;
        }
        eventCount++;
        updatedAt = timeMillis;
    }

    /** Moves to a status and records the transition on the timeline (no event when it doesn't change). */
    void transition(final Codes.OrderStatus to, final long seq, final long timeMillis)
    {
        if (status != to)
        {
            status = to;
            addEvent(seq, timeMillis, Codes.OrderEventType.STATUS_CHANGED, -1, null, 0, null);
        }
    }

    int openUnits(final int line)
    {
        return allocated(line) + backordered(line);
    }

    long totalBackordered()
    {
        long total = 0;
        for (int i = 0; i < lineCount; i++)
        {
            total += backordered(i);
        }
        return total;
    }

    void addFraudReason(final Codes.FraudReason reason, final int points)
    {
        if (fraudReasonCount == fraudReasons.length)
        {
            fraudReasons = Arrays.copyOf(fraudReasons, Math.max(4, fraudReasonCount * 2));
            fraudPoints = Arrays.copyOf(fraudPoints, fraudReasons.length);
        }
        fraudReasons[fraudReasonCount] = (byte)reason.code();
        fraudPoints[fraudReasonCount] = points;
        fraudReasonCount++;
        fraudScore += points;
    }

    /**
     * What the order asked for: every line's qty × price, and its charges, discounts taken off (the amount the payment
     * must cover).
     */
    long requestedTotalMinor()
    {
        return requestedTotalMinor(linesValueMinor());
    }

    /** Every line's qty × price, units cancelled since included. */
    long linesValueMinor()
    {
        long total = 0;
        for (int i = 0; i < lineCount; i++)
        {
            total += qty(i) * unitPriceMinor(i);
        }
        return total;
    }

    /**
     * What is still to be paid for: units not cancelled × price, and while any unit is open the charges, tax and
     * discounts in proportion to the value open ({@link OrderCharges#whileOpenMinor}).
     */
    long openTotalMinor()
    {
        long total = 0;
        long all = 0;
        long openUnits = 0;
        for (int i = 0; i < lineCount; i++)
        {
            final long open = qty(i) - cancelled(i);
            total += open * unitPriceMinor(i);
            all += qty(i) * unitPriceMinor(i);
            openUnits += open;
        }
        return openTotalMinor(total, all, openUnits);
    }

    /** Whether any unit is still open (not cancelled): free ones too, whose open total is 0. */
    boolean hasOpenUnits()
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (qty(i) > cancelled(i))
            {
                return true;
            }
        }
        return false;
    }

    /** {@link #openTotalMinor()} given the lines' open value, their whole value and the units open. */
    long openTotalMinor(final long openValue, final long linesValue, final long openUnits)
    {
        return charges == null ? openValue :
            openUnits == 0 ? 0 : openValue + charges.whileOpenMinor(openValue, linesValue);
    }

    /** {@link #requestedTotalMinor()} given the lines' whole value. */
    long requestedTotalMinor(final long linesValue)
    {
        return charges == null ? linesValue : linesValue + charges.netMinor();
    }

    boolean isOfflinePayment()
    {
        return !isStripe();
    }

    boolean isStripe()
    {
        return Arrays.equals(paymentProvider, STRIPE);
    }

    void recomputeMoney()
    {
        capturedMinor = Math.max(capturedByActions, capturedReported);
        refundedMinor = Math.max(refundedByActions, refundedReported);
    }

    /**
     * Refunds recorded beyond the captures recorded: the provider cannot refund more than it captured, so either a
     * capture is not learnt yet (webhooks and reports arrive in any order) or the provider's account and Ordo's
     * differ. Derived from the money, so it is there exactly as long as the gap is, whatever clears a stored problem.
     */
    boolean refundsExceedCaptures()
    {
        return refundedMinor > capturedMinor;
    }

    /**
     * The payment problem the order's view shows: the stored one, then refunds beyond the captures (see
     * {@link #refundsExceedCaptures}); the stored array itself when there is no gap.
     */
    byte[] shownPaymentProblem()
    {
        final String gap = refundsExceedCaptures() ? refundsBeyondCapturesText() : shortfallText();
        final byte[] shown = gap == null ? paymentProblem : joinedProblem(paymentProblem, gap);
        return refundOwedMinor() == 0 ? shown : joinedProblem(shown, refundFailedText());
    }

    static final String REFUND_FAILED = "REFUND_FAILED";

    /**
     * Refunds that failed, and those not asked for since, not yet recorded paid back outside Ordo; never more than was
     * captured (reports in some orders counted a failed refund the refunded total never held: review).
     */
    long refundOwedMinor()
    {
        final long due = refundFailedMinor > Long.MAX_VALUE - refundWithheldMinor ? Long.MAX_VALUE :
            refundFailedMinor + refundWithheldMinor;
        return Math.max(0, Math.min(due, capturedMinor) - refundSettledMinor);
    }

    /** Shown while {@link #refundOwedMinor} is above 0; each step is on the timeline. */
    String refundFailedText()
    {
        final String cur = new String(currency, StandardCharsets.US_ASCII);
        return REFUND_FAILED + ": the provider reports " + refundFailedMinor + " " + cur + " of refunds failed (the " +
            "money went back to the merchant)" + (refundWithheldMinor == 0 ? "" : ", and " + refundWithheldMinor +
            " " + cur + " more was not asked for since") + (refundSettledMinor == 0 ? "" : "; " + refundSettledMinor +
            " " + cur + " paid back since") + "; the customer is owed " + refundOwedMinor() + " " + cur +
            " by Ordo's " +
            "reckoning (a refund made at the provider since is not in it: check there): pay it back outside Ordo " +
            "and record it (POST /v1/orders/{id}/payment/refund-settled)";
    }

    /**
     * Why a card payment with no problem of its own still holds the order (paymentCleared): its money does not cover
     * what is open. Derived when shown, so it is never stale; null when there is nothing to say. A partial capture
     * reported by the provider once held an order with an empty problem and no way forward shown (found in review).
     */
    private String shortfallText()
    {
        if (isOfflinePayment() || paymentProblem.length > 0)
        {
            return null;
        }
        final String cur = new String(currency, StandardCharsets.US_ASCII);
        final long open = openTotalMinor();
        if (paymentStatus == Codes.PaymentStatus.AUTHORIZED && authorizedMinor < open)
        {
            return "AUTHORIZATION_SHORTFALL: authorized " + authorizedMinor + " " + cur + " of " + open + " " + cur +
                " open; held until a verification of the whole amount (or cancel the units it does not cover)";
        }
        if (paymentStatus == Codes.PaymentStatus.PARTIALLY_CAPTURED && capturedMinor - refundedMinor < open)
        {
            return "CAPTURE_SHORTFALL: the provider reports " + (capturedMinor - refundedMinor) + " " + cur +
                " captured of " + open + " " + cur + " open; the rest is not collected: settle it at the provider, " +
                "or cancel the units it does not cover";
        }
        if (capturedMinor > 0 && paymentStatus != Codes.PaymentStatus.AUTHORIZED && !paymentCleared())
        {
            // Captured, then refunded at the provider for units still ordered (a dashboard's partial refund), or a
            // refund learnt before its capture: held with nothing said and no way forward shown (QA-268).
            final long kept = refundsKeptMinor();
            return "CAPTURE_SHORTFALL: the provider reports " + capturedMinor + " " + cur + " captured and " + kept +
                " " + cur + " of it refunded, " + (capturedMinor - kept) + " " + cur + " kept of " + open + " " + cur +
                " open; the rest is not collected: settle it at the provider, or cancel the units it does not cover";
        }
        return null;
    }

    /** {@code problem} said after the one already there, if any ("; " between): what is shown, or stored. */
    static byte[] joinedProblem(final byte[] already, final String problem)
    {
        return OrderFlow.text(already.length == 0 ? problem :
            new String(already, StandardCharsets.UTF_8) + "; " + problem);
    }

    String refundsBeyondCapturesText()
    {
        final String cur = new String(currency, StandardCharsets.US_ASCII);
        return REFUND_EXCEEDS_CAPTURE + ": the provider reports " + refundedMinor + " " + cur + " refunded but " +
            capturedMinor + " " + cur + " captured; held until the capture is learnt or the payment is settled at " +
            "the provider";
    }

    static final String REFUND_EXCEEDS_CAPTURE = "REFUND_EXCEEDS_CAPTURE";

    /**
     * Whether the payment lets the order be released: no problem holds it (refunds beyond the captures included),
     * and a card payment's authorization, or what it has captured and kept, covers what is still open (a refund for
     * cancelled units leaves it cleared, a refund made at the provider for units still ordered does not). Cash on
     * delivery and pay-in-store (offline) are settled outside and hold an order only for a problem.
     */
    boolean paymentCleared()
    {
        if (paymentProblem.length > 0 || refundsExceedCaptures())
        {
            return false;
        }
        if (isOfflinePayment())
        {
            return true;
        }
        if (openTotalMinor() == 0 && authorizedMinor > 0)
        {
            // Nothing open to pay for (every unit cancelled, or those left free: goods given away, a voucher's
            // share) on a card that was verified: nothing holds it, whatever became of the authorization since
            // (voided to release the customer's money; rules version 16: a card order a voucher left at 0 waited in
            // PAYMENT_PENDING for good, review). A card never verified is not released (review).
            return true;
        }
        // The money must cover what is open, whatever the status says: a partial capture reported by the provider,
        // or an authorization of less, once counted as cleared whenever its problem was cleared — by a retry, or
        // never set — and released an order with a quarter of its money (found in review; rules version 3).
        if (paymentStatus == Codes.PaymentStatus.AUTHORIZED)
        {
            return authorizedMinor >= openTotalMinor();
        }
        // A refund that failed left the money with the merchant: it does not make what was captured cover less. Ordo's
        // own refunds hold the failed ones; the provider's total leaves them out (review: subtracting them from the
        // larger of the two released an order a dashboard refund had left short).
        return capturedMinor > 0 && capturedMinor - refundsKeptMinor() >= openTotalMinor();
    }

    /**
     * The refunds that took money back from what was captured: Ordo's own, less those that failed, or the provider's
     * total, whichever is more.
     */
    private long refundsKeptMinor()
    {
        return Math.max(Math.max(0, refundedByActions - refundFailedMinor), refundedReported);
    }

    long totalAllocated()
    {
        long total = 0;
        for (int i = 0; i < lineCount; i++)
        {
            total += allocated(i);
        }
        return total;
    }

    int lineOf(final Sku sku)
    {
        for (int i = 0; i < lineCount; i++)
        {
            if (skuIndex(i) == sku.index)
            {
                return i;
            }
        }
        return -1;
    }

    /**
     * The status the unit counts call for: nothing open → CANCELLED; backorders → PARTIALLY_ALLOCATED or
     * BACKORDERED; else ALLOCATED (the caller moves it on to READY_TO_RELEASE).
     */
    Codes.OrderStatus statusFromUnits()
    {
        final long backorders = totalBackordered();
        final long allocatedUnits = totalAllocated();
        if (backorders == 0 && allocatedUnits == 0)
        {
            return Codes.OrderStatus.CANCELLED;
        }
        if (backorders > 0)
        {
            return allocatedUnits > 0 ? Codes.OrderStatus.PARTIALLY_ALLOCATED : Codes.OrderStatus.BACKORDERED;
        }
        return Codes.OrderStatus.ALLOCATED;
    }

    /**
     * The last of ALLOCATED, PARTIALLY_ALLOCATED and BACKORDERED the order's status has been (its timeline keeps the
     * status after every event), or CREATED when none yet. Placement answers without a scan; a scan runs only for
     * an order moving on from a gate, off the placement path.
     */
    Codes.OrderStatus lastUnitsStatus()
    {
        if (status == Codes.OrderStatus.CREATED || isUnitsStatus(status))
        {
            return status;
        }
        Codes.OrderStatus last = Codes.OrderStatus.CREATED;
        for (long e = firstEvent; e != OrderTimeline.NONE; e = OrderTimeline.next(e))
        {
            final Codes.OrderStatus after = Codes.OrderStatus.fromCode(OrderTimeline.status(e));
            if (isUnitsStatus(after))
            {
                last = after;
            }
        }
        return last;
    }

    private static boolean isUnitsStatus(final Codes.OrderStatus status)
    {
        return status == Codes.OrderStatus.ALLOCATED || status == Codes.OrderStatus.PARTIALLY_ALLOCATED ||
            status == Codes.OrderStatus.BACKORDERED;
    }

    /**
     * @param withFills false: the hash snapshot format 5 recorded, before backorder fills were kept.
     * @param decisions where this order's decisions are.
     */
    long hash(final boolean withFills, final DecisionStore decisions)
    {
        return hash(withFills, decisions, decisions.view(decisionAt).hash());
    }

    /** {@link #hash(boolean, DecisionStore)} given the hash of the placement's decision ({@link SourcingDecision#hash}). */
    long hash(final boolean withFills, final DecisionStore decisions, final long decisionHash)
    {
        long h = Hashing.combine(Hashing.SEED, id);
        h = Hashing.combine(h, status.code());
        h = Hashing.combine(h, channelHash);
        h = Hashing.combine(h, textHash(EXTERNAL_ID));
        h = Hashing.combine(h, customerHash);
        h = Hashing.combine(h, textHash(EMAIL));
        h = Hashing.combine(h, textHash(PHONE));
        h = Hashing.combine(h, deliveryMethod.code());
        h = Hashing.combine(h, serviceLevel.code());
        if (maxShipments != 0)
        {
            // Only when there is one (rules version 14): every older state hashes as it did.
            h = Hashing.combine(h, 0x5L << 32 | maxShipments);
        }
        h = Hashing.combine(h, pickupLocation == null ? -1 : pickupLocation.index);
        h = Hashing.combine(h, textHash(SHIP_NAME));
        h = Hashing.combine(h, textHash(LINE1));
        h = Hashing.combine(h, textHash(CITY));
        h = Hashing.combine(h, textHash(POSTAL_CODE));
        h = Hashing.combine(h, Hashing.hash(shipCountry));
        h = Hashing.combine(h, hasCoordinates ? 1 : 0);
        h = Hashing.combine(h, latMicro);
        h = Hashing.combine(h, lonMicro);
        h = Hashing.combine(h, Hashing.hash(billingCountry));
        h = Hashing.combine(h, textHash(CLIENT_IP));
        h = Hashing.combine(h, Hashing.hash(paymentProvider));
        h = Hashing.combine(h, textHash(PAYMENT_REFERENCE));
        h = Hashing.combine(h, paymentAmountMinor);
        if (charges != null)
        {
            // Only when there are some (rules version 16): every older state hashes as it did.
            h = Hashing.combine(h, 0x6L << 32 | charges.count());
            h = Hashing.combine(h, charges.hash());
        }
        h = Hashing.combine(h, Hashing.hash(paymentCurrency));
        h = Hashing.combine(h, Hashing.hash(currency));
        h = Hashing.combine(h, textHash(PAYMENT_FINGERPRINT));
        h = Hashing.combine(h, paymentStatus.code());
        h = Hashing.combine(h, authorizedMinor);
        h = Hashing.combine(h, capturedByActions);
        h = Hashing.combine(h, refundedByActions);
        h = Hashing.combine(h, capturedReported);
        h = Hashing.combine(h, refundedReported);
        if (refundFailedMinor != 0 || refundWithheldMinor != 0 || refundSettledMinor != 0)
        {
            // Only when there is one (rules version 9): every older state hashes as it did.
            h = Hashing.combine(Hashing.combine(Hashing.combine(h, refundFailedMinor), refundWithheldMinor),
                refundSettledMinor);
        }
        h = Hashing.combine(h, Hashing.hash(paymentProblem));
        h = Hashing.combine(h, fraudDecision == null ? 0 : fraudDecision.code());
        h = Hashing.combine(h, fraudScore);
        for (int i = 0; i < fraudReasonCount; i++)
        {
            h = Hashing.combine(Hashing.combine(h, fraudReasons[i]), fraudPoints[i]);
        }
        h = Hashing.combine(h, Hashing.hash(fraudReviewer));
        h = Hashing.combine(h, Hashing.hash(fraudNote));
        h = Hashing.combine(h, reservationId);
        h = Hashing.combine(h, createdAt);
        h = Hashing.combine(h, updatedAt);
        h = Hashing.combine(h, promisedDeliveryBy);
        for (int i = 0; i < lineCount; i++)
        {
            h = Hashing.combine(h, skuIndex(i));
            h = Hashing.combine(h, qty(i));
            h = Hashing.combine(h, unitPriceMinor(i));
            h = Hashing.combine(h, allocated(i));
            h = Hashing.combine(h, backordered(i));
            h = Hashing.combine(h, cancelled(i));
        }
        for (long a = firstAllocation; a != RecordArena.NONE; a = nextAllocation(a))
        {
            h = Hashing.combine(h, allocationLine(a));
            h = Hashing.combine(h, allocationLocationIndex(a));
            h = Hashing.combine(h, allocationUnits(a));
            h = Hashing.combine(h, allocatedAt(a));
        }
        for (long e = firstEvent; e != OrderTimeline.NONE; e = OrderTimeline.next(e))
        {
            h = Hashing.combine(h, OrderTimeline.seq(e));
            h = Hashing.combine(h, OrderTimeline.timeMillis(e));
            h = Hashing.combine(h, OrderTimeline.type(e));
            h = Hashing.combine(h, OrderTimeline.status(e));
            h = Hashing.combine(h, OrderTimeline.line(e));
            h = Hashing.combine(h, OrderTimeline.locationIndex(e));
            h = Hashing.combine(h, OrderTimeline.units(e));
            h = Hashing.combine(h, Hashing.hash(timeline.note(e), 0, OrderTimeline.noteLength(e)));
        }
        for (int i = 0; i < capacityCount; i++)
        {
            h = Hashing.combine(h, capacityNodeIndex(i));
            h = Hashing.combine(h, Location.hashedDay(capacityDay(i)));
        }
        h = Hashing.combine(h, decisionHash);
        // Absent fills add nothing: the hash of a history without one is what it was before fills were kept.
        return fills == null || !withFills ? h : Hashing.combine(h, fills.hash(decisions));
    }
}
