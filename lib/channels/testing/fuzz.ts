import { createHmac } from "node:crypto";
import fc from "fast-check";
import { dedupeKey } from "../dedupe-key";
import { normalizedEventSchema, type NormalizedEvent, type WebhookProvider } from "../types";
import { fixture, fixtureNames } from "./fixtures";

/**
 * Generators for the webhook fuzz tests (lib/channels/webhook-fuzz.test.ts at the parser,
 * lib/messaging/webhook-fuzz.test.ts at the route): malformed, truncated, oversized and
 * type-confused bodies built from the provider fixtures, arbitrary JSON and random bytes.
 * Every run is reproducible: a fixed seed, overridable with FUZZ_SEED, and FUZZ_RUNS for
 * longer local runs (`FUZZ_RUNS=50000 npx vitest run lib/channels/webhook-fuzz.test.ts`).
 */

export const FUZZ_SEED = envInt("FUZZ_SEED") ?? 20261121;

/** Cases per property: the default, or FUZZ_RUNS when set. */
export function fuzzRuns(defaultRuns: number): number {
  return envInt("FUZZ_RUNS") ?? defaultRuns;
}

/** A test timeout that grows with FUZZ_RUNS (vitest's default of 20 s suits the default counts). */
export function fuzzTimeout(defaultMs: number): number {
  return process.env.FUZZ_RUNS ? Math.max(defaultMs, 3_600_000) : defaultMs;
}

function envInt(name: string): number | undefined {
  const value = process.env[name];
  if (value === undefined || value === "") return undefined;
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new Error(`${name} must be an integer, got ${value}`);
  return n;
}

/**
 * Runs a property with the fixed seed (plus `seedOffset`, so properties that share a
 * generator do not replay the same cases) and prints how many cases ran, e.g.
 * `[fuzz] meta parser: 5000 cases, 0 failures (seed 20261121)`. Throws fast-check's report
 * (seed, path and the shrunk counterexample) on failure.
 */
export async function runFuzz<T>(
  label: string,
  property: fc.IProperty<T> | fc.IAsyncProperty<T>,
  numRuns: number,
  options: Pick<fc.Parameters<T>, "examples" | "endOnFailure"> & { seedOffset?: number } = {},
): Promise<number> {
  const started = performance.now();
  const { seedOffset = 0, ...rest } = options;
  const params: fc.Parameters<T> = { ...rest, seed: FUZZ_SEED + seedOffset, numRuns };
  const details = await (property.isAsync() ? fc.check(property as fc.IAsyncProperty<T>, params) : fc.check(property as fc.IProperty<T>, params));
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const cases = details.numRuns + (details.failed ? 1 : 0);
  console.log(`[fuzz] ${label}: ${cases} cases, ${details.failed ? 1 : 0} failures (seed ${details.seed}, ${seconds} s)`);
  if (details.failed) {
    const error = details.errorInstance;
    throw new Error(`${fc.defaultReportMessage(details) ?? `${label} failed`}\n\n${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
  return cases;
}

// ---------------------------------------------------------------------------------------
// Bodies

/** What a generator produces: exact bytes, the Content-Type to send them with, and a label for reports. */
export interface FuzzBody {
  label: string;
  bytes: Uint8Array;
  contentType: string | null;
}

const utf8 = new TextEncoder();

/** A body that fast-check reports readably: label, Content-Type, size and the start of the text. */
function fuzzBodyOf(label: string, bytes: Uint8Array, contentType: string | null): FuzzBody {
  return {
    label,
    bytes,
    contentType,
    [fc.toStringMethod]: () => {
      const text = asReceived(bytes);
      const preview = text.length > 600 ? `${text.slice(0, 400)}…(${text.length - 500} more)…${text.slice(-100)}` : text;
      return `${label} | content-type ${JSON.stringify(contentType)} | ${bytes.length} bytes | ${JSON.stringify(preview)}`;
    },
  } as FuzzBody;
}
/**
 * What the route hands the parsers: the bytes as UTF-8, a leading BOM kept. (The route
 * answers 400 to invalid UTF-8; here it becomes U+FFFD, which the parsers must survive too.)
 */
const decoder = new TextDecoder("utf-8", { ignoreBOM: true });
export const asReceived = (bytes: Uint8Array) => decoder.decode(bytes);

/** A fragment spliced verbatim into the serialized JSON (deep nesting, broken syntax, duplicate keys). */
class Raw {
  constructor(readonly text: string) {}
}
/** An object written with the given entries in order, duplicates included. */
class Entries {
  constructor(readonly entries: [string, unknown][]) {}
}

/** JSON text with Raw fragments and duplicate keys; `escaped` writes non-ASCII as \uXXXX like Meta does. */
function serialize(value: unknown, escaped: boolean): string {
  const str = (s: string) => {
    const json = JSON.stringify(s);
    return escaped ? json.replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`) : json;
  };
  const write = (v: unknown): string => {
    if (v instanceof Raw) return v.text;
    if (v instanceof Entries) return `{${v.entries.map(([k, x]) => `${str(k)}:${write(x)}`).join(",")}}`;
    if (typeof v === "string") return str(v);
    if (Array.isArray(v)) return `[${v.map(write).join(",")}]`;
    if (v !== null && typeof v === "object") return `{${Object.keys(v).map((k) => `${str(k)}:${write((v as Record<string, unknown>)[k])}`).join(",")}}`;
    return JSON.stringify(v) ?? "null";
  };
  return write(value);
}

