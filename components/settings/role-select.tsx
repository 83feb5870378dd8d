"use client";

import { Select, SelectContent, SelectItem, SelectTrigger, SelectValue } from "@/components/ui/select";
import { ROLES, ROLE_LABELS, type Role } from "@/lib/auth/roles";
import { cn } from "@/lib/utils";

export function RoleSelect({
  value,
  onValueChange,
  disabled,
  className,
  ...triggerProps
}: {
  value: Role;
  onValueChange: (role: Role) => void;
  disabled?: boolean;
  className?: string;
  id?: string;
  "aria-label"?: string;
  "aria-describedby"?: string;
  "data-testid"?: string;
}) {
  return (
    <Select value={value} onValueChange={(next) => onValueChange(next as Role)} disabled={disabled}>
      <SelectTrigger size="sm" className={cn("w-32", className)} {...triggerProps}>
        <SelectValue />
      </SelectTrigger>
      <SelectContent align="start" className="w-72">
        {ROLES.map((role) => (
          <SelectItem key={role} value={role} description={ROLE_LABELS[role].description} data-testid={`role-option-${role}`}>
            {ROLE_LABELS[role].label}
          </SelectItem>
        ))}
      </SelectContent>
    </Select>
  );
}
