import { dbHandle } from "@/db";
import { LOCKS, withGlobalLock } from "@/db/locks";
import { countUsers, markOwner } from "@/db/queries/users";
import { conflict } from "@/lib/api/errors";
import { getAuth } from "./auth";
import type { Role } from "./roles";

export interface NewUser {
  name: string;
  email: string;
  password: string;
  role: Role;
}

/**
 * Creates a user with an email + password account the way better-auth's own admin
 * plugin does (its password hasher and adapter), since public sign-up is disabled.
 */
export async function createUserWithPassword(input: NewUser) {
  const auth = await getAuth();
  const ctx = await auth.$context;
  const email = input.email.trim().toLowerCase();
  if (await ctx.internalAdapter.findUserByEmail(email)) throw conflict(`A user with the email ${email} already exists.`);
  const user = await ctx.internalAdapter.createUser({ email, name: input.name.trim(), role: input.role, emailVerified: false }, { method: "admin" });
  const hash = await ctx.password.hash(input.password);
  await ctx.internalAdapter.linkAccount({ providerId: "credential", accountId: user.id, userId: user.id, password: hash });
  return { id: user.id, email, name: user.name, role: input.role };
}

/**
 * The first account is the owner (an admin that cannot be demoted). Serialized with a
 * global lock so two simultaneous setup requests (or instances) cannot both become it.
 */
export async function createOwner(input: Omit<NewUser, "role">) {
  const handle = await dbHandle();
  return withGlobalLock(handle, LOCKS.owner, async () => {
    if ((await countUsers(handle.db)) > 0) throw conflict("The owner account already exists. Sign in instead.");
    const user = await createUserWithPassword({ ...input, role: "admin" });
    await markOwner(handle.db, user.id);
    return { ...user, isOwner: true };
  });
}
