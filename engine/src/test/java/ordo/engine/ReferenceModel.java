package ordo.engine;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import ordo.engine.testing.Cmd;
import ordo.engine.testing.Event;
import ordo.engine.testing.Step;

/**
 * A deliberately plain reference for the engine's stock rules, written from API.md and the engine's documented
 * rules, sharing no code with it: maps of Strings and longs, everything recomputed from the holds on every
 * question. It predicts the reply code (and the tuple fields that carry meaning) of every journaled command, the
 * reservation events, and the inventory numbers a query should show.
 */
final class ReferenceModel
{
    static final long DAY_MILLIS = 24L * 60 * 60 * 1000;
    private static final long MAX_QUANTITY = 1L << 40;
    private static final long MIN_TTL_MILLIS = 1_000;
    private static final long MAX_TTL_MILLIS = 7 * DAY_MILLIS;
    private static final int MAX_QTY_PER_LINE = 1_000_000;
    private static final int MAX_LINES = 64;

    /** What the engine should answer; a null tuple field is one the model does not predict (e.g. packed indexes). */
    record Expected(ResultCode code, Long entityId, Long a, Long d, boolean replayed, List<Event> reservationEvents)
    {
    }

    private static final class SkuRules
    {
        final int index;
        int limit;
        long saleStartsAt;
        long saleEndsAt;

        SkuRules(final int index)
        {
            this.index = index;
        }
    }

    private static final class Stock
    {
        long onHand;
        long safetyStock;
    }

    private static final class Hold
    {
        long id;
        String channel;
        String customer;
        String location; // null = network
        final Map<String, Integer> lines = new LinkedHashMap<>();
        long expiresAt;
        Codes.ReservationStatus status = Codes.ReservationStatus.HELD;
        long endedAt;
    }

    private record Memo(long fingerprint, CommandType type, long createdAt, ResultCode code, Long entityId, Long a,
        Long d)
    {
    }

    /** Location id → active, in definition order. */
    private final Map<String, Boolean> locations = new LinkedHashMap<>();
    private final Map<String, SkuRules> skus = new LinkedHashMap<>();
    /** sku → location → stock; a cell exists once it was set or adjusted successfully. */
    private final Map<String, Map<String, Stock>> stock = new LinkedHashMap<>();
    private final TreeMap<Long, Hold> holds = new TreeMap<>();
    private final Map<Long, Memo> memos = new LinkedHashMap<>();
    private long lastId;
    private long now = Long.MIN_VALUE;

    Expected apply(final long seq, final Step step)
    {
        now = Math.max(now, step.atMillis());
        final List<Event> events = new ArrayList<>();
        expireHolds(seq, events);
        holds.values().removeIf(h -> h.status != Codes.ReservationStatus.HELD && h.endedAt + DAY_MILLIS <= now);
        memos.values().removeIf(m -> m.createdAt() + DAY_MILLIS <= now);

        final CommandType type = step.cmd().commandType();
        final long key = step.cmd() instanceof Cmd.Tick ? 0 : step.keyHash();
        if (key != 0 && memos.containsKey(key))
        {
            final Memo memo = memos.get(key);
            if (memo.fingerprint() != step.fingerprint() || memo.type() != type)
            {
                return new Expected(ResultCode.IDEMPOTENCY_KEY_REUSED, 0L, 0L, 0L, false, events);
            }
            return new Expected(memo.code(), memo.entityId(), memo.a(), memo.d(), true, events);
        }
        final Expected outcome = execute(seq, step.cmd(), events);
        if (key != 0 && (outcome.code().isOk() || (outcome.code().code() >= 200 && outcome.code().code() < 300)))
        {
            memos.put(key, new Memo(step.fingerprint(), type, now, outcome.code(), outcome.entityId(), outcome.a(),
                outcome.d()));
        }
        return outcome;
    }

