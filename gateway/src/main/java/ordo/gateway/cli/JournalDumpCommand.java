package ordo.gateway.cli;

import static ordo.gateway.cli.JournalCommand.JSON;
import static ordo.gateway.cli.JournalCommand.fault;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

import ordo.engine.CommandDescriber;
import ordo.engine.CommandType;
import ordo.engine.EventType;
import ordo.engine.Ids;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.api.Views;
import ordo.gateway.cli.JournalCommand.DataDirOption;
import ordo.journal.JournalCorruptException;
import ordo.journal.JournalReader;
import ordo.journal.RulesMarker;
import ordo.journal.SnapshotStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ordo journal dump}: every record as a JSON line, with its engine's answer ({@code --outcomes}) and the
 * journal's markers ({@code --markers}) if asked. {@link JournalCommand} lists the exit codes and holds what the
 * tools share.
 */
@Command(name = "dump", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
    description = "Print every record as a JSON line.")
final class JournalDumpCommand extends DataDirOption implements Callable<Integer>
{
    @Option(names = "--markers", description = "Also print the journal's markers among the records: a rules "
        + "version's start, a discarded batch (as lines with a \"marker\" member and no seq).")
    boolean markers;

    @Option(names = "--from-seq", paramLabel = "SEQ", description = "Print records from this sequence on (the "
        + "ones before it are still read and checked).")
    Long fromSeq;

    @Option(names = "--to-seq", paramLabel = "SEQ", description = "Print records up to and including this "
        + "sequence (the rest of the journal is still read and checked: a fault after it is reported).")
    Long toSeq;

    @Option(names = "--outcomes", description = "Replay the journal and add to each record the engine's answer "
        + "(\"outcome\": code, a refusal's httpStatus, detail and figures, replayed, the events it caused "
        + "(holds expired, orders filled or sent back to backorder, ...), and the hold or order it made or changed, "
        + "with "
        + "the order's status); a record this build did not replay (other rules) has none.")
    boolean outcomes;

    @Option(names = "--type", split = ",", paramLabel = "TYPE", description = "Print only records of these "
        + "command types (comma-separated, as the lines' \"type\" spells them, e.g. PLACE_ORDER,CANCEL_ORDER; case "
        + "ignored).")
    List<String> types;

    @Override
    public Integer call() throws IOException
    {
        requireJournal();
        final long from = fromSeq == null ? 1 : fromSeq;
        final long to = toSeq == null ? Long.MAX_VALUE : toSeq;
        if (from < 1 || to < 1 || from > to)
        {
            throw usageError("--from-seq and --to-seq must be 1 or more, the first not after the second; got" +
                (fromSeq == null ? "" : " --from-seq " + fromSeq) + (toSeq == null ? "" : " --to-seq " + toSeq));
        }
        final java.util.Set<CommandType> only = commandTypes();
        final PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        final long[] dumped = {0, 0}; // printed, read
        // What the record being replayed caused beyond its answer, told by the engine as it applied it.
        final List<Map<String, Object>> caused = new ArrayList<>();
        final Replayer.RecordObserver print = (seq, time, type, payload, offset, length, index, rules, answer) ->
        {
            final List<Map<String, Object>> events = List.copyOf(caused);
            caused.clear();
            dumped[1]++;
            final CommandType commandType = CommandType.fromCode(type);
            if (seq < from || seq > to || (only != null && !only.contains(commandType)))
            {
                return;
            }
            dumped[0]++;
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put("seq", seq);
            // As the API writes times, with milliseconds even when they are .000 (Instant wrote whole seconds
            // without them, so a dump's times and an order's events did not join as text; QA-200).
            line.put("time", Views.time(time));
            line.put("index", index);
            line.put("type", commandType == null ? "UNKNOWN_" + type : commandType.name());
            line.put("length", length);
            if (rules != RulesMarker.UNRECORDED)
            {
                line.put("rulesVersion", rules);
            }
            if (commandType != null)
            {
                line.put("command", CommandDescriber.describe(commandType, payload, offset, length, rules));
            }
            if (outcomes && answer != null)
            {
                final Map<String, Object> outcome = outcome(commandType, answer);
                if (!events.isEmpty())
                {
                    outcome.put("events", events);
                }
                line.put("outcome", outcome);
            }
            try
            {
                out.println(JSON.writeValueAsString(line));
            }
            catch (final IOException e)
            {
                throw new java.io.UncheckedIOException(e);
            }
        };
        final MarkerLines markerLines = markers ? new MarkerLines(out, from, to) : null;
        final List<String> notes = new ArrayList<>();
        try
        {
            if (outcomes)
            {
                // The engine's answer to each record: a replay from zero (from a snapshot past a stretch of other
                // rules, whose records get no outcome), as verify does.
                // Up to --to-seq only: the outcomes after it are not printed (review). The records beyond are
                // still read by the replay's reader, which stops applying them.
                final Replayer replayer = new Replayer(to, Long.MAX_VALUE, false,
                    SnapshotStore.openReadOnly(data)).observe(print, markerLines)
                    .events((type, seq, time, entity) -> caused(caused, type, time, entity));
                replayer.run(data, Map.of());
                notes.addAll(replayer.notes());
            }
            else
            {
                try (JournalReader reader = JournalReader.open(data))
                {
                    reader.replay(0, (seq, time, type, payload, offset, length) -> print.record(seq, time, type,
                        payload, offset, length, reader.currentIndex(), reader.rulesInEffect(), null), markerLines);
                    if (reader.tornTailNote() != null)
                    {
                        notes.add(reader.tornTailNote());
                    }
                }
            }
        }
        catch (final JournalCorruptException e)
        {
            // The lines before it are good records: printed, and the fault after them.
            out.flush();
            return fault(e, dumped[0] + " good records dumped before it" +
                (dumped[0] == dumped[1] ? "" : ", of " + dumped[1] + " read"));
        }
        out.flush();
        notes.forEach(note -> System.err.println("note: " + note));
        if (fromSeq != null && fromSeq > dumped[1])
        {
            // Not an error, as replay's --until-seq past the end is not; but an empty dump says why.
            System.err.println("note: the journal ends at seq " + dumped[1] + ", before --from-seq " + fromSeq);
        }
        return 0;
    }