/** Deterministic high-entropy text (does not compress, unlike "xxxx…"), so it really is big for PostgreSQL. */
function noise(length: number, seed: number, alphabet = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.:+"): string {
  let x = (seed | 0) || 1;
  let out = "";
  for (let i = 0; i < length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out += alphabet[(x >>> 0) % alphabet.length];
  }
  return out;
}

/** Strings that break naive code and databases: NUL, unpaired surrogates, BOM, bidi, escapes, injections. */
export const NASTY_STRINGS = [
  "\u0000",
  "a\u0000b",
  "\ud800",
  "\udfff",
  "x\ud83d",
  "\ude00y",
  "\ud83d\ude00",
  "\ufeff",
  "\u202eevil",
  "\u2028\u2029",
  "\u0007\u001b[31m",
  "e\u0301\u0301\u0301",
  "\\",
  '"',
  "\\u0000",
  "\\ud800",
  "%00",
  "%ED%A0%80",
  "<script>alert(1)</script>",
  "'; DROP TABLE contact; --",
  "${7*7}{{7*7}}",
  "whatsapp:",
  "whatsapp:+",
  "+",
  "+-+",
  "__proto__",
  "constructor",
  "prototype",
  "toString",
  "hasOwnProperty",
  "NaN",
  "Infinity",
  "-0",
  "1e400",
  "0x1F",
  "99999999999999999999",
  "9999999999999",
  "253402300799",
  "253402300800",
  "8640000000000001",
  "-1",
  "1.5",
  " 1763712001 ",
  "2025-13-45T99:99:99Z",
  "+275760-09-13T00:00:00.000Z",
  "-271821-04-20T00:00:00.000Z",
  "+010000-01-01T00:00:00.000Z",
  "0000-01-01T00:00:00.000Z",
  "-000001-01-01T00:00:00.000Z",
  "1969-12-31T23:59:59.999Z",
  "",
  " ",
  "null",
  "true",
  "[]",
  "{}",
];

const nasty = fc.constantFrom(...NASTY_STRINGS);

/** Long strings: compressible and not, ASCII and not, up to 300 KB. */
const bigString = fc.oneof(
  fc.tuple(fc.integer({ min: 2_600, max: 40_000 }), fc.integer()).map(([n, seed]) => noise(n, seed)),
  fc.tuple(fc.integer({ min: 2_600, max: 12_000 }), fc.integer()).map(([n, seed]) => noise(n, seed, "日本語ŻółćΩ€😀\u0000\ud800")),
  fc.integer({ min: 10_000, max: 300_000 }).map((n) => "x".repeat(n)),
);

/** Deeply nested JSON as text (building the objects would overflow the test's own stack). */
const deepRaw = fc
  .tuple(fc.integer({ min: 20, max: 60_000 }), fc.constantFrom("[", "{"), fc.boolean())
  .map(([depth, open, closed]) => {
    if (open === "[") return new Raw("[".repeat(depth) + (closed ? "]".repeat(depth) : ""));
    return new Raw('{"a":'.repeat(depth) + "1" + (closed ? "}".repeat(depth) : ""));
  });

