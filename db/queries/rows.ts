import { getTableColumns, getTableName, is, SQL, sql, type Column, type Table } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";
import { isUuid } from "@/lib/uuid";

/** `db.execute` answers an array on postgres.js and `{ rows }` on PGlite; this reads both. */
export function rowsOf<T>(result: unknown): T[] {
  if (Array.isArray(result)) return result as T[];
  const rows = (result as { rows?: unknown }).rows;
  return Array.isArray(rows) ? (rows as T[]) : [];
}

/**
 * A raw row (database column names, driver values — as `db.execute` answers) as the
 * table's typed row, each value mapped the way drizzle maps it (timestamps to Date,
 * int8 to number, jsonb parsed).
 */
export function mapRow<T extends Table>(table: T, raw: Record<string, unknown>): T["$inferSelect"] {
  const out: Record<string, unknown> = {};
  for (const [key, column] of columnEntries(table)) {
    const value = raw[column.name];
    out[key] = value === null || value === undefined ? null : column.mapFromDriverValue(value);
  }
  return out as T["$inferSelect"];
}

const entries = new WeakMap<Table, [string, Column][]>();
function columnEntries(table: Table): [string, Column][] {
  let list = entries.get(table);
  if (!list) entries.set(table, (list = Object.entries(getTableColumns(table))));
  return list;
}

/**
 * Ids as one `uuid[]` parameter. A batch statement that joins a table to
 * `jsonb_to_recordset(…)` also filters on `id = ANY(uuids(…))`: the planner guesses 100
 * rows for the function and would scan the whole table (it did: 2.4 ms per batch on 5,000
 * messages, growing); with the array it looks the rows up by primary key.
 */
export function uuids(ids: readonly string[]): SQL {
  for (const id of ids) if (!isUuid(id)) throw new Error(`not a uuid: ${id}`);
  return sql`${`{${ids.join(",")}}`}::uuid[]`;
}

/** The SQL type of a column's values (a serial column holds plain integers). */
function valueType(column: Column): string {
  const type = column.getSQLType();
  return ({ bigserial: "bigint", serial: "integer", smallserial: "smallint" } as Record<string, string>)[type] ?? type;
}

/**
 * `column = ANY(<one array parameter>)`: drizzle's `inArray` writes one parameter per
 * value, so its SQL text changes with the number of values and postgres.js describes a
 * new prepared statement (an extra round trip) for each count. This one keeps the text
 * constant. The array goes as a PostgreSQL array literal of the column's type.
 */
export function anyOf(column: Column, values: readonly (string | number)[]): SQL {
  const type = valueType(column);
  if (type === "uuid") for (const v of values) if (typeof v !== "string" || !isUuid(v)) throw new Error(`not a uuid: ${String(v)}`);
  return sql`${column} = ANY(${arrayLiteral(values)}::${sql.raw(type)}[])`;
}

/** Text values as one `text[]` parameter, for raw statements (`x = ANY(${texts(values)})`). */
export function texts(values: readonly string[]): SQL {
  return sql`${arrayLiteral(values)}::text[]`;
}

function arrayLiteral(values: readonly (string | number)[]): string {
  const element = (v: string | number) => (typeof v === "number" ? String(v) : `"${v.replace(/[\\"]/g, (c) => `\\${c}`)}"`);
  return `{${values.map(element).join(",")}}`;
}

/**
 * A multi-row INSERT whose rows travel as one jsonb parameter (`jsonb_to_recordset`)
 * instead of one parameter per cell. The SQL text is the same whatever the number of rows,
 * so postgres.js reuses its prepared statement instead of describing a new one (a second
 * round trip) per batch size; and drizzle does not build a query chunk per cell (its
 * builder was about a tenth of the app's busy time in the closed-loop profile, mostly
 * for these batch inserts). Rows keep their order (WITH ORDINALITY), so serial columns
 * follow it as with VALUES.
 *
 * The columns are every key a row sets, plus `expressions` (SQL evaluated per row, e.g.
 * `clock_timestamp()`). Where a row leaves out a key that others set, it gets the
 * column's default as drizzle would give it (`$defaultFn`, a value, or the SQL default
 * through coalesce), else NULL. Append `ON CONFLICT …` / `RETURNING …` to the answer.
 *
 * The statement's text around the rows and the expressions is rendered once per table and
 * set of columns and kept as plain text: drizzle walks every chunk of a query each time it
 * runs one, and with a chunk per column name, definition and value that walk cost 82 µs
 * per webhook's INSERT on the main thread and 400 µs for ten replies (14 and 81 µs now;
 * bench/README).
 */