    /**
     * What the engine answered a record, as the API would have: the code (and a refusal's HTTP status), whether it
     * was an idempotent replay of an earlier answer, and the hold or order it made or changed (with the order's
     * status).
     */
    private static Map<String, Object> outcome(final CommandType type, final Reply answer)
    {
        final Map<String, Object> outcome = new LinkedHashMap<>();
        outcome.put("code", answer.code().name());
        if (answer.code() != ResultCode.OK)
        {
            // A success's status is the route's (201 for what it makes, 200 for the rest): not the engine's.
            outcome.put("httpStatus", Views.httpStatus(answer.code()));
        }
        outcome.put("replayed", answer.replayed());
        if (answer.code() != ResultCode.OK)
        {
            // What the client was told, figures and all ("only 136 of A available, 268 more at nodes this order may
            // not use"): the code alone left an auditor to rebuild them (QA-200).
            final ordo.gateway.http.Problem refusal = Views.refusal(answer, type);
            outcome.put("detail", refusal.detail());
            outcome.putAll(refusal.fields());
        }
        if (answer.code() == ResultCode.OK && type != null)
        {
            switch (type)
            {
                case RESERVE, RELEASE_RESERVATION ->
                    outcome.put("reservationId", Ids.formatReservationId(answer.entityId()));
                case PAYMENT_EVENT ->
                {
                    // As the webhook's answer: a duplicate names the order its first delivery changed; an event
                    // for a reference no order has changes nothing (QA: both read as plain OKs).
                    if (answer.a() == 0)
                    {
                        outcome.put("duplicate", true);
                        if (answer.b() != 0)
                        {
                            outcome.put("orderId", Ids.formatOrderId(answer.b()));
                        }
                    }
                    else if (answer.a() == 2)
                    {
                        outcome.put("noOrderHasTheReference", true);
                    }
                    else
                    {
                        orderOutcome(answer, outcome);
                    }
                }
                case PLACE_ORDER ->
                {
                    // A channel + externalId sent again is answered the order placed before (the API's 200, not
                    // 201): the record's lines are not that order's (QA-266: it read as a new order).
                    if (answer.a() != 1)
                    {
                        outcome.put("existingOrder", true);
                    }
                    orderOutcome(answer, outcome);
                }
                case CANCEL_ORDER, FRAUD_REVIEW, CAPTURE_PAYMENT, MARK_PAID, RETRY_PAYMENT, SETTLE_REFUND,
                    PAYMENT_ACTION_RESULT -> orderOutcome(answer, outcome);
                default ->
                {
                }
            }
        }
        return outcome;
    }