const prototypeRaw = fc.constantFrom(
  new Raw('{"__proto__":{"polluted":"yes","isAdmin":true}}'),
  new Raw('{"constructor":{"prototype":{"polluted":"yes"}}}'),
  new Raw('{"__proto__":null,"toString":"x","valueOf":1,"hasOwnProperty":[]}'),
  new Raw('[{"__proto__":[]},{"prototype":{}}]'),
);

/** Any value a field could turn into: type confusion, edge numbers, nasty and huge strings, deep nesting. */
export const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom<unknown>(null, true, false, 0, -0, -1, 1.5, 1e308, -1e308, 2 ** 53 + 1, 1e-320, [], {}, [null], [[]], { "": "" }) },
  { weight: 4, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string() },
  { weight: 2, arbitrary: fc.string({ unit: "binary", maxLength: 40 }) },
  { weight: 1, arbitrary: fc.string({ unit: "grapheme", maxLength: 40 }) },
  { weight: 2, arbitrary: fc.oneof(fc.integer(), fc.double(), fc.maxSafeInteger()) },
  { weight: 2, arbitrary: fc.jsonValue({ maxDepth: 3 }) },
  { weight: 1, arbitrary: bigString },
  { weight: 1, arbitrary: deepRaw },
  { weight: 1, arbitrary: prototypeRaw },
);

const oddKey = fc.oneof(
  fc.constantFrom("__proto__", "constructor", "prototype", "toString", "hasOwnProperty", "", "\u0000", "\ud800", "id", "type", "from", "timestamp", "status", "entry", "changes", "value", "messages", "statuses", "metadata", "text", "body", "whatsappInboundMessage", "whatsappMessage"),
  fc.string({ maxLength: 12 }),
);

type Path = (string | number)[];
type Op = "drop" | "replace" | "confuse" | "wrap" | "duplicateKey" | "addKey" | "repeat" | "empty";

interface Mutation {
  pick: number;
  op: Op;
  value: unknown;
  key: string;
  times: number;
  before: boolean;
}

const mutation: fc.Arbitrary<Mutation> = fc.record({
  pick: fc.nat(),
  op: fc.constantFrom<Op>("drop", "drop", "replace", "replace", "replace", "confuse", "confuse", "wrap", "duplicateKey", "addKey", "repeat", "empty"),
  value: weirdValue,
  key: oddKey,
  times: fc.integer({ min: 2, max: 60 }),
  before: fc.boolean(),
});

/** Every node's path, root first. */
function paths(value: unknown, at: Path = [], out: Path[] = []): Path[] {
  out.push(at);
  if (Array.isArray(value)) value.forEach((v, i) => paths(v, [...at, i], out));
  else if (value !== null && typeof value === "object" && !(value instanceof Raw) && !(value instanceof Entries)) {
    for (const k of Object.keys(value)) paths((value as Record<string, unknown>)[k], [...at, k], out);
  }
  return out;
}

function getAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const p of path) v = (v as Record<string | number, unknown>)[p];
  return v;
}

/** string ↔ number ↔ null ↔ array ↔ object, keeping something of the old value. */
function confuse(v: unknown, seed: number): unknown {
  const choices: unknown[] = [null, [v], { value: v }, String(JSON.stringify(v) ?? ""), typeof v === "string" ? Number(v) : v === null ? 0 : typeof v === "number" ? String(v) : 1, typeof v === "boolean" ? String(v) : false];
  return choices[seed % choices.length];
}

/** A private copy: fast-check hands out the same constant objects to many cases, which must never be mutated. */
function copy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(copy);
  if (value === null || typeof value !== "object" || value instanceof Raw) return value;
  if (value instanceof Entries) return new Entries(value.entries.map(([k, v]) => [k, copy(v)]));
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(value)) Object.defineProperty(out, k, { value: copy((value as Record<string, unknown>)[k]), enumerable: true, writable: true, configurable: true });
  return out;
}