    private void expireHolds(final long seq, final List<Event> events)
    {
        final List<Hold> due = new ArrayList<>();
        for (final Hold hold : holds.values())
        {
            if (hold.status == Codes.ReservationStatus.HELD && hold.expiresAt <= now)
            {
                due.add(hold);
            }
        }
        due.sort((x, y) -> x.expiresAt != y.expiresAt ? Long.compare(x.expiresAt, y.expiresAt) : Long.compare(x.id, y.id));
        for (final Hold hold : due)
        {
            hold.status = Codes.ReservationStatus.EXPIRED;
            hold.endedAt = hold.expiresAt;
            events.add(new Event(EventType.RESERVATION_EXPIRED, seq, hold.expiresAt, hold.id));
        }
    }

    private Expected execute(final long seq, final Cmd cmd, final List<Event> events)
    {
        if (cmd instanceof Cmd.DefineLocation l)
        {
            locations.put(l.id(), l.active());
            return ok((long)indexOf(locations.keySet(), l.id()), events);
        }
        if (cmd instanceof Cmd.DefineSku s)
        {
            final SkuRules rules = skus.computeIfAbsent(s.id(), id -> new SkuRules(skus.size()));
            rules.limit = s.perCustomerLimit();
            rules.saleStartsAt = s.saleStartsAt();
            rules.saleEndsAt = s.saleEndsAt();
            return ok((long)rules.index, events);
        }
        if (cmd instanceof Cmd.SetInventory s)
        {
            final ResultCode unknown = unknownCell(s.sku(), s.location());
            if (unknown != null)
            {
                return reject(unknown, events);
            }
            final boolean keepOnHand = s.onHand() == CommandCodec.KEEP;
            final boolean keepSafety = s.safetyStock() == CommandCodec.KEEP;
            if (!keepOnHand && (s.onHand() < 0 || s.onHand() > MAX_QUANTITY) ||
                !keepSafety && (s.safetyStock() < 0 || s.safetyStock() > MAX_QUANTITY) || keepOnHand && keepSafety)
            {
                return reject(ResultCode.INVALID_QUANTITY, events);
            }
            final Stock cell = cell(s.sku(), s.location(), true);
            cell.onHand = keepOnHand ? cell.onHand : s.onHand();
            cell.safetyStock = keepSafety ? cell.safetyStock : s.safetyStock();
            return ok(null, events);
        }
        if (cmd instanceof Cmd.Adjust a)
        {
            final ResultCode unknown = unknownCell(a.sku(), a.location());
            if (unknown != null)
            {
                return reject(unknown, events);
            }
            // Rules version 3: a receipt adds stock, damage takes it away.
            if (a.delta() == 0 || a.delta() > MAX_QUANTITY || a.delta() < -MAX_QUANTITY ||
                (a.reason() == Codes.AdjustmentReason.RECEIPT && a.delta() < 0) ||
                (a.reason() == Codes.AdjustmentReason.DAMAGE && a.delta() > 0))
            {
                return reject(ResultCode.INVALID_QUANTITY, events);
            }
            final Stock existing = cell(a.sku(), a.location(), false);
            final long before = existing == null ? 0 : existing.onHand;
            if (before + a.delta() < 0)
            {
                return new Expected(ResultCode.ON_HAND_NEGATIVE, null, before, 0L, false, events);
            }
            if (before + a.delta() > MAX_QUANTITY)
            {
                return new Expected(ResultCode.ON_HAND_TOO_LARGE, null, before, 0L, false, events);
            }
            cell(a.sku(), a.location(), true).onHand = before + a.delta();
            return ok(null, events);
        }
        if (cmd instanceof Cmd.Reserve r)
        {
            return reserve(seq, r, events);
        }
        if (cmd instanceof Cmd.Release r)
        {
            final Hold hold = holds.get(r.reservationId());
            if (hold == null || (!r.channels().isEmpty() && !r.channels().contains(hold.channel)))
            {
                return reject(ResultCode.RESERVATION_NOT_FOUND, events);
            }
            if (hold.status != Codes.ReservationStatus.HELD)
            {
                return new Expected(ResultCode.RESERVATION_NOT_ACTIVE, hold.id, (long)hold.status.code(), 0L, false, events);
            }
            hold.status = Codes.ReservationStatus.RELEASED;
            hold.endedAt = now;
            events.add(new Event(EventType.RESERVATION_RELEASED, seq, now, hold.id));
            return ok(hold.id, events);
        }
        return ok(0L, events); // TICK
    }

