/**
 * Payment providers, the gateway side of payments: what Ordo says to Stripe and what it accepts from providers'
 * webhooks. The engine keeps the payment state and an outbox of payment actions;
 * {@link ordo.gateway.payments.PaymentAdapter} runs those actions on payment worker threads through a
 * {@link ordo.gateway.payments.PaymentProvider} and feeds the {@link ordo.gateway.payments.ProviderResult}s back in as
 * journaled commands; the webhook route feeds {@link ordo.gateway.payments.PaymentWebhookEvent}s in the same way.
 *
 * <ul>
 *   <li>{@link ordo.gateway.payments.StripeProvider}: PaymentIntents over HTTP, with idempotency keys, timeouts and
 *       bounded retries; {@link ordo.gateway.payments.OfflineProvider}: cash on delivery and pay in store.</li>
 *   <li>{@link ordo.gateway.payments.PaymentProviders}: the registry built from
 *       {@link ordo.gateway.payments.PaymentsConfig} (configuration section {@code payments}).</li>
 *   <li>{@code POST /v1/webhooks/payments/{provider}}: {@link ordo.gateway.payments.WebhookSignature} checks the
 *       {@code Ordo-Signature} header over the raw body, then {@link ordo.gateway.payments.StripeWebhookParser} or
 *       {@link ordo.gateway.payments.OfflineWebhookParser} (whose javadoc defines the offline body) reads it.</li>
 * </ul>
 *
 * <p>Exactly once in effect: the adapter persists an idempotency key per order and action before the first call and
 * reuses it on every retry and after a restart; providers treat a repeated key as the same call, and webhook event
 * ids are deduplicated, so a capture is never made twice.
 */
package ordo.gateway.payments;
