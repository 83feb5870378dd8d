/**
 * The inbox at 10 000 conversations: seeds a fresh database (PostgreSQL when DATABASE_URL
 * is set — a new database next to it, dropped afterwards unless KEEP=1 — else an in-memory
 * PGlite), then times the conversation list, its filters and searches the way the API
 * runs them, and prints EXPLAIN ANALYZE on PostgreSQL.
 *
 *   npx tsx test/inbox-10k.ts                                   # PGlite
 *   DATABASE_URL=postgres://postgres@127.0.0.1:5432/test npx tsx test/inbox-10k.ts
 *   CONVERSATIONS=10000 MESSAGES_PER=12 KEEP=1 …                 # sizes; keep the database for a UI check
 */
import path from "node:path";
import { sql } from "drizzle-orm";
import postgres from "postgres";
import { openDb, type DbHandle } from "@/db/client";
import { runMigrations } from "@/db/migrate";
import { rowsOf } from "@/db/queries/rows";
import { conversationListQuery, listConversations } from "@/lib/messaging/conversations";

const CONVERSATIONS = Number(process.env.CONVERSATIONS ?? 10_000);
const MESSAGES_PER = Number(process.env.MESSAGES_PER ?? 12);
const RUNS = 15;

async function open(): Promise<{ handle: DbHandle; drop: () => Promise<void>; url?: string }> {
  const base = process.env.DATABASE_URL;
  if (!base) {
    const handle = await openDb({ pgliteDir: "memory" });
    return { handle, drop: () => handle.close() };
  }
  const name = `tickflow_inbox10k_${Date.now()}`;
  const admin = postgres(base, { max: 1, onnotice: () => {} });
  await admin.unsafe(`CREATE DATABASE "${name}"`);
  const url = new URL(base);
  url.pathname = `/${name}`;
  const handle = await openDb({ url: url.toString(), poolSize: 4 });
  return {
    handle,
    url: url.toString(),
    drop: async () => {
      await handle.close();
      if (process.env.KEEP !== "1") await admin.unsafe(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    },
  };
}

/** Set-based seeding: contacts, conversations (mixed modes and windows) and their messages. */
async function seed(handle: DbHandle, userId: string) {
  const { db } = handle;
  const t0 = performance.now();
  await db.execute(sql`INSERT INTO "user" (id, name, email, role) VALUES (${userId}, 'Bench Agent', 'bench@example.test', 'agent')`);
  const [channel] = rowsOf<{ id: string }>(await db.execute(sql`INSERT INTO channel (provider, name, phone_number_id) VALUES ('meta', 'Bench line', '1099999') RETURNING id`));
  const channelId = channel!.id;
  const arr = (xs: string[]) => sql.raw(`ARRAY[${xs.map((x) => `'${x}'`).join(",")}]::text[]`);
  const first = ["Ana", "Ravi", "Liam", "Priya", "Chen", "Fatima", "Lucas", "Sofia", "Omar", "Mei", "Ivan", "Zara", "Noah", "Aisha", "Mateo", "Yuki"];
  const last = ["Souza", "Kumar", "Carter", "Sharma", "Wang", "Khan", "Silva", "Rossi", "Haddad", "Tanaka", "Petrov", "Ali", "Smith", "Bello", "Garcia", "Sato"];
  await db.execute(sql`
    INSERT INTO contact (channel_id, wa_id, name)
    SELECT ${channelId}, (5511900000000 + g)::text,
           (${arr(first)})[1 + g % 16] || ' ' || (${arr(last)})[1 + (g / 16) % 16] || ' ' || g
    FROM generate_series(1, ${CONVERSATIONS}) g`);
  await db.execute(sql`
    INSERT INTO conversation (channel_id, contact_id, mode, needs_human, assigned_user_id, unread_count, last_message_at, last_inbound_at, last_message_preview, window_expires_at)
    SELECT ${channelId}, c.id,
           CASE WHEN n % 10 = 0 THEN 'closed' WHEN n % 10 IN (1, 2) THEN 'human' ELSE 'bot' END,
           n % 10 = 1,
           CASE WHEN n % 10 = 2 THEN ${userId} END,
           n % 4,
           now() - (n * interval '37 seconds'),
           now() - (n * interval '37 seconds'),
           'message ' || n,
           now() - (n * interval '37 seconds') + interval '24 hours'
    FROM (SELECT id, row_number() OVER (ORDER BY wa_id) AS n FROM contact WHERE channel_id = ${channelId}) c`);
  const words = ["hi", "price", "order", "delivery", "refund", "thanks", "where", "is", "my", "package", "support", "please", "help", "invoice", "address", "change"];
  await db.execute(sql`
    INSERT INTO message (conversation_id, channel_id, direction, sender_kind, type, text, content, status, created_at)
    SELECT v.id, ${channelId},
           CASE WHEN m % 2 = 0 THEN 'in' ELSE 'out' END,
           CASE WHEN m % 2 = 0 THEN 'customer' ELSE 'bot' END,
           'text',
           (${arr(words)})[1 + (v.n + m) % 16] || ' ' || (${arr(words)})[1 + (v.n * 7 + m) % 16] || ' #' || (v.n * 100 + m),
           '{}'::jsonb,
           CASE WHEN m % 2 = 0 THEN 'received' ELSE 'read' END,
           v.last_message_at - ((${MESSAGES_PER} - m) * interval '20 seconds')
    FROM (SELECT id, last_message_at, row_number() OVER (ORDER BY last_message_at DESC) AS n FROM conversation WHERE channel_id = ${channelId}) v,
         generate_series(1, ${MESSAGES_PER}) m`);
  await db.execute(sql`ANALYZE`);
  const counts = rowsOf<{ c: number; m: number }>(await db.execute(sql`SELECT (SELECT count(*) FROM conversation)::int AS c, (SELECT count(*) FROM message)::int AS m`))[0]!;
  console.log(`seeded ${counts.c} conversations and ${counts.m} messages in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  return channelId;
}

async function time(label: string, fn: () => Promise<{ items: unknown[] }>) {
  const samples: number[] = [];
  let found = 0;
  await fn(); // warm-up (plan cache, buffers)
  for (let i = 0; i < RUNS; i++) {
    const t = performance.now();
    found = (await fn()).items.length;
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  const p = (q: number) => samples[Math.min(samples.length - 1, Math.floor(q * samples.length))]!.toFixed(1);
  console.log(`${label.padEnd(44)} median ${p(0.5).padStart(6)} ms   p90 ${p(0.9).padStart(6)} ms   ${found} rows`);
}

async function explain(handle: DbHandle, label: string, query: string) {
  if (handle.kind !== "postgres") return;
  const rows = await handle.sql!.unsafe(`EXPLAIN (ANALYZE, BUFFERS) ${query}`);
  const lines = rows.map((r) => String((r as Record<string, unknown>)["QUERY PLAN"]));
  console.log(`\n-- EXPLAIN ANALYZE: ${label}\n${lines.join("\n")}`);
}

async function main() {
  const { handle, drop, url } = await open();
  try {
    await runMigrations(handle, path.join(process.cwd(), "db", "migrations"));
    const userId = "bench-agent";
    await seed(handle, userId);
    console.log(`\n${handle.kind === "postgres" ? "PostgreSQL" : "PGlite"}: ${RUNS} runs each (after one warm-up), page size 50\n`);
    const list = (q: Record<string, string>) => listConversations(handle.db, conversationListQuery.parse(q), userId);
    await time("list: newest first (first page)", () => list({}));
    const first = await list({});
    await time("list: second page (keyset cursor)", () => list({ cursor: first.nextCursor! }));
    await time("filter: bot", () => list({ filter: "bot" }));
    await time("filter: needs human", () => list({ filter: "needs_human" }));
    await time("filter: mine", () => list({ filter: "mine" }));
    await time("filter: closed", () => list({ filter: "closed" }));
    await time("search: name (“Priya Wang”)", () => list({ q: "Priya Wang" }));
    await time("search: number (“900004321”)", () => list({ q: "900004321" }));
    await time("search: rare message text (“#431207”)", () => list({ q: "#431207" }));
    await time("search: common message text (“refund”)", () => list({ q: "refund" }));
    await time("search: two letters (“hi”)", () => list({ q: "hi" }));
    await time("search: no match (“zzqx”)", () => list({ q: "zzqx" }));
    await time("search + filter (“refund”, needs human)", () => list({ q: "refund", filter: "needs_human" }));

    const select = `SELECT c.*, ct.name, ch.name FROM conversation c JOIN contact ct ON ct.id = c.contact_id LEFT JOIN channel ch ON ch.id = c.channel_id LEFT JOIN "user" u ON u.id = c.assigned_user_id`;
    const order = `ORDER BY c.last_message_at DESC NULLS LAST, c.id LIMIT 51`;
    await explain(handle, "list", `${select} ${order}`);
    await explain(handle, "search “#431207”", `${select} WHERE (ct.name ILIKE '%#431207%' OR c.id IN (SELECT m.conversation_id FROM message m WHERE m.text ILIKE '%#431207%')) ${order}`);
    await explain(handle, "search “refund”", `${select} WHERE (ct.name ILIKE '%refund%' OR c.id IN (SELECT m.conversation_id FROM message m WHERE m.text ILIKE '%refund%')) ${order}`);
    if (url && process.env.KEEP === "1") console.log(`\nkept: DATABASE_URL=${url}`);
  } finally {
    await drop();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