    /**
     * An event a record caused, for its outcome (QA-200: a TICK's record did not say which holds it expired, nor a
     * count which orders it sent back to backorder; a hold expires on the first record stamped at or after its end,
     * a TICK's only on an idle server): the hold, order or payment action it is of, and when. The engine tells its
     * sink synchronously, on this thread, while it applies the record, so what arrived since the last record is this
     * one's. Left out:
     * what the record and its answer say already (the catalog's events; the hold a RESERVE made or a release ended,
     * the order a PLACE_ORDER placed or a cancellation cancelled, a payment command's order: only those commands
     * cause them).
     */
    private static void caused(final List<Map<String, Object>> caused, final EventType type, final long time,
        final long entity)
    {
        final String key = switch (type)
        {
            case RESERVATION_EXPIRED, RESERVATION_CONVERTED -> "reservationId";
            case ORDER_BACKORDER_ALLOCATED, ORDER_REJECTED, ORDER_BACKORDERED -> "orderId";
            case PAYMENT_ACTION_REQUESTED -> "actionId";
            case LOCATION_DEFINED, SKU_DEFINED, INVENTORY_CHANGED, RESERVATION_CREATED, RESERVATION_RELEASED,
                ORDER_PLACED, ORDER_CANCELLED, PAYMENT_UPDATED -> null;
        };
        if (key == null)
        {
            return;
        }
        final Map<String, Object> event = new LinkedHashMap<>();
        event.put("type", type.name());
        event.put(key, switch (key)
        {
            case "reservationId" -> Ids.formatReservationId(entity);
            case "orderId" -> Ids.formatOrderId(entity);
            default -> entity;
        });
        event.put("time", Views.time(time));
        caused.add(event);
    }

    /** The order an answer carries (its view's first fields): its id and status after the command. */
    private static void orderOutcome(final Reply answer, final Map<String, Object> outcome)
    {
        if (answer.dataLength() >= 9)
        {
            final ordo.engine.PayloadReader r = answer.readData(new ordo.engine.PayloadReader());
            outcome.put("orderId", Ids.formatOrderId(r.readLong()));
            outcome.put("orderStatus", ordo.engine.Codes.OrderStatus.fromCode(r.readByte()).name());
        }
    }

    /** The types {@code --type} names, or null for every type; a name that is no command type is refused. */
    private java.util.Set<CommandType> commandTypes()
    {
        if (types == null)
        {
            return null;
        }
        final java.util.Set<CommandType> named = java.util.EnumSet.noneOf(CommandType.class);
        final List<CommandType> journaled = java.util.Arrays.stream(CommandType.values())
            .filter(t -> t.kind() == CommandType.Kind.JOURNALED).toList();
        for (final String name : types)
        {
            final CommandType type = journaled.stream()
                .filter(t -> t.name().equals(name.toUpperCase(Locale.ROOT))).findFirst().orElse(null);
            if (type == null)
            {
                throw usageError("--type " + name + " is no command type the journal holds; they are " +
                    String.join(",", journaled.stream().map(Enum::name).toList()));
            }
            named.add(type);
        }
        return named;
    }

    /** {@code dump --markers}: each marker as a JSON line with a {@code marker} member and no {@code seq}. */
    private static final class MarkerLines implements ordo.journal.MarkerHandler
    {
        private final PrintStream out;
        private final long from;
        private final long to;

        /** Prints the markers among the records {@code from..to} (a marker after {@code to} precedes none of them). */
        MarkerLines(final PrintStream out, final long from, final long to)
        {
            this.out = out;
            this.from = from;
            this.to = to;
        }

        @Override
        public void onRules(final long index, final long afterSeq, final int version)
        {
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put("marker", "RULES");
            line.put("index", index);
            line.put("afterSeq", afterSeq);
            line.put("rulesVersion", version);
            print(afterSeq, line);
        }

        @Override
        public void onDiscard(final long index, final long afterSeq, final long firstIndex, final long lastIndex,
            final int documents)
        {
            final Map<String, Object> line = new LinkedHashMap<>();
            line.put("marker", "DISCARD");
            line.put("index", index);
            line.put("afterSeq", afterSeq);
            line.put("discardedFirstIndex", firstIndex);
            line.put("discardedLastIndex", lastIndex);
            line.put("discardedDocuments", documents);
            print(afterSeq, line);
        }

        private void print(final long afterSeq, final Map<String, Object> line)
        {
            if (afterSeq < from - 1 || afterSeq >= to)
            {
                return;
            }
            try
            {
                out.println(JSON.writeValueAsString(line));
            }
            catch (final IOException e)
            {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }
}
