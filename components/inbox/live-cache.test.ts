import type { InfiniteData } from "@tanstack/react-query";
import { describe, expect, it } from "vitest";
import { matchesFilter, reconcileMessages, rememberMessage, upsertConversationInList, upsertMessage } from "./live-cache";
import { threadRows } from "./message-list";
import type { Conversation, ConversationPage, InboxMessage, MessagePage } from "./types";
import { rowOffsets, visibleRange } from "./virtual-rows";

const conv = (id: string, at: string, extra: Partial<Conversation> = {}): Conversation => ({
  id,
  channelId: "ch",
  contact: { waId: `wa-${id}`, name: `Name ${id}` },
  mode: "bot",
  lastMessageAt: at,
  changeSeq: 1,
  ...extra,
});
const pages = (...lists: Conversation[][]): InfiniteData<ConversationPage, string | null> => ({
  pages: lists.map((items, i) => ({ items, nextCursor: i === lists.length - 1 ? null : `c${i}` })),
  pageParams: lists.map((_, i) => (i === 0 ? null : `c${i - 1}`)),
});
const ids = (d: InfiniteData<ConversationPage, string | null> | undefined) => d!.pages.map((p) => p.items.map((c) => c.id));
const all = { filter: "all" as const, q: "" };

describe("conversation list updates", () => {
  it("moves a conversation with new activity to the top, keeping page sizes", () => {
    const data = pages([conv("a", "2025-01-03T00:00:00Z"), conv("b", "2025-01-02T00:00:00Z")], [conv("c", "2025-01-01T00:00:00Z")]);
    const next = upsertConversationInList(data, conv("c", "2025-01-04T00:00:00Z", { changeSeq: 5 }), all);
    expect(ids(next)).toEqual([["c", "a"], ["b"]]);
  });

  it("inserts a new conversation; ignores an older version and a repeat", () => {
    const data = pages([conv("a", "2025-01-03T00:00:00Z", { changeSeq: 9 })]);
    const added = upsertConversationInList(data, conv("n", "2025-01-05T00:00:00Z", { changeSeq: 10 }), all);
    expect(ids(added)).toEqual([["n", "a"]]);
    expect(upsertConversationInList(added, conv("a", "2025-01-09T00:00:00Z", { changeSeq: 3 }), all)).toBe(added);
    const again = upsertConversationInList(added, conv("n", "2025-01-05T00:00:00Z", { changeSeq: 10 }), all);
    expect(ids(again)).toEqual([["n", "a"]]);
  });

  it("drops a conversation that leaves the filter, adds one that enters it", () => {
    const queue = { filter: "needs_human" as const, q: "" };
    const data = pages([conv("a", "2025-01-03T00:00:00Z", { needsHuman: true, mode: "human" })]);
    const taken = upsertConversationInList(data, conv("a", "2025-01-03T00:00:00Z", { needsHuman: false, mode: "human", changeSeq: 2 }), queue);
    expect(ids(taken)).toEqual([[]]);
    const handedOff = upsertConversationInList(taken, conv("b", "2025-01-04T00:00:00Z", { needsHuman: true, mode: "human", changeSeq: 3 }), queue);
    expect(ids(handedOff)).toEqual([["b"]]);
    expect(matchesFilter(conv("x", "", { assignedUserId: "me", mode: "human" }), "mine", "me")).toBe(true);
    expect(matchesFilter(conv("x", "", { assignedUserId: "me", mode: "closed" }), "mine", "me")).toBe(false);
  });

  it("leaves one that sorts below everything loaded to pagination", () => {
    const data = pages([conv("a", "2025-01-03T00:00:00Z")], [conv("b", "2025-01-02T00:00:00Z")]);
    data.pages[1]!.nextCursor = "more";
    expect(ids(upsertConversationInList(data, conv("old", "2024-01-01T00:00:00Z"), all))).toEqual([["a"], ["b"]]);
  });
});

