import type { ProviderError } from "@/lib/channels/types";

/**
 * The tick reducer. Providers deliver statuses in any order, twice, or not at all
 * (`delivered` is skipped when read at once; YCloud may send `delivered` after `failed`
 * on multi-device), so the state is a function of the SET of events received:
 *
 * - progress queued < accepted < sent < delivered < read never moves backwards;
 * - `read` (and `played`, for voice notes) implies delivered, delivered implies sent —
 *   each timestamp is the earliest evidence of that step;
 * - `failed` beats queued/accepted/sent, but any delivered/read evidence beats `failed`:
 *   the message did reach a device;
 * - among several failures the earliest (then the lowest code) is reported;
 * - other statuses (deleted, unknown…) are kept in the history only.
 *
 * `applyStatus` is a commutative fold step, so reducing events one at a time in any order
 * gives the same state as `reduceStatus` over all of them.
 */

export const OUTBOUND_STATUSES = ["queued", "accepted", "sent", "delivered", "read", "failed"] as const;
export type OutboundStatus = (typeof OUTBOUND_STATUSES)[number];

export type StatusError = ProviderError;

export interface StatusEvent {
  /** A DeliveryStatus from a webhook, or "queued"/"accepted" recorded by the outbound pipeline. */
  status: string;
  /** The provider's timestamp (trusted over arrival order). */
  timestamp: Date;
  error?: StatusError | null;
}

export interface StatusState {
  status: OutboundStatus;
  /** Set only while `status` is failed. */
  error: StatusError | null;
  sentAt?: Date;
  deliveredAt?: Date;
  readAt?: Date;
  /** Earliest failure, kept even when later delivery evidence wins. */
  failedAt?: Date;
}

export const INITIAL_STATUS_STATE: StatusState = Object.freeze({ status: "queued", error: null }) as StatusState;

const DEFAULT_FAILURE: StatusError = { code: "unknown", title: "Message failed" };

const RANK = { queued: 0, accepted: 1, sent: 2, delivered: 3, read: 4 } as const;

function rankOf(status: string): number | "failed" | undefined {
  if (status === "played") return RANK.read;
  if (status === "failed") return "failed";
  return status in RANK ? RANK[status as keyof typeof RANK] : undefined;
}

export function reduceStatus(events: Iterable<StatusEvent>, initial: StatusState = INITIAL_STATUS_STATE): StatusState {
  let state = initial;
  for (const event of events) state = applyStatus(state, event);
  return state;
}

export function applyStatus(current: StatusState, event: StatusEvent): StatusState {
  const rank = rankOf(event.status);
  const at = event.timestamp;
  if (rank === undefined || !(at instanceof Date) || Number.isNaN(at.getTime())) return current;

  const next: StatusState = { ...current };
  let acceptedSeen = current.status !== "queued";
  let failure = current.status === "failed" ? (current.error ?? DEFAULT_FAILURE) : null;

  if (rank === "failed") {
    const candidate = event.error ?? DEFAULT_FAILURE;
    if (!next.failedAt || at < next.failedAt || (at.getTime() === next.failedAt.getTime() && failure && compareError(candidate, failure) < 0)) {
      next.failedAt = at;
      failure = candidate;
    } else if (!failure) {
      // Failure evidence already known but masked by delivery; nothing to choose between.
      failure = candidate;
    }
  } else {
    if (rank >= RANK.accepted) acceptedSeen = true;
    if (rank >= RANK.sent) next.sentAt = earliest(next.sentAt, at);
    if (rank >= RANK.delivered) next.deliveredAt = earliest(next.deliveredAt, at);
    if (rank >= RANK.read) next.readAt = earliest(next.readAt, at);
  }

  next.status = next.readAt
    ? "read"
    : next.deliveredAt
      ? "delivered"
      : next.failedAt
        ? "failed"
        : next.sentAt
          ? "sent"
          : acceptedSeen
            ? "accepted"
            : "queued";
  next.error = next.status === "failed" ? (failure ?? DEFAULT_FAILURE) : null;
  return stripUndefined(next);
}

/** Same status at the same provider time: a redelivery, not a new history row. */
export function isDuplicate(history: readonly StatusEvent[], event: StatusEvent): boolean {
  const t = event.timestamp.getTime();
  return history.some((h) => h.status === event.status && h.timestamp.getTime() === t);
}

function earliest(a: Date | undefined, b: Date): Date {
  return a && a <= b ? a : b;
}

function compareError(a: StatusError, b: StatusError): number {
  return a.code < b.code ? -1 : a.code > b.code ? 1 : a.title < b.title ? -1 : a.title > b.title ? 1 : 0;
}

function stripUndefined(state: StatusState): StatusState {
  const out: StatusState = { status: state.status, error: state.error };
  if (state.sentAt) out.sentAt = state.sentAt;
  if (state.deliveredAt) out.deliveredAt = state.deliveredAt;
  if (state.readAt) out.readAt = state.readAt;
  if (state.failedAt) out.failedAt = state.failedAt;
  return out;
}
