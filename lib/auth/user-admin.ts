import { z } from "zod";
import type { Database } from "@/db";
import { recordAudit } from "@/db/queries/audit";
import { findUserById, listUsers, setUserRole } from "@/db/queries/users";
import { conflict, notFound } from "@/lib/api/errors";
import type { CurrentUser } from "./current-user";
import { ROLES } from "./roles";
import { createUserWithPassword } from "./users";

export const newUserSchema = z.object({
  name: z.string().trim().min(1, "Enter a name").max(100),
  email: z.email("Enter a valid email address"),
  password: z.string().min(10, "Use at least 10 characters").max(128),
  role: z.enum(ROLES),
});

export const roleChangeSchema = z.object({ role: z.enum(ROLES) });

export async function listTeam(db: Database) {
  return { items: await listUsers(db) };
}

export async function addTeamMember(db: Database, actor: CurrentUser, input: z.infer<typeof newUserSchema>, ip: string) {
  const user = await createUserWithPassword(input);
  await recordAudit(db, { actorKind: actor.via === "token" ? "token" : "user", actorId: actor.id, action: "user.created", targetType: "user", targetId: user.id, details: { role: user.role, email: user.email }, ip });
  return user;
}

export async function changeRole(db: Database, actor: CurrentUser, id: string, role: z.infer<typeof roleChangeSchema>["role"], ip: string) {
  const target = await findUserById(db, id);
  if (!target) throw notFound("User");
  if (target.isOwner) throw conflict("The owner's role cannot be changed.");
  const updated = await setUserRole(db, id, role);
  if (!updated) throw conflict("The owner's role cannot be changed.");
  await recordAudit(db, { actorKind: actor.via === "token" ? "token" : "user", actorId: actor.id, action: "user.role_changed", targetType: "user", targetId: id, details: { from: target.role, to: role }, ip });
  return { id: updated.id, email: updated.email, name: updated.name, role: updated.role, isOwner: updated.isOwner, createdAt: updated.createdAt };
}
