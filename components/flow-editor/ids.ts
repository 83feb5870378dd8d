import type { BlockType } from "@/lib/flow";

/** Readable block ids (`reply_3`): they show up in exports, the step log and problems. */
export function nextBlockId(type: BlockType, taken: ReadonlySet<string>): string {
  for (let n = 1; ; n++) {
    const id = `${type}_${n}`;
    if (!taken.has(id)) return id;
  }
}

export function newEdgeId(): string {
  return `e_${Math.random().toString(36).slice(2, 10)}`;
}
