"use client";
import { createAuthClient } from "better-auth/react";

/** Browser-side sign-in / sign-out against /api/auth (same origin). */
export const authClient = createAuthClient();
