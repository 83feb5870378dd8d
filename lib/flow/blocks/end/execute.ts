import type { Executor } from "../types";
import type { EndSettings } from "./schema";

export const executeEnd: Executor<EndSettings> = () => ({ stop: { kind: "end" } });
