package ordo.gateway.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import com.fasterxml.jackson.databind.ObjectMapper;
import ordo.engine.CommandCodec;
import ordo.engine.CommandDescriber;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.EngineSnapshot;
import ordo.engine.EventSink;
import ordo.engine.Ids;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.api.Views;
import ordo.journal.JournalCorruptException;
import ordo.journal.JournalFiles;
import ordo.journal.JournalReader;
import ordo.journal.RulesMarker;
import ordo.journal.SnapshotHead;
import ordo.journal.SnapshotInfo;
import ordo.journal.SnapshotStore;
import ordo.journal.VerifyReport;
import org.agrona.ExpandableArrayBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ordo journal dump|verify|replay}: the auditor's tools. They read the journal of a data dir (also while a
 * server runs on it: the reader never writes) and never call anything outside the process. {@code salvage}, the
 * operator's, writes only into a new directory.
 *
 * <p>Exit codes: 0 fine; 2 a usage error (picocli's: the message and the usage) or a fault in the journal (each tool
 * names the first record that cannot be trusted on a {@code FAULT:} line); 3 a fault found by verify's replay or in
 * a snapshot; 4 no such SKU or order at that point (replay); 5 {@link #RULES_STOP}; 6 {@link #TORN_TAIL} (verify).
 */
@Command(name = "journal", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
    description = "Inspect, verify and replay the journal.",
    subcommands = {JournalCommand.Dump.class, JournalCommand.Verify.class, JournalCommand.Replay.class,
        JournalCommand.Salvage.class})
public final class JournalCommand implements Runnable
{
    static final ObjectMapper JSON = new ObjectMapper();
    static final long PROGRESS_EVERY = 1_000_000;
    /**
     * Exit code of verify and replay when the point they replay to follows records written under other rules than this
     * build's, with no snapshot after those to resume from.
     */
    static final int RULES_STOP = 5;
    /** Exit code of every tool at a record of the journal that cannot be trusted (damage, edits, an old format). */
    static final int JOURNAL_FAULT = 2;
    /**
     * Exit code of verify when the journal ends in a batch that fails its check ({@code ScanResult.tornTailNote}): cut
     * short by a crash of the machine, or damaged; what it prints is the state before it. It exited 0, and a tampered
     * last record passed (found in QA).
     */
    static final int TORN_TAIL = 6;

    @Override
    public void run()
    {
        new picocli.CommandLine(this).usage(System.out);
    }

    abstract static class DataDirOption
    {
        @Option(names = "--data", description = "Data directory (default ./data).", defaultValue = "./data")
        Path data;

        /**
         * A data directory that holds a journal. A directory without one (a typo'd {@code --data}, an empty one) read as
         * an empty journal: verify printed the state of seq 0 and exited 0 (found in review).
         */
        void requireJournal()
        {
            if (!Files.isDirectory(data))
            {
                throw usageError("no data directory at " + data.toAbsolutePath().normalize());
            }
            if (!Files.isDirectory(JournalFiles.queueDir(data)))
            {
                throw usageError("no journal in " + data.toAbsolutePath().normalize() + " (no " +
                    JournalFiles.queueDir(data).getFileName() + "/ directory): --data must name the data directory a " +
                    "server wrote");
            }
        }

        /** Picocli answers a ParameterException with the message and the usage on stderr and exit code 2. */
        picocli.CommandLine.ParameterException usageError(final String message)
        {
            return new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), message);
        }
    }

    @Command(name = "dump", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
        description = "Print every record as a JSON line.")
    static final class Dump extends DataDirOption implements Callable<Integer>
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
            + "(\"outcome\": code, a refusal's httpStatus, replayed, and the hold or order it made or changed, with "
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
            final Replayer.RecordObserver print = (seq, time, type, payload, offset, length, index, rules, answer) ->
            {
                dumped[1]++;
                final CommandType commandType = CommandType.fromCode(type);
                if (seq < from || seq > to || (only != null && !only.contains(commandType)))
                {
                    return;
                }
                dumped[0]++;
                final Map<String, Object> line = new LinkedHashMap<>();
                line.put("seq", seq);
                line.put("time", Instant.ofEpochMilli(time).toString());
                line.put("index", index);
                line.put("type", commandType == null ? "UNKNOWN_" + type : commandType.name());
                line.put("length", length);
                if (rules != RulesMarker.UNRECORDED)
                {
                    line.put("rulesVersion", rules);
                }
                if (commandType != null)
                {
                    line.put("command", CommandDescriber.describe(commandType, payload, offset, length));
                }
                if (outcomes && answer != null)
                {
                    line.put("outcome", outcome(commandType, answer));
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
                        SnapshotStore.openReadOnly(data)).observe(print, markerLines);
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
                    case PLACE_ORDER, CANCEL_ORDER, FRAUD_REVIEW, CAPTURE_PAYMENT, MARK_PAID, RETRY_PAYMENT,
                        SETTLE_REFUND, PAYMENT_ACTION_RESULT -> orderOutcome(answer, outcome);
                    default ->
                    {
                    }
                }
            }
            return outcome;
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

    @Command(name = "verify", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
        description = "Check every CRC and chain link, replay from zero (what this build's rules wrote), compare with "
            + "snapshots, print the state hash.")
    static final class Verify extends DataDirOption implements Callable<Integer>
    {
        @Override
        public Integer call() throws IOException
        {
            requireJournal();
            final boolean tornTail;
            try (JournalReader reader = JournalReader.open(data))
            {
                final VerifyReport report = reader.verify();
                if (!report.ok())
                {
                    System.err.printf("FAULT: %s (first bad record in the document at index %d, seq %d; %d good records verified before it)%n",
                        report.fault().getMessage(), report.faultIndex(), report.faultSeq(), report.recordsVerified());
                    return JOURNAL_FAULT;
                }
                // The replay's notes say what it is.
                tornTail = report.tornTail();
            }
            catch (final JournalCorruptException e)
            {
                return fault(e, "nothing verified");
            }
            final SnapshotStore store = SnapshotStore.openReadOnly(data);
            // Each file is verified whole, but only what the comparison needs is kept: a million orders' snapshot is
            // a gigabyte or more, and the store keeps several.
            final Map<Long, SnapshotHead> snapshots = new java.util.HashMap<>();
            int faults = 0;
            for (final SnapshotInfo info : store.list())
            {
                try
                {
                    // Read once, whole (its CRC), and restored from that read; only its head is kept.
                    final ordo.journal.Snapshot whole = readWhole(store, info);
                    final SnapshotHead snapshot = whole == null ? store.readHead(info, EngineSnapshot.HEAD_BYTES) :
                        headOf(whole);
                    if (whole == null || restores(whole))
                    {
                        snapshots.put(snapshot.seq(), snapshot);
                    }
                    else
                    {
                        // Faulted, not then also compared ("matches" of a snapshot a start passes over: review).
                        faults++;
                    }
                }
                catch (final java.nio.file.NoSuchFileException e)
                {
                    // Beside a running server, which keeps only the newest few: one listed was replaced since.
                    System.err.println("note: snapshot " + info.path().getFileName() + " was removed while verify " +
                        "read the others (a server writing snapshots beside it): not checked");
                }
                catch (final IOException e)
                {
                    System.err.println("FAULT: snapshot " + info.path().getFileName() + " is not valid: " +
                        e.getMessage());
                    faults++;
                }
            }
            final Replayer replayer = new Replayer(Long.MAX_VALUE, Long.MAX_VALUE, true, store);
            final Engine engine;
            try
            {
                engine = replayer.run(data, snapshots);
            }
            catch (final JournalCorruptException e)
            {
                // Verified above: a fault now is in records a live server appended since.
                return fault(e, "met by the replay, after the check passed");
            }
            replayer.notes().forEach(note -> System.err.println("note: " + note));
            faults += replayer.faults();
            if (replayer.rulesStop() != null)
            {
                // Not a fault of the journal: this build cannot tell what the records at its end decided.
                System.err.println("STOPPED: " + replayer.rulesStop());
                return faults == 0 ? RULES_STOP : 3;
            }
            // After a resume over other rules, order statuses and promises are those rules' (an upgrade's): not
            // re-derived here.
            final boolean statuses = !replayer.resumedAfterOtherRules();
            if (!statuses)
            {
                System.err.println("note: order statuses, delivery promises and daily capacity per day of work were not "
                    + "checked against this build's rules: the state was resumed from a snapshot written under other "
                    + "rules, which derived them");
            }
            final String invariant = engine.checkInvariants(statuses);
            if (invariant != null)
            {
                System.err.println("FAULT: stock invariant broken after replay: " + invariant);
                faults++;
            }
            for (final SnapshotHead snapshot : snapshots.values())
            {
                if (snapshot.seq() > engine.lastSeq())
                {
                    System.err.printf("FAULT: snapshot at seq %d is beyond the journal's last seq %d%n",
                        snapshot.seq(), engine.lastSeq());
                    faults++;
                }
            }
            System.out.println(stateHashJson(engine));
            return faults > 0 ? 3 : tornTail ? TORN_TAIL : 0;
        }
    }

    @Command(name = "replay", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
        description = "Replay from zero (what this build's rules wrote) up to a sequence or a time and print the state "
            + "(and one SKU's stock) then.")
    static final class Replay extends DataDirOption implements Callable<Integer>
    {
        @Option(names = "--until-seq", description = "Apply records up to and including this sequence.")
        Long untilSeq;

        @Option(names = "--until-time", description = "Apply records stamped at or before this RFC 3339 time (with "
            + "--until-seq too: the earlier point).")
        String untilTime;

        @Option(names = "--sku", description = "Print this SKU's inventory view at that point.")
        String sku;

        @Option(names = "--order", description = "Print this order at that point: its sourcing view (placement and "
            + "backorder fills, as GET /v1/orders/{id}/sourcing) unless --show says what else.")
        String order;

        @Option(names = "--show", split = ",", paramLabel = "VIEW", description = "With --order, what to print of it, "
            + "a JSON line each, in the order given: order (as GET /v1/orders/{id}: status, lines, allocations, "
            + "payment, fraud), events (its timeline so far, as GET /v1/orders/{id}/events, each event with its "
            + "sequence), sourcing (the default).")
        List<String> show;

        @Override
        public Integer call() throws IOException
        {
            requireJournal();
            final long seqLimit = untilSeq == null ? Long.MAX_VALUE : untilSeq;
            if (seqLimit < 0)
            {
                throw usageError("--until-seq must be 0 or more, got " + untilSeq);
            }
            final long timeLimit = untilTime == null ? Long.MAX_VALUE : epochMillis(untilTime);
            final long orderId = order == null ? -1 : Ids.parseOrderId(order);
            if (order != null && orderId < 0)
            {
                throw usageError("--order must be an order id such as ord_0123456789abcdef, got " + order);
            }
            // Before the replay, which may take minutes, not after it (found in review).
            if (sku != null && !Ids.isValid(sku))
            {
                throw usageError("--sku must be 1 to " + Ids.MAX_LENGTH + " of A-Z a-z 0-9 . _ : -, got " + sku);
            }
            final List<OrderView> views = orderViews();
            final Replayer replayer = new Replayer(seqLimit, timeLimit, false, SnapshotStore.openReadOnly(data));
            final Engine engine;
            try
            {
                engine = replayer.run(data, Map.of());
            }
            catch (final JournalCorruptException e)
            {
                return fault(e, "the state there is not printed");
            }
            replayer.notes().forEach(note -> System.err.println("note: " + note));
            if (untilSeq != null && engine.lastSeq() < untilSeq && replayer.rulesStop() == null)
            {
                // Not an error: the state printed is the journal's last (QA: nothing said it was not the one asked).
                System.err.println("note: the journal ends at seq " + engine.lastSeq() + ", before --until-seq " +
                    untilSeq);
            }
            if (replayer.rulesStop() != null)
            {
                System.err.println("STOPPED: " + replayer.rulesStop());
                return RULES_STOP;
            }
            System.out.println(stateHashJson(engine));
            final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
            final PayloadWriter writer = new PayloadWriter();
            final Reply reply = new Reply();
            if (sku != null)
            {
                writer.wrap(buffer, 0);
                CommandCodec.queryInventory(writer, sku);
                engine.query(engine.nowMillis(), CommandType.QUERY_INVENTORY, buffer, 0, writer.length(), reply);
                if (reply.code() != ResultCode.OK)
                {
                    System.err.println("no SKU " + sku + " at that point");
                    return 4;
                }
                System.out.println(new String(Views.inventory(reply), StandardCharsets.UTF_8));
            }
            for (final OrderView view : views)
            {
                writer.wrap(buffer, 0);
                // No channels: the auditor's view, every channel's orders.
                CommandCodec.queryOrder(writer, orderId, null);
                engine.query(engine.nowMillis(), view.query, buffer, 0, writer.length(), reply);
                if (reply.code() != ResultCode.OK)
                {
                    System.err.println("no order " + order + " at that point");
                    return 4;
                }
                System.out.println(new String(view.render.apply(reply), StandardCharsets.UTF_8));
            }
            return 0;
        }

        /** What {@code --show} asks to print of {@code --order}, checked before the replay; none without an order. */
        private List<OrderView> orderViews()
        {
            if (order == null)
            {
                if (show != null)
                {
                    throw usageError("--show needs --order: it says what to print of the order");
                }
                return List.of();
            }
            if (show == null)
            {
                return List.of(OrderView.SOURCING);
            }
            final List<OrderView> views = new ArrayList<>();
            for (final String name : show)
            {
                final OrderView view = OrderView.named(name);
                if (view == null)
                {
                    throw usageError("--show takes order, events or sourcing (comma-separated), got " + name);
                }
                if (!views.contains(view))
                {
                    views.add(view);
                }
            }
            return views;
        }

        private long epochMillis(final String time)
        {
            try
            {
                return Instant.parse(time).toEpochMilli();
            }
            catch (final java.time.format.DateTimeParseException e)
            {
                throw usageError("--until-time must be an RFC 3339 time such as 2026-11-28T10:00:00Z (or with an " +
                    "offset: 2026-11-28T18:00:00+08:00), got " + time);
            }
        }

    }

    /** What {@code replay --order} can print of an order: each a query and the view the API renders it with. */
    enum OrderView
    {
        ORDER(CommandType.QUERY_ORDER, Views::order),
        EVENTS(CommandType.QUERY_ORDER_EVENTS, Views::orderEvents),
        SOURCING(CommandType.QUERY_ORDER_SOURCING, Views::sourcing);

        final CommandType query;
        final Function<Reply, byte[]> render;

        OrderView(final CommandType query, final Function<Reply, byte[]> render)
        {
            this.query = query;
            this.render = render;
        }

        /** The view {@code --show} names (as the API's paths spell them; case ignored, as --type's), or null. */
        static OrderView named(final String name)
        {
            for (final OrderView view : values())
            {
                if (view.name().equalsIgnoreCase(name))
                {
                    return view;
                }
            }
            return null;
        }
    }

    @Command(name = "salvage", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
        description = "Copy the records a reader can reach in a damaged journal into a new data directory, where a "
            + "server can start, with the snapshots taken up to the last record copied.")
    static final class Salvage extends DataDirOption implements Callable<Integer>
    {
        @Option(names = "--to", required = true, description = "The new data directory (must hold no journal).")
        Path to;

        @Override
        public Integer call()
        {
            requireJournal();
            final ordo.journal.JournalSalvage.Report report;
            try
            {
                report = ordo.journal.JournalSalvage.copyReadable(data, to);
            }
            catch (final IllegalArgumentException e)
            {
                throw usageError(e.getMessage());
            }
            catch (final JournalCorruptException e)
            {
                return fault(e, "nothing salvaged");
            }
            if (report.recordsCopied() == 0 && report.stoppedAt() != null)
            {
                // Nothing readable is no way out: a server started on it would start empty (QA: a journal in a
                // format this build does not read was "salvaged", 0 records, with the advice to start on it).
                return fault(report.stoppedAt(), "nothing salvaged: do not start a server on " + to);
            }
            System.out.printf("salvaged %d records (up to seq %d) and %d snapshot(s) into %s%n", report.recordsCopied(),
                report.lastSeq(), report.snapshotsCopied(), to.toAbsolutePath().normalize());
            if (report.snapshotsSkipped() > 0)
            {
                System.err.println(report.snapshotsSkipped() + " snapshot(s) not copied: damaged, or of another journal "
                    + "(see the log)");
            }
            if (report.stoppedAt() != null)
            {
                System.err.println("left behind from the first record that cannot be read: " +
                    report.stoppedAt().getMessage());
            }
            System.err.println("start the server with --data " + to + "; keep " + data + " for whoever restores it");
            return 0;
        }
    }

    /**
     * The snapshot read whole and verified, or null when the heap cannot hold it (noted: not a fault of the snapshot;
     * the comparison then reads its head alone).
     */
    private static ordo.journal.Snapshot readWhole(final SnapshotStore store, final SnapshotInfo info)
        throws IOException
    {
        try
        {
            return store.read(info);
        }
        catch (final OutOfMemoryError e)
        {
            System.err.printf("note: snapshot %s not restored: the heap cannot hold it (give verify the heap a server "
                + "has, ORDO_JAVA_OPTS=-Xmx…)%n", info.path().getFileName());
            return null;
        }
    }

    /** What the comparison keeps of a snapshot read whole: its header and its body's first bytes (its format). */
    private static SnapshotHead headOf(final ordo.journal.Snapshot snapshot)
    {
        final ordo.engine.SnapshotBytes body = snapshot.body();
        final byte[] bodyHead = new byte[body.blocks() == 0 ? 0 :
            (int)Math.min(EngineSnapshot.HEAD_BYTES, Math.min(body.length(), body.blockLength(0)))];
        if (bodyHead.length > 0)
        {
            body.block(0).getBytes(0, bodyHead);
        }
        return new SnapshotHead(snapshot.seq(), snapshot.timeMillis(), snapshot.stateHash(), snapshot.journalChain(),
            bodyHead);
    }

    /**
     * Whether a snapshot of a format {@code serve} restores comes back as its header says: restored as a start restores
     * it, to the header's state hash at its seq. The comparison with the replay checks only the header's hash, so a
     * body a start would pass over (a decision record refused, a body cut short under a good checksum) verified as
     * "matches" while every start fell back to an older snapshot or the whole journal (found in QA). One snapshot at a
     * time, before the replay: memory for one body and one engine; a heap too small for them is noted, not a fault of
     * the snapshot.
     */
    private static boolean restores(final ordo.journal.Snapshot snapshot)
    {
        final int format = EngineSnapshot.formatOf(snapshot.body());
        if (format < EngineSnapshot.OLDEST_READ_FORMAT || format > EngineSnapshot.FORMAT_VERSION)
        {
            return true; // the comparison notes or faults it
        }
        final Engine restored;
        try
        {
            restored = EngineSnapshot.fromBytes(snapshot.body(), EventSink.NONE);
        }
        catch (final OutOfMemoryError e)
        {
            System.err.printf("note: snapshot at seq %d not restored: the heap cannot hold it (give verify the heap a "
                + "server has, ORDO_JAVA_OPTS=-Xmx…)%n", snapshot.seq());
            return true;
        }
        catch (final RuntimeException e)
        {
            System.err.printf("FAULT: snapshot at seq %d cannot be restored by this build (%s): a start passes it "
                + "over%n", snapshot.seq(), e.getMessage());
            return false;
        }
        if (restored.stateHash() != snapshot.stateHash() || restored.lastSeq() != snapshot.seq())
        {
            System.err.printf("FAULT: snapshot at seq %d restores to state hash %s at seq %d, not its header's %s: a "
                + "start passes it over%n", snapshot.seq(), Engine.formatHash(restored.stateHash()), restored.lastSeq(),
                Engine.formatHash(snapshot.stateHash()));
            return false;
        }
        return true;
    }

    /** Verify's FAULT line for a record that cannot be trusted, met by dump or replay: {@link #JOURNAL_FAULT}. */
    static int fault(final JournalCorruptException e, final String after)
    {
        if (e.index() < 0)
        {
            // A roll file missing or empty, found before any record was read.
            System.err.printf("FAULT: %s (%s)%n", e.getMessage(), after);
            return JOURNAL_FAULT;
        }
        System.err.printf("FAULT: %s (first bad record in the document at index %d, seq %d; %s)%n", e.getMessage(),
            e.index(), e.seq(), after);
        return JOURNAL_FAULT;
    }

    static String stateHashJson(final Engine engine)
    {
        return "{\"sequence\":" + engine.lastSeq() + ",\"stateHash\":\"" + Engine.formatHash(engine.stateHash()) + "\"}";
    }
}
