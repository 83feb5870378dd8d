import { beforeAll, describe, expect, it } from "vitest";
import * as flowRoute from "@/app/api/v1/flows/[id]/route";
import * as exportRoute from "@/app/api/v1/flows/[id]/export/route";
import * as publishRoute from "@/app/api/v1/flows/[id]/publish/route";
import * as versionRoute from "@/app/api/v1/flows/[id]/versions/[version]/route";
import * as restoreRoute from "@/app/api/v1/flows/[id]/versions/[version]/restore/route";
import * as versionsRoute from "@/app/api/v1/flows/[id]/versions/route";
import * as importRoute from "@/app/api/v1/flows/import/route";
import * as flowsRoute from "@/app/api/v1/flows/route";
import * as schemaRoute from "@/app/api/v1/flows/schema/route";
import { demoFlowDocument, type FlowDocument } from "@/lib/flow";
import { apiRequest, noParams, params, userWithToken } from "@/test/auth";

/** Drafts, publishing, versions, export / import through the real API and database. */
let editor = "";
let agent = "";

beforeAll(async () => {
  editor = (await userWithToken("editor")).token;
  agent = (await userWithToken("agent")).token;
});

async function json<T>(res: Response | Promise<Response>): Promise<T> {
  return (await (await res).json()) as T;
}

type FlowView = { id: string; revision: number; name: string; document: FlowDocument; problems: { code: string; blockId?: string }[]; publishedVersion: number | null };

async function create(body: unknown) {
  const res = await flowsRoute.POST(apiRequest("/api/v1/flows", { method: "POST", token: editor, body }), noParams);
  expect(res.status).toBe(201);
  return json<FlowView>(res);
}

