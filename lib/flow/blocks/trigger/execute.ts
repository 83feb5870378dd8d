import type { Executor } from "../types";
import type { TriggerSettings } from "./schema";

/** Matching happens before the session exists (matchTrigger); entering just moves on. */
export const executeTrigger: Executor<TriggerSettings> = () => ({ next: "next" });
