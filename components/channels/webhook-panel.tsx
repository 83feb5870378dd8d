import { Webhook } from "lucide-react";

import { CopyButton } from "@/components/settings/copy-button";
import { Input } from "@/components/ui/input";
import { D360_DEFAULT_API_BASE_URL, D360_DEFAULT_WEBHOOK_HEADER } from "@/lib/channels/d360/config";

import type { Channel } from "./queries";

function CopyRow({ id, label, value, testId }: { id: string; label: string; value: string; testId: string }) {
  return (
    <div className="grid gap-1.5">
      <label htmlFor={id} className="text-sm font-medium">
        {label}
      </label>
      <div className="flex items-center gap-2">
        <Input
          id={id}
          data-testid={testId}
          readOnly
          value={value}
          spellCheck={false}
          className="font-mono text-xs md:text-xs"
          onFocus={(event) => event.currentTarget.select()}
        />
        <CopyButton value={value} data-testid={`copy-${testId}`} />
      </div>
    </div>
  );
}

const str = (value: unknown) => (typeof value === "string" && value ? value : undefined);

/**
 * The webhook URL (and Meta's verify token) to paste into the provider's console, with
 * what to do there. `plain` holds secrets as just typed, before the API masked them.
 */
export function WebhookPanel({ channel, plain = {} }: { channel: Channel; plain?: Record<string, string> }) {
  const verifyToken = channel.verifyToken ?? (channel.provider === "meta" ? plain.verifyToken : undefined);
  return (
    <section
      aria-labelledby={`webhook-${channel.id}`}
      data-testid="webhook-panel"
      className="grid gap-4 rounded-lg border border-primary/25 bg-primary/5 p-4"
    >
      <h3 id={`webhook-${channel.id}`} className="flex items-center gap-2 font-semibold">
        <Webhook aria-hidden className="size-4 text-primary" />
        {channel.provider === "sandbox" ? "Webhook (already connected)" : "Connect your webhook"}
      </h3>
      <CopyRow id={`webhook-url-${channel.id}`} label="Webhook URL" value={channel.webhookUrl} testId="webhook-url" />
      {verifyToken ? (
        <CopyRow id={`verify-token-${channel.id}`} label="Verify token" value={verifyToken} testId="verify-token" />
      ) : null}
      <Instructions channel={channel} plain={plain} />
    </section>
  );
}

function Instructions({ channel, plain }: { channel: Channel; plain: Record<string, string> }) {
  const text = "text-sm leading-relaxed text-muted-foreground";
  switch (channel.provider) {
    case "sandbox":
      return (
        <p className={text}>
          Nothing to set up: the sandbox is wired to the Simulator, which posts signed Meta webhooks to this URL.
        </p>
      );
    case "meta":
      return (
        <ol className={`${text} list-decimal space-y-1 pl-5`}>
          <li>Meta App Dashboard › WhatsApp › Configuration › Webhook › Edit.</li>
          <li>Paste the webhook URL as the callback URL and the verify token, then Verify and save.</li>
          <li>
            Under Webhook fields, subscribe to <strong className="text-foreground">messages</strong> (it carries
            statuses too).
          </li>
        </ol>
      );
    case "360dialog": {
      const header = str(channel.config.webhookHeader) ?? D360_DEFAULT_WEBHOOK_HEADER;
      const base = str(channel.config.apiBaseUrl) ?? D360_DEFAULT_API_BASE_URL;
      const secret = plain.webhookSecret || "<your webhook secret>";
      const command = `curl -X POST ${base}/v1/configs/webhook \\
  -H "D360-API-KEY: <your API key>" -H "Content-Type: application/json" \\
  -d '${JSON.stringify({ url: channel.webhookUrl, headers: { [header]: secret } })}'`;
      return (
        <div className="grid gap-2">
          <p className={text}>
            360dialog sets webhooks through its API, once per number. Run this with your API key; the header proves
            deliveries come from 360dialog:
          </p>
          <pre className="overflow-x-auto rounded-md bg-muted p-3 font-mono text-xs whitespace-pre text-foreground">
            {command}
          </pre>
          <div>
            <CopyButton value={command} label="Copy command" data-testid="copy-360dialog-command" />
          </div>
        </div>
      );
    }
    case "ycloud":
      return (
        <ol className={`${text} list-decimal space-y-1 pl-5`}>
          <li>YCloud console › Developers › Webhooks › Add endpoint, and paste the webhook URL.</li>
          <li>
            Select the events <code className="font-mono">whatsapp.inbound_message.received</code> and{" "}
            <code className="font-mono">whatsapp.message.updated</code>.
          </li>
          <li>Copy the endpoint&apos;s signing secret (whsec_…) into this channel&apos;s webhook secret if it differs.</li>
        </ol>
      );
    case "twilio":
      return (
        <ol className={`${text} list-decimal space-y-1 pl-5`}>
          <li>Twilio Console › Messaging › Senders › WhatsApp senders › your sender (or the Sandbox settings).</li>
          <li>Set “Webhook URL for incoming messages” to the webhook URL, method HTTP POST.</li>
          <li>Delivery statuses need nothing more: Tickflow asks for them with every message it sends.</li>
        </ol>
      );
  }
}