/**
 * One mutation at a node picked by `m.pick`. With `leaves`, only a string, number, boolean
 * or null is replaced or retyped: the envelope stays intact, so the weird value travels
 * all the way through processing instead of making the whole payload unknown.
 */
function applyMutation(root: unknown, generated: Mutation, leaves = false): unknown {
  const m = { ...generated, value: copy(generated.value) };
  if (leaves && m.op !== "replace" && m.op !== "confuse") m.op = "replace";
  const nodes = paths(root);
  const leafPaths = nodes.filter((p) => {
    const v = getAt(root, p);
    return p.length > 0 && (v === null || typeof v !== "object");
  });
  const all = leaves && leafPaths.length > 0 ? leafPaths : nodes;
  const path = all[m.pick % all.length]!;
  const current = getAt(root, path);
  const replaceWith = (next: unknown): unknown => {
    if (path.length === 0) return next;
    const parent = getAt(root, path.slice(0, -1)) as Record<string | number, unknown>;
    parent[path[path.length - 1]!] = next;
    return root;
  };
  switch (m.op) {
    case "drop": {
      if (path.length === 0) return m.value;
      const parent = getAt(root, path.slice(0, -1));
      const last = path[path.length - 1]!;
      if (Array.isArray(parent)) parent.splice(Number(last), 1);
      else delete (parent as Record<string, unknown>)[last];
      return root;
    }
    case "replace":
      return replaceWith(m.value);
    case "confuse":
      return replaceWith(confuse(current, m.times));
    case "wrap":
      return replaceWith(m.before ? [current] : { [m.key]: current });
    case "duplicateKey":
    case "addKey": {
      const target = current !== null && typeof current === "object" && !Array.isArray(current) ? current : getAt(root, path.slice(0, -1));
      if (target === null || typeof target !== "object" || Array.isArray(target) || target instanceof Raw || target instanceof Entries) return replaceWith(m.value);
      const entries = Object.entries(target as Record<string, unknown>);
      const key = m.op === "duplicateKey" ? (entries[m.times % Math.max(1, entries.length)]?.[0] ?? m.key) : m.key;
      const extra: [string, unknown] = [key, m.value];
      const next = new Entries(m.before ? [extra, ...entries] : [...entries, extra]);
      if (target === current) return replaceWith(next);
      // The parent of a leaf: swap the parent itself.
      const parentPath = path.slice(0, -1);
      if (parentPath.length === 0) return next;
      const grand = getAt(root, parentPath.slice(0, -1)) as Record<string | number, unknown>;
      grand[parentPath[parentPath.length - 1]!] = next;
      return root;
    }
    case "repeat":
      return replaceWith(Array.isArray(current) ? Array.from({ length: m.times }, (_, i) => current[i % Math.max(1, current.length)] ?? null) : Array.from({ length: m.times }, () => current));
    case "empty":
      return replaceWith(Array.isArray(current) ? [] : typeof current === "string" ? "" : {});
  }
}

type ByteEdit = { kind: "none" } | { kind: "truncate"; at: number } | { kind: "insert"; at: number; bytes: Uint8Array } | { kind: "bom" } | { kind: "trailing"; text: string } | { kind: "twice" };

const byteEdit: fc.Arbitrary<ByteEdit> = fc.oneof(
  { weight: 12, arbitrary: fc.constant<ByteEdit>({ kind: "none" }) },
  { weight: 3, arbitrary: fc.nat().map((at): ByteEdit => ({ kind: "truncate", at })) },
  {
    weight: 2,
    arbitrary: fc
      .tuple(fc.nat(), fc.oneof(fc.constantFrom(Uint8Array.of(0xff), Uint8Array.of(0xc3), Uint8Array.of(0xed, 0xa0, 0x80), Uint8Array.of(0), Uint8Array.of(0x22), Uint8Array.of(0x5c)), fc.uint8Array({ minLength: 1, maxLength: 8 })))
      .map(([at, bytes]): ByteEdit => ({ kind: "insert", at, bytes })),
  },
  { weight: 1, arbitrary: fc.constant<ByteEdit>({ kind: "bom" }) },
  { weight: 1, arbitrary: fc.constantFrom(" ", "\n\n", "}", "]", ",", "\u0000", "garbage", "{}").map((text): ByteEdit => ({ kind: "trailing", text })) },
  { weight: 1, arbitrary: fc.constant<ByteEdit>({ kind: "twice" }) },
);

