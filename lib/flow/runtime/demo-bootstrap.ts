import type { Database } from "@/db";
import { insertFlow, insertVersion, updateFlow } from "@/db/queries/flows";
import { readSetting, writeSetting } from "@/db/queries/settings";
import { demoFlowDocument } from "@/lib/flow";
import { childLog } from "@/lib/log";
import { invalidateChannelFlows } from "./flow-cache";

const log = childLog("bootstrap");
const KEY = "demo_flow_created";

/**
 * First start: the sandbox gets the seed's bot ("hi" → 1 price / 2 support) as a
 * published flow, so the simulator answers right away. Created once per installation;
 * deleting it later is respected (the marker stays).
 */
export async function ensureDemoFlow(db: Database, sandboxChannelId: string): Promise<void> {
  if (await readSetting(db, KEY)) return;
  const document = demoFlowDocument() as unknown as Record<string, unknown>;
  await db.transaction(async (tx) => {
    const flow = await insertFlow(tx, {
      name: "Demo: price & support",
      description: "The seed bot: “hi” shows a menu; 1 gives the price, 2 asks for an email and hands over to an agent.",
      draft: document,
      channelIds: [sandboxChannelId],
      priority: 100,
    });
    await insertVersion(tx, { flowId: flow.id, version: 1, document, note: "Created on first start" });
    await updateFlow(tx, flow.id, { publishedVersion: 1, updatedBy: null });
    await writeSetting(tx, KEY, { flowId: flow.id, at: new Date().toISOString() });
  });
  invalidateChannelFlows();
  log.info("demo flow published on the sandbox channel");
}
