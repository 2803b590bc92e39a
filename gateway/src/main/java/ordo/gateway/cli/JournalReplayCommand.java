package ordo.gateway.cli;

import static ordo.gateway.cli.JournalCommand.RULES_STOP;
import static ordo.gateway.cli.JournalCommand.fault;
import static ordo.gateway.cli.JournalCommand.stateHashJson;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Engine;
import ordo.engine.Ids;
import ordo.engine.PayloadWriter;
import ordo.engine.Reply;
import ordo.engine.ResultCode;
import ordo.gateway.api.Views;
import ordo.gateway.cli.JournalCommand.DataDirOption;
import ordo.journal.JournalCorruptException;
import ordo.journal.SnapshotStore;
import org.agrona.ExpandableArrayBuffer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code ordo journal replay}: the state (and a SKU's stock, an order's views) at a sequence or a time.
 * {@link JournalCommand} lists the exit codes and holds what the tools share.
 */
@Command(name = "replay", mixinStandardHelpOptions = true, version = ordo.gateway.Main.VERSION,
    description = "Replay from zero (what this build's rules wrote) up to a sequence or a time and print the state "
        + "(and one SKU's stock) then.")
final class JournalReplayCommand extends DataDirOption implements Callable<Integer>
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
            if (order.matches("ord_[0-9a-f]{16}"))
            {
                // The shape of an order id, but one no order of this server can have: like a valid id it had not
                // placed by then, not a usage error (QA-203).
                System.err.println("no order " + order + " at any point: no order of this server has that id");
                return 4;
            }
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
        if (untilSeq != null && engine.lastSeq() < untilSeq && !replayer.stoppedBeforeTheEnd() &&
            replayer.rulesStop() == null)
        {
            // Not an error: the state printed is the journal's last (QA: nothing said it was not the one asked). Not
            // said when --until-time stopped the replay first (QA-266: it sent an auditor looking for a short journal).
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
}