    private Expected reserve(final long seq, final Cmd.Reserve r, final List<Event> events)
    {
        final String location = r.location() == null || r.location().isEmpty() ? null : r.location();
        if (!Ids.isValid(r.channel()) || !Ids.isValid(r.customer()) || (location != null && !Ids.isValid(location)))
        {
            return reject(ResultCode.INVALID_ID, events);
        }
        if (r.lines().isEmpty())
        {
            return reject(ResultCode.INVALID_FIELD, events);
        }
        if (r.lines().size() > MAX_LINES)
        {
            return reject(ResultCode.TOO_MANY_LINES, events);
        }
        if (r.ttlMillis() < MIN_TTL_MILLIS || r.ttlMillis() > MAX_TTL_MILLIS)
        {
            return reject(ResultCode.INVALID_TTL, events);
        }
        if (location != null && !locations.containsKey(location))
        {
            return reject(ResultCode.UNKNOWN_LOCATION, events);
        }
        final Set<String> seen = new HashSet<>();
        for (int i = 0; i < r.lines().size(); i++)
        {
            final Cmd.Line line = r.lines().get(i);
            if (!skus.containsKey(line.sku()))
            {
                return new Expected(ResultCode.UNKNOWN_SKU, -1L, 0L, (long)i, false, events);
            }
            if (line.qty() <= 0 || line.qty() > MAX_QTY_PER_LINE)
            {
                return lineReject(ResultCode.INVALID_QUANTITY, line.sku(), 0, i, events);
            }
            if (!seen.add(line.sku()))
            {
                return lineReject(ResultCode.DUPLICATE_SKU, line.sku(), 0, i, events);
            }
        }
        if (location != null && !locations.get(location))
        {
            return new Expected(ResultCode.LOCATION_INACTIVE, -1L, 0L, 0L, false, events);
        }
        for (int i = 0; i < r.lines().size(); i++)
        {
            final SkuRules rules = skus.get(r.lines().get(i).sku());
            if (now < rules.saleStartsAt)
            {
                return lineReject(ResultCode.SALE_NOT_OPEN, r.lines().get(i).sku(), 0, i, events);
            }
            if (now >= rules.saleEndsAt)
            {
                return lineReject(ResultCode.SALE_ENDED, r.lines().get(i).sku(), 0, i, events);
            }
        }
        // Stock before the customer's limits (rules version 2).
        for (int i = 0; i < r.lines().size(); i++)
        {
            final Cmd.Line line = r.lines().get(i);
            long available = networkAtp(line.sku());
            if (location != null)
            {
                final Stock cell = cell(line.sku(), location, false);
                available = Math.min(available, cell == null ? 0 : nodeAtp(line.sku(), location));
            }
            if (available < line.qty())
            {
                return lineReject(ResultCode.INSUFFICIENT_STOCK, line.sku(), Math.max(0, available), i, events);
            }
        }
        for (int i = 0; i < r.lines().size(); i++)
        {
            final Cmd.Line line = r.lines().get(i);
            final SkuRules rules = skus.get(line.sku());
            final long held = heldBy(r.customer(), line.sku());
            if (rules.limit > 0 && held + line.qty() > rules.limit)
            {
                return lineReject(ResultCode.PER_CUSTOMER_LIMIT, line.sku(), held, i, events);
            }
        }
        final Hold hold = new Hold();
        hold.id = ++lastId;
        hold.channel = r.channel();
        hold.customer = r.customer();
        hold.location = location;
        hold.expiresAt = now + r.ttlMillis();
        for (final Cmd.Line line : r.lines())
        {
            hold.lines.put(line.sku(), line.qty());
        }
        holds.put(hold.id, hold);
        events.add(new Event(EventType.RESERVATION_CREATED, seq, now, hold.id));
        return new Expected(ResultCode.OK, hold.id, hold.expiresAt, 0L, false, events);
    }