const msg = (id: string, seq: number, extra: Partial<InboxMessage> = {}): InboxMessage => ({
  id,
  seq,
  changeSeq: seq,
  conversationId: "c1",
  direction: "out",
  type: "text",
  text: id,
  providerMessageId: `wamid.${id}`,
  status: "queued",
  error: null,
  createdAt: "2025-01-01T10:00:00Z",
  ...extra,
});
const thread = (...items: InboxMessage[]): InfiniteData<MessagePage, number | null> => ({ pages: [{ items, nextCursor: null }], pageParams: [null] });

describe("thread updates", () => {
  it("replaces a message by id only with a newer version: a late `sent` never overwrites `read`", () => {
    const data = thread(msg("m1", 1, { status: "read", changeSeq: 20 }));
    expect(upsertMessage(data, msg("m1", 1, { status: "sent", changeSeq: 12 }))).toBe(data);
    const failedThenDelivered = upsertMessage(thread(msg("m2", 2, { status: "failed", changeSeq: 5 })), msg("m2", 2, { status: "delivered", changeSeq: 6 }));
    expect(failedThenDelivered!.pages[0]!.items[0]!.status).toBe("delivered");
  });

  it("appends new messages in seq order and swaps the agent's pending bubble for the stored one", () => {
    const pending = msg("pending-1", Number.MAX_SAFE_INTEGER, { senderKind: "agent", pending: true, text: "hello", seq: undefined });
    const data = thread(msg("m1", 1), pending);
    const next = upsertMessage(data, msg("m9", 9, { senderKind: "agent", text: "hello" }));
    expect(next!.pages[0]!.items.map((m) => m.id)).toEqual(["m1", "m9"]);
  });

  it("a page fetched while events streamed keeps the newer live versions and the live messages it missed", () => {
    rememberMessage(msg("r1", 1, { conversationId: "cx", status: "read", changeSeq: 50 }));
    rememberMessage(msg("r2", 2, { conversationId: "cx", status: "queued", changeSeq: 51 }));
    const page = reconcileMessages("cx", { items: [msg("r1", 1, { conversationId: "cx", status: "sent", changeSeq: 40 })], nextCursor: null }, true);
    expect(page.items.map((m) => [m.id, m.status])).toEqual([
      ["r1", "read"],
      ["r2", "queued"],
    ]);
  });
});

describe("thread rows", () => {
  it("adds day separators, folds reactions onto their message, links replies to what they quote", () => {
    const rows = threadRows(
      [
        msg("bot", 1, { createdAt: "2025-01-01T10:00:00Z", providerMessageId: "wamid.bot" }),
        msg("tap", 2, { direction: "in", type: "interactive", createdAt: "2025-01-02T10:00:00Z", content: { context: { messageId: "wamid.bot" } } }),
        msg("like", 3, { direction: "in", type: "reaction", createdAt: "2025-01-02T10:01:00Z", content: { reaction: { messageId: "wamid.bot", emoji: "👍" } } }),
      ],
      Date.parse("2025-01-02T12:00:00Z"),
    );
    expect(rows.map((r) => r.kind)).toEqual(["day", "message", "day", "message"]);
    const bot = rows[1]!;
    expect(bot.kind === "message" && bot.reactions).toEqual(["👍"]);
    const tap = rows[3]!;
    expect(tap.kind === "message" && tap.quoted?.id).toBe("bot");
  });
});

describe("windowing", () => {
  it("mounts only the rows near the viewport", () => {
    const keys = Array.from({ length: 1000 }, (_, i) => `k${i}`);
    const offsets = rowOffsets(keys, new Map([["k0", 200]]), 50);
    expect(offsets[1]).toBe(200);
    expect(offsets[1000]).toBe(200 + 999 * 50);
    const { start, end } = visibleRange(offsets, 20_000, 800, 400);
    expect(start).toBeGreaterThan(380);
    expect(end - start).toBeLessThan(50);
    expect(visibleRange(offsets, 0, 800, 400)).toEqual({ start: 0, end: expect.any(Number) });
  });
});
