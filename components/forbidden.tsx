import { ShieldAlert } from "lucide-react";

import { ROLES, ROLE_LABELS, can, type Permission, type Role } from "@/lib/auth/roles";

/** Roles that hold a permission, lowest first: "Editor or Admin". */
function rolesThatCan(permission: Permission): string {
  const labels = [...ROLES]
    .reverse()
    .filter((role) => can(role, permission))
    .map((role) => ROLE_LABELS[role].label);
  return labels.length > 1 ? `${labels.slice(0, -1).join(", ")} or ${labels.at(-1)}` : (labels[0] ?? "another");
}

/** Shown in place of a page the signed-in role may not open. */
export function Forbidden({ role, permission, area }: { role: Role; permission: Permission; area: string }) {
  const needed = rolesThatCan(permission);
  return (
    <section
      data-testid="forbidden"
      aria-labelledby="forbidden-title"
      className="flex flex-col items-center rounded-xl border bg-card px-6 py-12 text-center"
    >
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-warning/10 text-warning">
        <ShieldAlert aria-hidden className="size-6" />
      </div>
      <h2 id="forbidden-title" className="text-lg font-semibold">
        Not allowed
      </h2>
      <p className="mt-2 max-w-md text-sm text-muted-foreground">
        {`Your role (${ROLE_LABELS[role].label}) can't open ${area}. Ask an admin for the ${needed} role.`}
      </p>
    </section>
  );
}
