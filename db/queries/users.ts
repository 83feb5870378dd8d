import { and, asc, count, eq, inArray } from "drizzle-orm";
import type { Queryable } from "@/db/client";
import { users } from "@/db/schema";
import type { Role } from "@/lib/auth/roles";

export async function countUsers(db: Queryable): Promise<number> {
  const [row] = await db.select({ n: count() }).from(users);
  return row?.n ?? 0;
}

export function listUsers(db: Queryable) {
  return db
    .select({ id: users.id, email: users.email, name: users.name, role: users.role, isOwner: users.isOwner, createdAt: users.createdAt })
    .from(users)
    .orderBy(asc(users.createdAt));
}

export async function findUserById(db: Queryable, id: string) {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row ?? null;
}

export async function findOwner(db: Queryable) {
  const [row] = await db.select().from(users).where(eq(users.isOwner, true)).limit(1);
  return row ?? null;
}

export async function setUserRole(db: Queryable, id: string, role: Role) {
  const [row] = await db
    .update(users)
    .set({ role, updatedAt: new Date() })
    .where(and(eq(users.id, id), eq(users.isOwner, false)))
    .returning();
  return row ?? null;
}

export async function markOwner(db: Queryable, id: string) {
  await db.update(users).set({ isOwner: true, role: "admin" }).where(eq(users.id, id));
}

/** Names of users (agents who sent or wrote notes), by id. */
export async function userNames(db: Queryable, ids: string[]): Promise<Map<string, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, ids));
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Everyone who may work in the inbox (every role can), for the assignment menu. */
export function assignableUsers(db: Queryable) {
  return db.select({ id: users.id, name: users.name, email: users.email, role: users.role }).from(users).orderBy(asc(users.name));
}

export async function findUser(db: Queryable, id: string) {
  const [row] = await db.select({ id: users.id, name: users.name }).from(users).where(eq(users.id, id));
  return row ?? null;
}
