/**
 * The webhook deliveries as the OpenAPI document describes them (OpenAPI 3.1 `webhooks`): one entry
 * per event type, with the payload schema each delivery's body follows. src/openapi reads this;
 * src/webhooks owns it.
 */
export interface WebhookDocumentation {
  /** OpenAPI 3.1 `webhooks`: event type → path item (a POST whose requestBody is the payload). */
  webhooks: Record<string, unknown>;
  /** Schemas the webhook path items reference as #/components/schemas/<name>. */
  schemas: Record<string, unknown>;
}

export function webhookDocumentation(): WebhookDocumentation {
  return { webhooks: {}, schemas: {} };
}
