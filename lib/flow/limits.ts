import type { EngineLimits } from "./types";

export const DEFAULT_LIMITS = {
  maxStepsPerMessage: 50,
  inactivityTimeoutMinutes: 24 * 60,
  maxHttpTimeoutMs: 60_000,
  maxResponseBytes: 1024 * 1024,
} as const;

export const API_TIMEOUT_SECONDS = { default: 10, max: 60 } as const;

export type ResolvedLimits = { [K in keyof typeof DEFAULT_LIMITS]: number };

/**
 * The flow's own settings win over the runtime's defaults: the operator tuned them for
 * this flow, and the document schema already bounds them.
 */
export function resolveLimits(
  flowSettings: { maxStepsPerMessage?: number; inactivityTimeoutMinutes?: number } | undefined,
  limits: EngineLimits | undefined,
): ResolvedLimits {
  return {
    maxStepsPerMessage:
      flowSettings?.maxStepsPerMessage ?? limits?.maxStepsPerMessage ?? DEFAULT_LIMITS.maxStepsPerMessage,
    inactivityTimeoutMinutes:
      flowSettings?.inactivityTimeoutMinutes ?? limits?.inactivityTimeoutMinutes ?? DEFAULT_LIMITS.inactivityTimeoutMinutes,
    maxHttpTimeoutMs: limits?.maxHttpTimeoutMs ?? DEFAULT_LIMITS.maxHttpTimeoutMs,
    maxResponseBytes: limits?.maxResponseBytes ?? DEFAULT_LIMITS.maxResponseBytes,
  };
}
