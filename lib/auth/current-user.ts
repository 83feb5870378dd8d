import type { Role } from "./roles";

/** The signed-in person as pages and route handlers see them. */
export interface CurrentUser {
  id: string;
  email: string;
  name: string;
  role: Role;
  /** How the request was authenticated: the browser session cookie or an API token. */
  via: "session" | "token";
}
