import { dbHandle } from "@/db";
import type { DbHandle } from "@/db/client";
import { currentLiveSeq } from "@/db/queries/live";
import { childLog } from "@/lib/log";
import { CATCH_UP_LIMIT, GAP, LIVE_CHANNEL, parseNotification, type LiveEvent } from "./events";
import { emptyRefs, eventsFor, eventsSince, type ChangedRefs } from "./feed";

const log = childLog("live");

export type LiveListener = (events: LiveEvent[]) => void;

/**
 * One per process: a single LISTEN on `tickflow_live` (postgres.js keeps it across
 * reconnects; PGlite delivers its own commits in-process) fanned out to every SSE
 * connection. A notification names a committed row and its change_seq; bursts are
 * coalesced and the named rows read once per batch, in order, so each batch is at least
 * as fresh as the one before. Nothing is read while nobody listens.
 */
export class LiveHub {
  private readonly listeners = new Set<LiveListener>();
  private pending: ChangedRefs = emptyRefs();
  private pendingSince: number | null = null;
  private flushing: Promise<void> | null = null;
  private started: Promise<void> | null = null;
  private stopListening: (() => Promise<void>) | null = null;
  private listens = 0;
  private readonly streams = new Set<() => void>();
  /** The highest change_seq a notification has named. */
  cursor = 0;

  constructor(private readonly handle: DbHandle) {}

  /** Starts listening (once); resolves when notifications flow. */
  start(): Promise<void> {
    this.started ??= this.listen().catch((err) => {
      this.started = null;
      throw err;
    });
    return this.started;
  }

  private async listen() {
    const onNotify = (payload: string) => this.onNotification(payload);
    if (this.handle.kind === "postgres") {
      const { unlisten } = await this.handle.sql!.listen(LIVE_CHANNEL, onNotify, () => this.onListen());
      this.stopListening = unlisten;
    } else {
      const unsubscribe = await this.handle.pglite!.listen(LIVE_CHANNEL, onNotify);
      this.onListen();
      this.stopListening = unsubscribe;
    }
  }

  /** (Re)connected: anything committed while the listening connection was down is read back. */
  private onListen() {
    this.listens++;
    if (this.listens === 1) return;
    log.info({ cursor: this.cursor }, "live feed listener reconnected; catching up");
    this.pendingSince = Math.max(0, this.cursor - GAP);
    this.schedule();
  }

  private onNotification(payload: string) {
    const n = parseNotification(payload);
    if (!n) return;
    if (n.seq > this.cursor) this.cursor = n.seq;
    if (this.listeners.size === 0) return;
    if (n.kind === "message") this.pending.messages.add(n.id);
    else if (n.kind === "conversation") this.pending.conversations.add(n.id);
    else this.pending.contacts.add(n.id);
    this.schedule();
  }

  private schedule() {
    // setImmediate: the rest of a burst (one commit NOTIFYs every row it changed) lands first.
    this.flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.flush());
  }

  private async flush(): Promise<void> {
    try {
      for (;;) {
        const refs = this.pending;
        const since = this.pendingSince;
        this.pending = emptyRefs();
        this.pendingSince = null;
        const empty = refs.messages.size + refs.conversations.size + refs.contacts.size === 0;
        if ((empty && since === null) || this.listeners.size === 0) return;
        try {
          const events = empty ? [] : await eventsFor(this.handle.db, refs);
          if (since !== null) {
            const caught = await eventsSince(this.handle.db, since, CATCH_UP_LIMIT);
            events.push(...caught.events);
          }
          this.emit(events);
        } catch (err) {
          log.error({ err }, "live feed: reading changed rows failed; retrying");
          for (const id of refs.messages) this.pending.messages.add(id);
          for (const id of refs.conversations) this.pending.conversations.add(id);
          for (const id of refs.contacts) this.pending.contacts.add(id);
          if (since !== null) this.pendingSince = Math.min(since, this.pendingSince ?? since);
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    } finally {
      this.flushing = null;
      if (this.pending.messages.size + this.pending.conversations.size + this.pending.contacts.size > 0 || this.pendingSince !== null) this.schedule();
    }
  }

  private emit(events: LiveEvent[]) {
    if (events.length === 0) return;
    for (const listener of this.listeners) {
      try {
        listener(events);
      } catch (err) {
        log.error({ err }, "live feed listener failed");
      }
    }
  }

  /** Live events from now on, in batches; returns the unsubscribe. */
  subscribe(listener: LiveListener): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  get listenerCount() {
    return this.listeners.size;
  }

  /** A client stream to end when the process shuts down; returns the untrack. */
  trackStream(close: () => void): () => void {
    this.streams.add(close);
    return () => {
      this.streams.delete(close);
    };
  }

  /**
   * Ends every open stream. On SIGTERM the server stops accepting connections and waits
   * for open ones to finish — an event stream never does, so a deploy or restart would
   * hang. Clients reconnect (to another instance, or this one restarted) from their
   * Last-Event-ID and miss nothing.
   */
  endStreams(): void {
    for (const close of [...this.streams]) close();
    this.streams.clear();
  }

  /** The latest change_seq handed out: where a new client starts. */
  async head(): Promise<number> {
    return Math.max(this.cursor, await currentLiveSeq(this.handle.db));
  }

  /** Changes after `since` for a reconnecting client (at most CATCH_UP_LIMIT of each kind). */
  catchUp(since: number) {
    return eventsSince(this.handle.db, since, CATCH_UP_LIMIT);
  }

  /** Resolves when the batches being read have been delivered (tests). */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  async close(): Promise<void> {
    this.listeners.clear();
    await this.stopListening?.().catch(() => {});
    this.stopListening = null;
    this.started = null;
  }
}

const g = globalThis as unknown as { __tickflowLiveHub?: Promise<LiveHub> };

/** The process's hub over the process's database, listening. */
export function liveHub(): Promise<LiveHub> {
  g.__tickflowLiveHub ??= (async () => {
    const hub = new LiveHub(await dbHandle());
    await hub.start();
    for (const signal of ["SIGTERM", "SIGINT"] as const) process.once(signal, () => hub.endStreams());
    return hub;
  })().catch((err) => {
    g.__tickflowLiveHub = undefined;
    throw err;
  });
  return g.__tickflowLiveHub;
}
