import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/**
 * Prometheus metrics for /api/metrics. One registry per process, kept on globalThis so
 * Next's module reloads do not register the same metric twice.
 */
function build() {
  const registry = new Registry();
  registry.setDefaultLabels({ app: "tickflow" });
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    webhooksReceived: new Counter({
      name: "tickflow_webhooks_received_total",
      help: "Webhook requests by provider and HTTP status answered",
      labelNames: ["provider", "status"] as const,
      registers: [registry],
    }),
    webhookAckSeconds: new Histogram({
      name: "tickflow_webhook_ack_seconds",
      help: "Time from webhook request to the answer",
      labelNames: ["provider"] as const,
      buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1],
      registers: [registry],
    }),
    messagesSent: new Counter({
      name: "tickflow_messages_sent_total",
      help: "Outbound messages handed to a provider, by provider and result",
      labelNames: ["provider", "result"] as const,
      registers: [registry],
    }),
    signInFailures: new Counter({
      name: "tickflow_sign_in_failures_total",
      help: "Failed email sign-ins",
      registers: [registry],
    }),
  };
}

const cache = globalThis as unknown as { __tickflowMetrics?: ReturnType<typeof build> };
export const metrics = (cache.__tickflowMetrics ??= build());