describe("flows API", () => {
  it("creates an empty draft whose problems say what is missing, and lists it", async () => {
    const flow = await create({ name: "Empty" });
    expect(flow.document.blocks).toEqual([]);
    expect(flow.problems.map((p) => p.code)).toContain("no_trigger");
    const list = await json<{ items: { id: string; sessions24h: number; publishedVersion: number | null }[] }>(flowsRoute.GET(apiRequest("/api/v1/flows", { token: agent }), noParams));
    expect(list.items.find((f) => f.id === flow.id)).toMatchObject({ sessions24h: 0, publishedVersion: null });
  });

  it("refuses writes from agents and anonymous callers", async () => {
    expect((await flowsRoute.POST(apiRequest("/api/v1/flows", { method: "POST", token: agent, body: { name: "x" } }), noParams)).status).toBe(403);
    expect((await flowsRoute.GET(apiRequest("/api/v1/flows"), noParams)).status).toBe(401);
  });

  it("detects a conflicting save from a second tab and keeps the first save", async () => {
    const flow = await create({ name: "Two tabs", document: demoFlowDocument() });
    const tabA = { ...flow.document, blocks: flow.document.blocks.map((b) => (b.id === "pricing" ? { ...b, label: "Tab A" } : b)) };
    const tabB = { ...flow.document, blocks: flow.document.blocks.map((b) => (b.id === "pricing" ? { ...b, label: "Tab B" } : b)) };
    const saveA = await flowRoute.PUT(apiRequest(`/api/v1/flows/${flow.id}`, { method: "PUT", token: editor, body: { document: tabA, revision: flow.revision } }), params({ id: flow.id }));
    expect(saveA.status).toBe(200);
    const saveB = await flowRoute.PUT(apiRequest(`/api/v1/flows/${flow.id}`, { method: "PUT", token: editor, body: { document: tabB, revision: flow.revision } }), params({ id: flow.id }));
    expect(saveB.status).toBe(409);
    expect((await json<{ error: { code: string; message: string } }>(saveB)).error.message).toMatch(/saved elsewhere/);
    const now = await json<FlowView>(flowRoute.GET(apiRequest(`/api/v1/flows/${flow.id}`, { token: editor }), params({ id: flow.id })));
    expect(now.document.blocks.find((b) => b.id === "pricing")?.label).toBe("Tab A");
    expect(now.revision).toBe(flow.revision + 1);
  });

  it("refuses to publish a draft with errors, listing every problem", async () => {
    const flow = await create({ name: "Broken" });
    const res = await publishRoute.POST(apiRequest(`/api/v1/flows/${flow.id}/publish`, { method: "POST", token: editor, body: {} }), params({ id: flow.id }));
    expect(res.status).toBe(422);
    const body = await json<{ problems: { code: string }[] }>(res);
    expect(body.problems.map((p) => p.code)).toContain("no_trigger");
  });

  it("publishes versions, shows what changed, restores an old one as the draft", async () => {
    const flow = await create({ name: "Demo", document: demoFlowDocument() });
    const v1 = await json<{ version: number; sessionsOnOlderVersions: number }>(
      publishRoute.POST(apiRequest(`/api/v1/flows/${flow.id}/publish`, { method: "POST", token: editor, body: { note: "first" } }), params({ id: flow.id })),
    );
    expect(v1).toMatchObject({ version: 1, sessionsOnOlderVersions: 0 });
    const edited = { ...flow.document, blocks: flow.document.blocks.filter((b) => b.id !== "menu_failed"), edges: flow.document.edges.filter((e) => e.target !== "menu_failed") };
    await flowRoute.PUT(apiRequest(`/api/v1/flows/${flow.id}`, { method: "PUT", token: editor, body: { document: edited } }), params({ id: flow.id }));
    const v2 = await publishRoute.POST(apiRequest(`/api/v1/flows/${flow.id}/publish`, { method: "POST", token: editor, body: {} }), params({ id: flow.id }));
    expect((await json<{ version: number }>(v2)).version).toBe(2);
    const versions = await json<{ items: { version: number; note: string | null }[] }>(versionsRoute.GET(apiRequest(`/api/v1/flows/${flow.id}/versions`, { token: agent }), params({ id: flow.id })));
    expect(versions.items.map((v) => [v.version, v.note])).toEqual([[2, null], [1, "first"]]);
    const detail = await json<{ changes: { removed: { id: string }[] } }>(versionRoute.GET(apiRequest(`/api/v1/flows/${flow.id}/versions/2`, { token: agent }), params({ id: flow.id, version: "2" })));
    expect(detail.changes.removed.map((b) => b.id)).toEqual(["menu_failed"]);
    const restored = await json<FlowView>(restoreRoute.POST(apiRequest(`/api/v1/flows/${flow.id}/versions/1/restore`, { method: "POST", token: editor }), params({ id: flow.id, version: "1" })));
    expect(restored.document).toEqual(flow.document);
    expect(restored.publishedVersion).toBe(2);
  });

  it("exports and imports to an equal document; a broken import changes nothing", async () => {
    const flow = await create({ name: "Round trip", document: demoFlowDocument() });
    const exported = await json<FlowDocument & { name: string }>(exportRoute.GET(apiRequest(`/api/v1/flows/${flow.id}/export`, { token: agent }), params({ id: flow.id })));
    expect(exported.name).toBe("Round trip");
    const imported = await importRoute.POST(apiRequest("/api/v1/flows/import", { method: "POST", token: editor, body: exported }), noParams);
    expect(imported.status).toBe(201);
    const copy = await json<FlowView>(imported);
    expect(copy.name).toBe("Round trip");
    expect(copy.document).toEqual(flow.document);

    const before = (await json<{ items: unknown[] }>(flowsRoute.GET(apiRequest("/api/v1/flows", { token: agent }), noParams))).items.length;
    const broken = { version: 1, blocks: [{ id: "t", type: "teleport", position: { x: 0, y: 0 }, settings: {} }], edges: "nope" };
    const refused = await importRoute.POST(apiRequest("/api/v1/flows/import", { method: "POST", token: editor, body: broken }), noParams);
    expect(refused.status).toBe(422);
    const body = await json<{ problems: { message: string }[] }>(refused);
    expect(body.problems.length).toBeGreaterThan(0);
    const notJson = await importRoute.POST(apiRequest("/api/v1/flows/import", { method: "POST", token: editor, rawBody: "{" }), noParams);
    expect(notJson.status).toBe(400);
    const after = (await json<{ items: unknown[] }>(flowsRoute.GET(apiRequest("/api/v1/flows", { token: agent }), noParams))).items.length;
    expect(after).toBe(before);
  });

  it("serves the JSON Schema and answers 404 to unknown ids", async () => {
    const schema = await json<Record<string, unknown>>(schemaRoute.GET(apiRequest("/api/v1/flows/schema", { token: agent }), noParams));
    expect(JSON.stringify(schema)).toContain("blocks");
    expect((await flowRoute.GET(apiRequest("/api/v1/flows/nope", { token: agent }), params({ id: "nope" }))).status).toBe(404);
    expect((await flowRoute.GET(apiRequest(`/api/v1/flows/${crypto.randomUUID()}`, { token: agent }), params({ id: crypto.randomUUID() }))).status).toBe(404);
  });
});
