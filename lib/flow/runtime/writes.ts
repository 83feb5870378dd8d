import { randomUUID } from "node:crypto";
import type { Queryable } from "@/db/client";
import { pipelined } from "@/db/queries/rows";
import {
  cancelConversationTimers,
  cancelTimersOfConversations,
  insertJobs,
  insertSession,
  insertSteps,
  setContactAttributes,
  setContactName,
  updateContacts,
  updateSession,
  updateSessions,
  type NewJob,
  type NewSession,
  type NewStep,
  type SessionPatch,
} from "@/db/queries/sessions";

/**
 * Where a turn's own rows go: the step log, durable jobs (timers, API calls), pending
 * timers cancelled, the session row. `directWrites` runs each at once in the turn's
 * transaction; `BufferedWrites` keeps them in memory while a batch of turns (one per
 * conversation, all in one transaction) runs, then writes them with a handful of
 * multi-row statements — the same rows, in an order that keeps the same meaning.
 */
export interface TurnWrites {
  steps(rows: NewStep[]): Promise<void>;
  /** Returns the jobs' ids (chosen here, so a buffered job can be named before it is written). */
  jobs(rows: NewJob[]): Promise<string[]>;
  cancelTimers(conversationId: string): Promise<void>;
  insertSession(row: NewSession & { id: string }): Promise<void>;
  updateSession(id: string, patch: SessionPatch): Promise<void>;
  /** Merged into the contact's attributes (later keys win), as `attributes || {…}`. */
  setContactAttributes(contactId: string, attributes: Record<string, unknown>): Promise<void>;
  setContactName(contactId: string, name: string): Promise<void>;
}

export function directWrites(tx: Queryable): TurnWrites {
  return {
    steps: (rows) => insertSteps(tx, rows),
    jobs: async (rows) => {
      const withIds = rows.map((r) => ({ ...r, id: r.id ?? randomUUID() }));
      await insertJobs(tx, withIds);
      return withIds.map((r) => r.id);
    },
    cancelTimers: (conversationId) => cancelConversationTimers(tx, conversationId),
    insertSession: async (row) => {
      await insertSession(tx, row);
    },
    updateSession: (id, patch) => updateSession(tx, id, patch),
    setContactAttributes: (contactId, attributes) => setContactAttributes(tx, contactId, attributes),
    setContactName: (contactId, name) => setContactName(tx, contactId, name),
  };
}

export class BufferedWrites implements TurnWrites {
  private readonly stepRows: NewStep[] = [];
  private jobRows: (NewJob & { id: string })[] = [];
  private readonly cancelled = new Set<string>();
  private readonly inserts = new Map<string, NewSession & { id: string }>();
  private readonly updates = new Map<string, SessionPatch>();
  private readonly contacts = new Map<string, { attributes: Record<string, unknown>; name: string | null }>();

  async steps(rows: NewStep[]): Promise<void> {
    this.stepRows.push(...rows);
  }

  async jobs(rows: NewJob[]): Promise<string[]> {
    const withIds = rows.map((r) => ({ ...r, id: r.id ?? randomUUID() }));
    this.jobRows.push(...withIds);
    return withIds.map((r) => r.id);
  }

  /**
   * Cancels the conversation's pending timers: those stored before this batch (at flush,
   * before any new job is written) and those this batch scheduled so far — exactly what
   * the immediate UPDATE would have hit at this point of the turn.
   */
  async cancelTimers(conversationId: string): Promise<void> {
    this.cancelled.add(conversationId);
    this.jobRows = this.jobRows.filter((j) => !(j.kind === "flow_timer" && j.conversationId === conversationId));
  }

  async insertSession(row: NewSession & { id: string }): Promise<void> {
    this.inserts.set(row.id, row);
  }

  async updateSession(id: string, patch: SessionPatch): Promise<void> {
    const inserted = this.inserts.get(id);
    if (inserted) this.inserts.set(id, { ...inserted, ...patch });
    else this.updates.set(id, { ...this.updates.get(id), ...patch });
  }

  async setContactAttributes(contactId: string, attributes: Record<string, unknown>): Promise<void> {
    const change = this.contactChange(contactId);
    Object.assign(change.attributes, attributes);
  }

  async setContactName(contactId: string, name: string): Promise<void> {
    this.contactChange(contactId).name = name;
  }

  private contactChange(contactId: string) {
    let change = this.contacts.get(contactId);
    if (!change) this.contacts.set(contactId, (change = { attributes: {}, name: null }));
    return change;
  }

  /**
   * Writes everything, pipelined in this order: timers cancelled (only those stored before
   * the batch), sessions ended or changed (a conversation has at most one active session,
   * so an ended one must be written before its successor), new sessions, jobs, steps,
   * contacts.
   */
  async flush(tx: Queryable): Promise<void> {
    await pipelined(
      this.cancelled.size > 0 ? cancelTimersOfConversations(tx, [...this.cancelled]) : null,
      this.updates.size > 0 ? updateSessions(tx, [...this.updates].map(([id, patch]) => ({ id, ...patch }))) : null,
      this.inserts.size > 0 ? insertSession(tx, [...this.inserts.values()]) : null,
      this.jobRows.length > 0 ? insertJobs(tx, this.jobRows) : null,
      this.stepRows.length > 0 ? insertSteps(tx, this.stepRows) : null,
      this.contacts.size > 0 ? updateContacts(tx, [...this.contacts].map(([id, c]) => ({ id, ...c }))) : null,
    );
  }
}
