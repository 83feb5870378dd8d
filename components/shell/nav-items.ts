import { MessagesSquare, RadioTower, Settings, Smartphone, Workflow, type LucideIcon } from "lucide-react";

export interface NavItem {
  /** Used for data-testid="nav-<id>". */
  id: "flows" | "inbox" | "channels" | "simulator" | "settings";
  href: string;
  label: string;
  icon: LucideIcon;
}

// Every role sees every item: a page the role can't use explains why instead of vanishing.
export const NAV_ITEMS: readonly NavItem[] = [
  { id: "flows", href: "/flows", label: "Flows", icon: Workflow },
  { id: "inbox", href: "/inbox", label: "Inbox", icon: MessagesSquare },
  { id: "channels", href: "/channels", label: "Channels", icon: RadioTower },
  { id: "simulator", href: "/simulator", label: "Simulator", icon: Smartphone },
  { id: "settings", href: "/settings", label: "Settings", icon: Settings },
];

export function isActive(pathname: string, href: string): boolean {
  return pathname === href || pathname.startsWith(`${href}/`);
}
