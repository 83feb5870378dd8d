import { childLog } from "@/lib/log";
import { eventKey, GAP, sseEvent, type LiveEvent } from "./events";
import type { LiveHub } from "./hub";

const log = childLog("live");

export interface LiveStreamOptions {
  /** The last event id the client saw (Last-Event-ID or ?since=), or null for a fresh start. */
  since: number | null;
  signal?: AbortSignal;
  heartbeatMs?: number;
}

/** Dedupe state is pruned to entries this far behind the newest event once it grows past MAX_KEYS. */
const MAX_KEYS = 5_000;

/**
 * One client's Server-Sent Events: `retry`, then the catch-up (everything after its last
 * event id, read GAP back because sequence values commit out of order) or a `ready` with
 * the current head for a fresh client, then live events. Every event's id is the highest
 * change_seq sent so far — what the browser hands back as Last-Event-ID when it
 * reconnects. A row already sent at the same or a newer change_seq is never sent again.
 * A client too far behind gets `reset` (reload the lists) instead of a replay.
 */
export function liveStream(hub: LiveHub, opts: LiveStreamOptions): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const sent = new Map<string, number>();
  let hwm = opts.since ?? 0;
  let closed = false;
  let catchingUp = true;
  let buffered: LiveEvent[] = [];
  let unsubscribe = () => {};
  let untrack = () => {};
  let heartbeat: ReturnType<typeof setInterval> | undefined;
  let controller!: ReadableStreamDefaultController<Uint8Array>;

  const write = (chunk: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  };

  const send = (events: LiveEvent[]) => {
    let out = "";
    for (const event of events) {
      const key = eventKey(event);
      if ((sent.get(key) ?? -1) >= event.seq) continue;
      sent.set(key, event.seq);
      if (event.seq > hwm) hwm = event.seq;
      out += sseEvent(event.kind, hwm, event.data);
    }
    if (out) write(out);
    if (sent.size > MAX_KEYS) {
      for (const [key, seq] of sent) if (seq < hwm - GAP) sent.delete(key);
    }
  };

  function close() {
    if (closed) return;
    closed = true;
    unsubscribe();
    untrack();
    if (heartbeat) clearInterval(heartbeat);
    opts.signal?.removeEventListener("abort", close);
    try {
      controller.close();
    } catch {
      /* already closed or cancelled */
    }
  }

  return new ReadableStream<Uint8Array>({
    async start(c) {
      controller = c;
      opts.signal?.addEventListener("abort", close);
      untrack = hub.trackStream(close);
      write(": tickflow live\nretry: 1000\n\n");
      // Subscribe before reading, so nothing committed meanwhile falls between the two.
      unsubscribe = hub.subscribe((events) => {
        if (catchingUp) buffered.push(...events);
        else send(events);
      });
      try {
        const head = await hub.head();
        if (opts.since === null) {
          hwm = head;
          write(sseEvent("ready", hwm, { head, caughtUp: 0 }));
        } else if (opts.since > head) {
          // An id from another database (or one reset since): start over.
          hwm = head;
          write(sseEvent("reset", hwm, { head, reason: "unknown position" }));
        } else {
          const { events, truncated } = await hub.catchUp(Math.max(0, opts.since - GAP));
          if (truncated) {
            hwm = Math.max(hwm, head);
            write(sseEvent("reset", hwm, { head, reason: "too far behind" }));
          } else {
            send(events);
            write(sseEvent("ready", hwm, { head, caughtUp: events.length }));
          }
        }
      } catch (err) {
        log.error({ err }, "live stream: catch-up failed");
        write(sseEvent("reset", null, { reason: "catch-up failed" }));
      }
      catchingUp = false;
      const backlog = buffered;
      buffered = [];
      send(backlog);
      heartbeat = setInterval(() => write(": ping\n\n"), opts.heartbeatMs ?? 15_000);
      heartbeat.unref?.();
      if (opts.signal?.aborted) close();
    },
    cancel() {
      close();
    },
  });
}

/** The client's position: the Last-Event-ID header (an automatic reconnect) or `?since=`. */
export function parseSince(value: string | null | undefined): number | null {
  if (!value) return null;
  const n = Number(value);
  return Number.isSafeInteger(n) && n >= 0 ? n : null;
}