function editBytes(bytes: Uint8Array, edit: ByteEdit): Uint8Array {
  switch (edit.kind) {
    case "none":
      return bytes;
    case "truncate":
      return bytes.slice(0, edit.at % Math.max(1, bytes.length));
    case "insert": {
      const at = edit.at % (bytes.length + 1);
      return concat(bytes.slice(0, at), edit.bytes, bytes.slice(at));
    }
    case "bom":
      return concat(Uint8Array.of(0xef, 0xbb, 0xbf), bytes);
    case "trailing":
      return concat(bytes, utf8.encode(edit.text));
    case "twice":
      return concat(bytes, bytes);
  }
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Per provider

/** Webhook families: the Cloud API envelope (Meta, 360dialog, sandbox), YCloud, Twilio. */
export type Family = "meta" | "ycloud" | "twilio";

export const familyOf = (provider: WebhookProvider | "sandbox"): Family => (provider === "ycloud" ? "ycloud" : provider === "twilio" ? "twilio" : "meta");

const isInbound = (name: string) => !/\.api\.|\.verify\.|signatures/.test(name);

/** The fixtures a family's generators start from. */
export function fixturesOf(family: Family): string[] {
  const names = fixtureNames().filter(isInbound);
  if (family === "twilio") return names.filter((n) => n.startsWith("twilio."));
  if (family === "ycloud") return names.filter((n) => n.startsWith("ycloud."));
  return names.filter((n) => n.startsWith("meta.") || n.startsWith("d360."));
}

const defaultContentType = (family: Family) => (family === "twilio" ? "application/x-www-form-urlencoded" : "application/json");

const contentType = (family: Family): fc.Arbitrary<string | null> =>
  fc.oneof(
    { weight: 8, arbitrary: fc.constant(defaultContentType(family)) },
    {
      weight: 2,
      arbitrary: fc.constantFrom<string | null>(
        null,
        "",
        "application/json",
        "application/json; charset=utf-8",
        "APPLICATION/JSON",
        "text/plain",
        "text/xml",
        "application/x-www-form-urlencoded",
        "application/x-www-form-urlencoded; charset=ISO-8859-1",
        "multipart/form-data; boundary=----x",
        "application/octet-stream",
        "garbage;;;=;",
      ),
    },
  );

/**
 * The fixture's text with its message and event ids made unique to the case (mostly), so a
 * mutated copy is a new event that gets processed rather than a duplicate of the last one.
 */
const salted = (name: string, salt: number | null) =>
  salt === null ? fixture(name) : fixture(name).replace(/wamid\.[A-Za-z0-9_-]+|evt_[A-Za-z0-9]+|\b[SM]M[0-9a-f]{32}\b|"id": "[0-9a-f]{24}"/g, (id) => (id.endsWith('"') ? `${id.slice(0, -1)}${salt}"` : `${id}${salt}`));

const salt = fc.option(fc.nat(), { freq: 5, nil: null });

/** A fixture (of this family mostly, sometimes another's), mutated 1–4 times, serialized, maybe byte-edited. */
function mutatedJson(family: Family): fc.Arbitrary<FuzzBody> {
  const own = fixturesOf(family === "twilio" ? "meta" : family);
  const other = fixturesOf(family === "ycloud" ? "meta" : "ycloud");
  const names = fc.oneof({ weight: 9, arbitrary: fc.constantFrom(...own) }, { weight: 1, arbitrary: fc.constantFrom(...other) });
  return fc
    .record({ name: names, salt, leaves: fc.boolean(), mutations: fc.array(mutation, { minLength: 1, maxLength: 4 }), escaped: fc.boolean(), edit: byteEdit, contentType: contentType(family) })
    .map(({ name, salt: n, leaves, mutations, escaped, edit, contentType: ct }) => {
      let value: unknown = JSON.parse(salted(name, n));
      for (const m of mutations) value = applyMutation(value, m, leaves);
      const bytes = editBytes(utf8.encode(serialize(value, escaped)), edit);
      return fuzzBodyOf(`mutated ${name} (${leaves ? "leaves: " : ""}${mutations.map((m) => m.op).join(", ")}; ${edit.kind})`, bytes, ct);
    });
}

/** Arbitrary JSON, alone or where the family's envelope expects a message, status or event. */
function arbitraryJson(family: Family): fc.Arbitrary<FuzzBody> {
  const anyJson = fc.oneof(fc.jsonValue(), fc.jsonValue({ stringUnit: "binary" }));
  const placed = anyJson.map((v) => {
    if (family === "ycloud") return { id: "evt_fuzz", type: "whatsapp.inbound_message.received", whatsappInboundMessage: v };
    return { object: "whatsapp_business_account", entry: [{ id: "1", changes: [{ field: "messages", value: { metadata: { phone_number_id: "109876543210987" }, messages: [v], statuses: [v] } }] }] };
  });
  return fc
    .record({ value: fc.oneof(anyJson, placed), contentType: contentType(family), escaped: fc.boolean() })
    .map(({ value, contentType: ct, escaped }) => fuzzBodyOf("arbitrary JSON", utf8.encode(serialize(value, escaped)), ct));
}

/** Random bytes, and random bytes that start like JSON or a form. */
function randomBytes(family: Family): fc.Arbitrary<FuzzBody> {
  return fc
    .record({ prefix: fc.constantFrom("", "{", "[", '{"entry":', "MessageSid=SM1&", "\ufeff{"), bytes: fc.uint8Array({ maxLength: 600 }), contentType: contentType(family) })
    .map(({ prefix, bytes, contentType: ct }) => fuzzBodyOf(`random bytes after ${JSON.stringify(prefix)}`, concat(utf8.encode(prefix), bytes), ct));
}

// Twilio: form fields.

const ODD_FORM_KEYS = ["__proto__", "constructor", "toString", "hasOwnProperty", "valueOf", "", "MessageSid[]", "Message Sid", "messagesid", "MessageSid\u0000", "=", "&", "%", "NumMedia", "MediaUrl0", "MediaContentType0", "Latitude", "Longitude", "ButtonPayload", "ListId", "MessageType", "MessageStatus", "SmsStatus", "ErrorCode", "From", "To", "WaId", "AccountSid", "Body"];

/** Unencoded fragments spliced into the body: broken percent-escapes, stray separators. */
const RAW_FORM_FRAGMENTS = ["%", "%Z", "%ZZ", "%E0%A4", "%ED%A0%80", "%C3%28", "%00", "%FF%FE", "a=b=c", "&&&", "==", "+++", ";", "MessageSid", "MessageSid=", "=SMx", "\u0000", "\ud83d\ude00", "%F0%9F%98"];

type FormOp = { op: "drop"; pick: number } | { op: "set"; pick: number; value: string } | { op: "duplicate"; pick: number; value: string } | { op: "rename"; pick: number; key: string } | { op: "add"; key: string; value: string } | { op: "raw"; at: number; fragment: string };

const formValue = fc.oneof(
  { weight: 3, arbitrary: nasty },
  { weight: 2, arbitrary: fc.string() },
  { weight: 1, arbitrary: fc.string({ unit: "binary", maxLength: 30 }) },
  { weight: 1, arbitrary: fc.constantFrom("received", "sent", "delivered", "read", "failed", "undelivered", "canceled", "queued", "receiving", "bogus", "image", "location", "interactive", "5", "-3", "1e400", "0x10", "abc", "91.5", "-181") },
  { weight: 1, arbitrary: bigString },
);

const formOp: fc.Arbitrary<FormOp> = fc.oneof(
  fc.nat().map((pick): FormOp => ({ op: "drop", pick })),
  fc.tuple(fc.nat(), formValue).map(([pick, value]): FormOp => ({ op: "set", pick, value })),
  fc.tuple(fc.nat(), formValue).map(([pick, value]): FormOp => ({ op: "duplicate", pick, value })),
  fc.tuple(fc.nat(), fc.oneof(fc.constantFrom(...ODD_FORM_KEYS), fc.string({ maxLength: 10 }))).map(([pick, key]): FormOp => ({ op: "rename", pick, key })),
  fc.tuple(fc.oneof(fc.constantFrom(...ODD_FORM_KEYS), fc.string({ maxLength: 10 })), formValue).map(([key, value]): FormOp => ({ op: "add", key, value })),
  fc.tuple(fc.nat(), fc.constantFrom(...RAW_FORM_FRAGMENTS)).map(([at, fragment]): FormOp => ({ op: "raw", at, fragment })),
);

function mutatedForm(): fc.Arbitrary<FuzzBody> {
  return fc
    .record({ name: fc.constantFrom(...fixturesOf("twilio")), salt, ops: fc.array(formOp, { minLength: 1, maxLength: 5 }), edit: byteEdit, contentType: contentType("twilio") })
    .map(({ name, salt: n, ops, edit, contentType: ct }) => {
      const pairs: [string, string][] = [...new URLSearchParams(salted(name, n).trim()).entries()];
      const rawInserts: { at: number; fragment: string }[] = [];
      for (const o of ops) {
        const i = "pick" in o ? o.pick % Math.max(1, pairs.length) : 0;
        if (o.op === "drop") pairs.splice(i, 1);
        else if (o.op === "set" && pairs[i]) pairs[i] = [pairs[i][0], o.value];
        else if (o.op === "duplicate" && pairs[i]) pairs.splice(i, 0, [pairs[i][0], o.value]);
        else if (o.op === "rename" && pairs[i]) pairs[i] = [o.key, pairs[i][1]];
        else if (o.op === "add") pairs.push([o.key, o.value]);
        else if (o.op === "raw") rawInserts.push(o);
      }
      // URLSearchParams writes unpaired surrogates as U+FFFD, like any HTTP client would.
      let text = new URLSearchParams(pairs).toString();
      for (const r of rawInserts) {
        const at = r.at % (text.length + 1);
        text = text.slice(0, at) + r.fragment + text.slice(at);
      }
      return fuzzBodyOf(`mutated ${name} (${ops.map((o) => o.op).join(", ")}; ${edit.kind})`, editBytes(utf8.encode(text), edit), ct);
    });
}

/** Every kind of body for one family, weighted towards mutated fixtures (they reach the deepest code). */
export function fuzzBody(family: Family): fc.Arbitrary<FuzzBody> {
  if (family === "twilio") {
    return fc.oneof({ weight: 6, arbitrary: mutatedForm() }, { weight: 2, arbitrary: mutatedJson("twilio") }, { weight: 1, arbitrary: arbitraryJson("twilio") }, { weight: 1, arbitrary: randomBytes("twilio") });
  }
  return fc.oneof({ weight: 6, arbitrary: mutatedJson(family) }, { weight: 2, arbitrary: arbitraryJson(family) }, { weight: 1, arbitrary: randomBytes(family) });
}

// ---------------------------------------------------------------------------------------
// Signing, as each provider does

export interface FuzzSecrets {
  metaAppSecret: string;
  d360Secret: string;
  ycloudSecret: string;
  twilioAuthToken: string;
}

const hmacOf = (algorithm: "sha1" | "sha256", key: string, data: Uint8Array | string, encoding: "hex" | "base64") => createHmac(algorithm, key).update(data).digest(encoding);

/** Twilio's data to sign: URL + each POST param sorted by name (repeats: distinct values sorted), or the URL alone for JSON. */
function twilioSignedData(url: string, body: Uint8Array, ct: string | null): string {
  if (/json/i.test(ct ?? "")) return url;
  const byName = new Map<string, Set<string>>();
  for (const [k, v] of new URLSearchParams(asReceived(body))) byName.set(k, (byName.get(k) ?? new Set()).add(v));
  const names = [...byName.keys()].sort();
  return url + names.map((k) => [...byName.get(k)!].sort().map((v) => k + v).join("")).join("");
}

/** Headers that pass each provider's signature check for exactly these bytes. */
export function signedHeaders(provider: WebhookProvider, body: FuzzBody, secrets: FuzzSecrets, url: string, variant = 0): Headers {
  const headers = new Headers();
  if (body.contentType !== null) headers.set("content-type", body.contentType);
  switch (provider) {
    case "meta":
      headers.set("x-hub-signature-256", `sha256=${hmacOf("sha256", secrets.metaAppSecret, body.bytes, "hex")}`);
      break;
    case "360dialog":
      // The custom header set on the webhook config, or the partner HMAC (hex or base64).
      if (variant % 3 === 0) headers.set("x-tickflow-secret", secrets.d360Secret);
      else headers.set("x-360dialog-signature", hmacOf("sha256", secrets.d360Secret, body.bytes, variant % 3 === 1 ? "hex" : "base64"));
      break;
    case "ycloud": {
      const t = String(Math.floor(Date.now() / 1000));
      const s = createHmac("sha256", secrets.ycloudSecret).update(`${t}.`).update(body.bytes).digest("hex");
      headers.set("ycloud-signature", `t=${t},s=${s}`);
      break;
    }
    case "twilio":
      headers.set("x-twilio-signature", hmacOf("sha1", secrets.twilioAuthToken, twilioSignedData(url, body.bytes, body.contentType), "base64"));
      break;
  }
  return headers;
}

// ---------------------------------------------------------------------------------------
// Prototype pollution

const PROTOTYPE_NAMES = Object.getOwnPropertyNames(Object.prototype).sort().join();

/** What a "__proto__" / "constructor.prototype" payload added to Object.prototype, or null. */
export function prototypePollution(): string | null {
  const names = Object.getOwnPropertyNames(Object.prototype).sort().join();
  return names === PROTOTYPE_NAMES ? null : `Object.prototype changed: ${names}`;
}

// ---------------------------------------------------------------------------------------
// What PostgreSQL will store

/** A unique btree entry holds at most 2704 bytes; keep identifiers well below. */
const MAX_INDEXED_BYTES = 2_000;
const MAX_STORED_DEPTH = 100;
const MIN_STORABLE_MS = Date.parse("0001-01-01T00:00:00.000Z");
const MAX_STORABLE_MS = Date.parse("9999-12-31T23:59:59.999Z");
const UNSTORABLE = /\u0000|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

/**
 * Why PostgreSQL (or the processing after it) would refuse this event, or null when it
 * stores: the intake writes `event` as jsonb and `dedupeKey(event)` under a unique index,
 * processing writes ids, sender and timestamp to indexed and timestamptz columns.
 */
export function storageProblem(event: NormalizedEvent): string | null {
  const shape = normalizedEventSchema.safeParse(event);
  if (!shape.success) return `not a NormalizedEvent: ${shape.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ")}`;
  try {
    JSON.stringify(event);
  } catch (err) {
    return `JSON.stringify throws: ${(err as Error).message}`;
  }
  const stack: { value: unknown; depth: number; path: string }[] = [{ value: event, depth: 0, path: "event" }];
  while (stack.length > 0) {
    const { value, depth, path } = stack.pop()!;
    if (typeof value === "string") {
      if (UNSTORABLE.test(value)) return `${path} holds U+0000 or an unpaired surrogate (refused by jsonb and text)`;
    } else if (value instanceof Date) {
      const ms = value.getTime();
      if (!(ms >= MIN_STORABLE_MS && ms <= MAX_STORABLE_MS)) return `${path} is a date PostgreSQL cannot take: ${Number.isNaN(ms) ? "Invalid Date" : new Date(ms).toISOString()}`;
    } else if (value !== null && typeof value === "object") {
      if (depth > MAX_STORED_DEPTH) return `${path} nests deeper than ${MAX_STORED_DEPTH} levels`;
      for (const key of Object.keys(value)) {
        if (UNSTORABLE.test(key)) return `${path} has a key with U+0000 or an unpaired surrogate`;
        stack.push({ value: (value as Record<string, unknown>)[key], depth: depth + 1, path: `${path}.${key.slice(0, 40)}` });
      }
    }
  }
  const indexed: [string, string][] = [["dedupe key", dedupeKey(event)]];
  if (event.kind !== "unknown") indexed.push(["providerMessageId", event.providerMessageId]);
  if (event.kind === "message") indexed.push(["from", event.from]);
  for (const [name, value] of indexed) {
    const bytes = Buffer.byteLength(value, "utf8");
    if (bytes > MAX_INDEXED_BYTES) return `${name} is ${bytes} bytes, too long for a unique btree index`;
  }
  return null;
}