    // ---------------------------------------------------------------- derived numbers, recomputed every time

    long heldBy(final String customer, final String sku)
    {
        long held = 0;
        for (final Hold hold : holds.values())
        {
            if (hold.status == Codes.ReservationStatus.HELD && hold.customer.equals(customer))
            {
                held += hold.lines.getOrDefault(sku, 0);
            }
        }
        return held;
    }

    /** Units held against this node. */
    long nodeHolds(final String sku, final String location)
    {
        long held = 0;
        for (final Hold hold : holds.values())
        {
            if (hold.status == Codes.ReservationStatus.HELD && location.equals(hold.location))
            {
                held += hold.lines.getOrDefault(sku, 0);
            }
        }
        return held;
    }

    /** Units held against the network as a whole. */
    long networkHolds(final String sku)
    {
        long held = 0;
        for (final Hold hold : holds.values())
        {
            if (hold.status == Codes.ReservationStatus.HELD && hold.location == null)
            {
                held += hold.lines.getOrDefault(sku, 0);
            }
        }
        return held;
    }

    long nodeAtp(final String sku, final String location)
    {
        final Stock cell = cell(sku, location, false);
        return cell == null ? 0 : cell.onHand - cell.safetyStock - nodeHolds(sku, location);
    }

    /** The sum over active nodes of max(0, node ATP), less the network holds. */
    long networkAtp(final String sku)
    {
        long supply = 0;
        for (final String location : stock.getOrDefault(sku, Map.of()).keySet())
        {
            if (locations.get(location))
            {
                supply += Math.max(0, nodeAtp(sku, location));
            }
        }
        return supply - networkHolds(sku);
    }

    long onHand(final String sku, final String location)
    {
        final Stock cell = cell(sku, location, false);
        return cell == null ? 0 : cell.onHand;
    }

    long safetyStock(final String sku, final String location)
    {
        final Stock cell = cell(sku, location, false);
        return cell == null ? 0 : cell.safetyStock;
    }

    boolean isActive(final String location)
    {
        return locations.get(location);
    }

    /** Locations where the SKU has a stock cell, in location definition order (the order views list them). */
    List<String> cellLocations(final String sku)
    {
        final List<String> result = new ArrayList<>();
        final Map<String, Stock> cells = stock.getOrDefault(sku, Map.of());
        for (final String location : locations.keySet())
        {
            if (cells.containsKey(location))
            {
                result.add(location);
            }
        }
        return result;
    }

    Set<String> skus()
    {
        return skus.keySet();
    }

    // ---------------------------------------------------------------- helpers

    /** Set and adjust name their SKU and location in the URL: an unknown one is "not found", not invalid input. */
    private ResultCode unknownCell(final String sku, final String location)
    {
        if (!skus.containsKey(sku))
        {
            return ResultCode.SKU_NOT_FOUND;
        }
        return locations.containsKey(location) ? null : ResultCode.LOCATION_NOT_FOUND;
    }

    private Stock cell(final String sku, final String location, final boolean create)
    {
        final Map<String, Stock> cells = stock.computeIfAbsent(sku, s -> new LinkedHashMap<>());
        return create ? cells.computeIfAbsent(location, l -> new Stock()) : cells.get(location);
    }

    private Expected lineReject(final ResultCode code, final String sku, final long available, final int line,
        final List<Event> events)
    {
        return new Expected(code, (long)skus.get(sku).index, available, (long)line, false, events);
    }

    private static Expected ok(final Long entityId, final List<Event> events)
    {
        return new Expected(ResultCode.OK, entityId, entityId == null ? null : 0L, entityId == null ? null : 0L,
            false, events);
    }

    private static Expected reject(final ResultCode code, final List<Event> events)
    {
        return new Expected(code, 0L, 0L, 0L, false, events);
    }

    private static int indexOf(final Set<String> keys, final String key)
    {
        int i = 0;
        for (final String k : keys)
        {
            if (k.equals(key))
            {
                return i;
            }
            i++;
        }
        return -1;
    }
}
