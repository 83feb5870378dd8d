/**
 * Tickflow's three roles. Each role includes the ones below it: an admin can do what an
 * editor can, an editor what an agent can. Checked on the server for every mutation;
 * the UI only hides what the server would refuse anyway.
 */
export const ROLES = ["admin", "editor", "agent"] as const;
export type Role = (typeof ROLES)[number];

export const PERMISSIONS = {
  "inbox:use": "agent",
  "flows:read": "agent",
  "flows:edit": "editor",
  "simulator:use": "editor",
  "channels:read": "editor",
  "channels:manage": "admin",
  "users:manage": "admin",
  "tokens:manage": "admin",
  "audit:read": "admin",
} as const satisfies Record<string, Role>;
export type Permission = keyof typeof PERMISSIONS;

const RANK: Record<Role, number> = { agent: 1, editor: 2, admin: 3 };

export function isRole(value: unknown): value is Role {
  return typeof value === "string" && (ROLES as readonly string[]).includes(value);
}

export function can(role: Role | null | undefined, permission: Permission): boolean {
  if (!role) return false;
  return RANK[role] >= RANK[PERMISSIONS[permission]];
}

export const ROLE_LABELS: Record<Role, { label: string; description: string }> = {
  admin: { label: "Admin", description: "Channels, users, API tokens, and everything editors can do" },
  editor: { label: "Editor", description: "Builds and publishes flows, and everything agents can do" },
  agent: { label: "Agent", description: "Answers conversations in the inbox" },
};