export function recordsetInsert<T extends Table>(table: T, rows: readonly T["$inferInsert"][], expressions: Record<string, SQL> = {}): SQL {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r as object).filter((k) => cell(r, k) !== undefined)))].filter((k) => !(k in expressions));
  const extraKeys = Object.keys(expressions);
  const shape = recordsetShape(table, keys, extraKeys, (key) => rows.every((r) => cell(r, key) !== undefined));
  const data = rows.map((row) => {
    const out: Record<string, unknown> = {};
    for (const c of shape.cells) {
      let value = cell(row, c.key);
      if (value === undefined) value = c.fill?.();
      if (value instanceof SQL) throw new Error(`${getTableName(table)}.${c.name}: pass SQL values as expressions`);
      out[c.name] = value === undefined || value === null ? null : c.json ? value : c.column.mapToDriverValue(value);
    }
    return out;
  });
  const computed = extraKeys.map((k) => expressions[k]!);
  const select = computed.length === 0 ? sql.raw(shape.select) : sql`${sql.raw(shape.select + (keys.length ? ", " : ""))}${sql.join(computed, sql.raw(", "))}`;
  return sql`${select}${sql.raw("\n    FROM ROWS FROM (jsonb_to_recordset(")}${JSON.stringify(data)}${sql.raw(shape.tail)}`;
}

const cell = (row: unknown, key: string) => (row as Record<string, unknown>)[key];

interface RecordsetShape {
  /** `INSERT INTO t (…) SELECT i.a, coalesce(i.b, default), …` without the expressions. */
  select: string;
  /** After the jsonb parameter. */
  tail: string;
  cells: { key: string; name: string; column: Column; json: boolean; fill?: () => unknown }[];
}

const shapes = new WeakMap<Table, Map<string, RecordsetShape>>();
const dialect = new PgDialect();

function recordsetShape(table: Table, keys: string[], extraKeys: string[], everyRowSets: (key: string) => boolean): RecordsetShape {
  const columns = getTableColumns(table);
  // Which keys fall back to a default differs between batches: part of the cache key.
  const defaulted = keys.filter((k) => columns[k]?.hasDefault && !everyRowSets(k));
  const cacheKey = `${keys.join(",")}|${extraKeys.join(",")}|${defaulted.join(",")}`;
  let byKey = shapes.get(table);
  const cached = byKey?.get(cacheKey);
  if (cached) return cached;

  // Names quoted, and the table qualified, as drizzle renders them.
  const name = (n: string) => dialect.escapeName(n);
  const target = dialect.sqlToQuery(sql`${table}`).sql;
  const cells: RecordsetShape["cells"] = [];
  const values: string[] = [];
  for (const key of keys) {
    const column = columns[key];
    if (!column) throw new Error(`${getTableName(table)} has no column ${key}`);
    const entry: RecordsetShape["cells"][number] = { key, name: column.name, column, json: column.getSQLType() === "jsonb" || column.getSQLType() === "json" };
    let value = `i.${name(column.name)}`;
    if (defaulted.includes(key)) {
      if (column.defaultFn) entry.fill = column.defaultFn;
      else if (is(column.default, SQL)) {
        const rendered = dialect.sqlToQuery(column.default);
        if (rendered.params.length > 0) throw new Error(`${getTableName(table)}.${column.name}: an SQL default with parameters cannot fill a recordset insert`);
        value = `coalesce(${value}, ${rendered.sql})`;
      } else entry.fill = () => column.default;
    }
    cells.push(entry);
    values.push(value);
  }
  for (const key of extraKeys) if (!columns[key]) throw new Error(`${getTableName(table)} has no column ${key}`);
  const targets = [...keys, ...extraKeys].map((k) => name(columns[k]!.name));
  const definitions = keys.map((k) => `${name(columns[k]!.name)} ${valueType(columns[k]!)}`);
  const shape: RecordsetShape = {
    select: `INSERT INTO ${target} (${targets.join(", ")})\n    SELECT ${values.join(", ")}`,
    tail: `::jsonb) AS (${definitions.join(", ")})) WITH ORDINALITY AS i(${[...keys.map((k) => name(columns[k]!.name)), name("ordinality")].join(", ")})\n    ORDER BY i.ordinality`,
    cells,
  };
  if (!byKey) shapes.set(table, (byKey = new Map()));
  byKey.set(cacheKey, shape);
  return shape;
}

/**
 * Statements of one transaction sent together: postgres.js pipelines the queries issued
 * on the transaction's connection without waiting for each answer, and the server runs
 * them one after another in the order they were issued (PGlite runs them in call order).
 * So a batch pays one round trip for them instead of one each — the processing stage's
 * wall time is mostly round trips, each waiting its turn on a busy event loop. Pass
 * helpers that issue their query before anything else awaits (every db/queries helper
 * does), in the order they must run; a failure rejects, and the transaction rolls back
 * as it would have. rows.test.ts checks the order on both databases.
 */
export function pipelined<const T extends readonly unknown[]>(...statements: T): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  return Promise.all(statements) as Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }>;
}
