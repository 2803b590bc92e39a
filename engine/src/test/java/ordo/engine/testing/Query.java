package ordo.engine.testing;

import java.util.List;

import ordo.engine.CommandCodec;
import ordo.engine.CommandType;
import ordo.engine.Codes;
import ordo.engine.PayloadWriter;

/**
 * A query as a plain value (the order, channel, policy, payment-outbox and fraud-rule queries), encoded with
 * {@link CommandCodec}. Queries are never journaled, so they are kept apart from {@link Cmd}:
 * {@link EngineDriver#query(Query)} answers them.
 */
public sealed interface Query
{
    CommandType commandType();

    /** Encodes this query at the writer's position (queries carry no envelope). */
    void encode(PayloadWriter w);

    /**
     * QUERY_ORDER, QUERY_ORDER_EVENTS or QUERY_ORDER_SOURCING of one order; channels empty = any channel may see it
     * (admin), otherwise only an order of one of them is found.
     */
    record OfOrder(CommandType commandType, long orderId, List<String> channels) implements Query
    {
        public OfOrder
        {
            if (commandType != CommandType.QUERY_ORDER && commandType != CommandType.QUERY_ORDER_EVENTS &&
                commandType != CommandType.QUERY_ORDER_SOURCING)
            {
                throw new IllegalArgumentException("not a query of one order: " + commandType);
            }
            channels = List.copyOf(channels);
        }

        public void encode(final PayloadWriter w)
        {
            CommandCodec.queryOrder(w, orderId, channels);
        }
    }

    /**
     * QUERY_ORDERS: filters empty (status null) = any; afterOrderId 0 = from the first order; channels as in
     * {@link OfOrder}; {@code pickup} a store whose click-and-collect orders only are listed, {@code externalId} the
     * external id of the orders listed ("" for any); the orders created in [{@code createdFrom}, {@code
     * createdBefore}) ({@link Long#MIN_VALUE}, {@link Long#MAX_VALUE}: any).
     */
    record Orders(String channel, Codes.OrderStatus status, String customer, long afterOrderId, int limit,
        List<String> channels, String pickup, String externalId, long createdFrom, long createdBefore)
        implements Query
    {
        public Orders
        {
            channels = List.copyOf(channels);
        }

        public Orders(final String channel, final Codes.OrderStatus status, final String customer,
            final long afterOrderId, final int limit, final List<String> channels, final String pickup,
            final String externalId)
        {
            this(channel, status, customer, afterOrderId, limit, channels, pickup, externalId, Long.MIN_VALUE,
                Long.MAX_VALUE);
        }

        public Orders(final String channel, final Codes.OrderStatus status, final String customer,
            final long afterOrderId, final int limit, final List<String> channels)
        {
            this(channel, status, customer, afterOrderId, limit, channels, "", "");
        }

        public Orders(final String channel, final Codes.OrderStatus status, final String customer,
            final long afterOrderId, final int limit, final List<String> channels, final String pickup)
        {
            this(channel, status, customer, afterOrderId, limit, channels, pickup, "");
        }

        public CommandType commandType()
        {
            return CommandType.QUERY_ORDERS;
        }

        public void encode(final PayloadWriter w)
        {
            CommandCodec.queryOrders(w, channel, status, customer, afterOrderId, limit, channels, pickup, externalId,
                createdFrom, createdBefore);
        }
    }

    record Channel(String id) implements Query
    {
        public CommandType commandType()
        {
            return CommandType.QUERY_CHANNEL;
        }

        public void encode(final PayloadWriter w)
        {
            CommandCodec.queryById(w, id);
        }
    }

    record Policy() implements Query
    {
        public CommandType commandType()
        {
            return CommandType.QUERY_SOURCING_POLICY;
        }

        public void encode(final PayloadWriter w)
        {
            // The query has no body.
        }
    }

    /** QUERY_PAYMENT_ACTIONS: the outstanding actions with an id above afterActionId, oldest first, at most limit. */
    record PaymentActions(long afterActionId, int limit) implements Query
    {
        public CommandType commandType()
        {
            return CommandType.QUERY_PAYMENT_ACTIONS;
        }

        public void encode(final PayloadWriter w)
        {
            CommandCodec.queryPaymentActions(w, afterActionId, limit);
        }
    }

    /** QUERY_FRAUD_RULES: the rules in force. */
    record FraudRules() implements Query
    {
        public CommandType commandType()
        {
            return CommandType.QUERY_FRAUD_RULES;
        }

        public void encode(final PayloadWriter w)
        {
            // The query has no body.
        }
    }
}
