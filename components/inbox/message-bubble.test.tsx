import { renderToStaticMarkup } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { TooltipProvider } from "@/components/ui/tooltip";
import { MessageBubble } from "./message-bubble";
import type { InboxMessage } from "./types";

const base: InboxMessage = {
  id: "m1",
  seq: 1,
  changeSeq: 1,
  conversationId: "c1",
  direction: "in",
  type: "text",
  text: null,
  providerMessageId: "wamid.1",
  status: "received",
  error: null,
  senderKind: "customer",
  createdAt: "2025-03-04T10:00:00Z",
};

const render = (m: Partial<InboxMessage>, extra: { reactions?: string[]; quoted?: InboxMessage } = {}) =>
  renderToStaticMarkup(
    <TooltipProvider>
      <MessageBubble message={{ ...base, ...m }} {...extra} />
    </TooltipProvider>,
  );

describe("every message type renders", () => {
  it.each<[string, Partial<InboxMessage>, string[]]>([
    ["text with formatting", { text: "*Hi* there" }, ["<strong", "Hi</strong>"]],
    ["image with a URL: a preview", { type: "image", content: { media: { url: "https://cdn.test/a.jpg", caption: "Look" } }, text: "Look" }, ['src="https://cdn.test/a.jpg"', "Look"]],
    ["image without a URL: says why", { type: "image", content: { media: { id: "123", mimeType: "image/jpeg" } } }, ["no preview"]],
    ["document", { type: "document", content: { media: { url: "https://cdn.test/f.pdf", filename: "invoice.pdf", mimeType: "application/pdf" } } }, ["invoice.pdf", 'rel="noopener noreferrer nofollow"']],
    ["location with coordinates", { type: "location", content: { location: { latitude: 12.9716, longitude: 77.5946, name: "Office" } } }, ["Office", "12.97160, 77.59460", "openstreetmap.org"]],
    ["contacts", { type: "contacts", content: { contacts: [{ name: "Bob", phones: [{ phone: "+1 555", type: "CELL" }], emails: [] }] } }, ["Bob", "+1 555"]],
    ["a button tap", { type: "interactive", text: "Price", content: { interactive: { kind: "button_reply", id: "1", title: "Price" } } }, ["button-tap", "Price"]],
    ["an order", { type: "order", content: { order: { items: [{ productRetailerId: "sku-1", quantity: 2, itemPrice: 10, currency: "USD" }] } } }, ["Order · 1 item", "sku-1"]],
    ["a system notice", { type: "system", text: "User changed number", content: { system: { body: "User changed number" } } }, ["WhatsApp notice", "User changed number"]],
    ["unsupported, explained", { type: "unsupported", content: { errors: [{ code: "131051", title: "Message type unknown" }] } }, ["Unsupported message", "Ask the customer"]],
    ["an ad referral", { type: "text", text: "hi", content: { referral: { headline: "Summer sale", sourceUrl: "https://fb.test/ad" } } }, ["From an ad: Summer sale"]],
    ["an internal note", { type: "note", senderKind: "system", senderName: "Olivia", text: "VIP", senderUserId: "u1" }, ["Note by Olivia", "never sent to the customer", "VIP"]],
  ])("%s", (_label, message, fragments) => {
    const html = render(message);
    for (const f of fragments) expect(html).toContain(f);
  });

  it("outbound interactive buttons, lists and templates", () => {
    const out = { direction: "out" as const, senderKind: "bot" as const, status: "delivered" as const };
    expect(render({ ...out, type: "buttons", content: { type: "buttons", body: "Pick", buttons: [{ id: "a", title: "Yes" }, { id: "b", title: "No" }] } })).toMatch(/Yes.*No/);
    expect(render({ ...out, type: "list", content: { type: "list", body: "Menu", button: "Open", sections: [{ title: "Plans", rows: [{ id: "p", title: "Pro" }] }] } })).toMatch(/List “Open”.*Plans.*Pro/);
    expect(render({ ...out, type: "template", content: { type: "template", name: "order_update", language: "en_US", bodyParams: [{ type: "text", text: "42" }] } })).toMatch(/Template · en_US.*order_update.*42/);
  });

  it("a bot message links to its block; a failed one shows code, meaning and fix; a reaction sits on its message", () => {
    const bot = render({ direction: "out", senderKind: "bot", status: "failed", text: "Hello", content: { type: "text", text: "Hello" }, flowId: "f1", blockId: "menu", error: { code: "131047", title: "24-hour window closed" } }, { reactions: ["👍"] });
    expect(bot).toContain('href="/flows/f1?block=menu"');
    expect(bot).toContain("131047");
    expect(bot).toContain("24-hour window closed");
    expect(bot).toContain("Send an approved template");
    expect(bot).toContain('data-testid="ticks-failed"');
    expect(bot).toContain('aria-label="Reaction 👍"');
  });

  it("a reply shows the message it quotes", () => {
    const quoted: InboxMessage = { ...base, id: "q", direction: "out", text: "Type 1 for price" };
    expect(render({ type: "interactive", text: "Price", content: { context: { messageId: "wamid.q" } } }, { quoted })).toContain("Type 1 for price");
  });
});
