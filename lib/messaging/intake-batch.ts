import type { Queryable } from "@/db/client";
import { insertWebhookEvents, type NewWebhookEvent } from "@/db/queries/webhook-events";

type Inserted = Awaited<ReturnType<typeof insertWebhookEvents>>[number];

interface Waiting {
  rows: NewWebhookEvent[];
  resolve: (rows: Inserted[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Stores the events of concurrent webhook requests with as few INSERTs as possible: while
 * `maxInFlight` inserts are running, newly arrived requests wait and then go together in
 * one multi-row INSERT (one statement, one commit). Nothing waits on a timer, so a lone
 * request is stored exactly as fast as before; under a burst the database sees one
 * commit for many webhooks. Each caller still gets its answer only once its own rows are
 * committed, and only the rows it created (a redelivery racing its original in the same
 * batch is created once, for the first).
 */
export class IntakeBatcher {
  private waiting: Waiting[] = [];
  private running = 0;

  constructor(
    private readonly maxInFlight = 2,
    private readonly maxRows = 500,
  ) {}

  insert(db: Queryable, rows: NewWebhookEvent[]): Promise<Inserted[]> {
    if (rows.length === 0) return Promise.resolve([]);
    return new Promise((resolve, reject) => {
      this.waiting.push({ rows, resolve, reject });
      this.pump(db);
    });
  }

  private pump(db: Queryable): void {
    while (this.running < this.maxInFlight && this.waiting.length > 0) {
      const batch: Waiting[] = [];
      let count = 0;
      while (this.waiting.length > 0 && (batch.length === 0 || count + this.waiting[0]!.rows.length <= this.maxRows)) {
        const next = this.waiting.shift()!;
        batch.push(next);
        count += next.rows.length;
      }
      this.running++;
      insertWebhookEvents(
        db,
        batch.flatMap((w) => w.rows),
      )
        .then((inserted): unknown => distribute(batch, inserted))
        .catch((err): unknown => {
          if (batch.length === 1) return batch[0]!.reject(err);
          // One request's rows can fail the statement (a payload the database refuses):
          // each request is tried alone, so only that one gets its error.
          return Promise.all(batch.map((w) => insertWebhookEvents(db, w.rows).then(w.resolve, w.reject)));
        })
        .finally(() => {
          this.running--;
          this.pump(db);
        });
    }
  }
}

function distribute(batch: Waiting[], inserted: Inserted[]): void {
  const byKey = new Map<string, Inserted>();
  for (const row of inserted) byKey.set(`${row.provider}\u0000${row.dedupeKey}`, row);
  for (const w of batch) {
    const mine: Inserted[] = [];
    for (const row of w.rows) {
      const key = `${row.provider}\u0000${row.dedupeKey}`;
      const hit = byKey.get(key);
      if (hit) {
        mine.push(hit);
        byKey.delete(key);
      }
    }
    w.resolve(mine);
  }
}

const g = globalThis as unknown as { __tickflowIntakeBatcher?: IntakeBatcher };

export function intakeBatcher(): IntakeBatcher {
  return (g.__tickflowIntakeBatcher ??= new IntakeBatcher());
}
