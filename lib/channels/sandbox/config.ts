import { z } from "zod";
import { metaConfigSchema } from "../meta/config";

/**
 * Where the app serves its mock Graph API. The sandbox adapter posts to
 * {appUrl}{SANDBOX_GRAPH_PATH}/{apiVersion}/{phoneNumberId}/messages, so the mock route
 * lives at app/api/sandbox/graph/[version]/[phoneNumberId]/messages.
 */
export const SANDBOX_GRAPH_PATH = "/api/sandbox/graph";

/** Meta's fields; the tokens get defaults because nobody issues them — only appSecret signs the mock's webhooks. */
export const sandboxConfigSchema = metaConfigSchema.extend({
  accessToken: z.string().trim().min(1).default("sandbox-access-token"),
  verifyToken: z.string().trim().min(1).default("sandbox-verify-token"),
});
export type SandboxConfig = z.infer<typeof sandboxConfigSchema>;

export const sandboxSecretFields = ["accessToken", "appSecret", "verifyToken"] as const satisfies readonly (keyof SandboxConfig)[];
