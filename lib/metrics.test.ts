import { beforeAll, describe, expect, it } from "vitest";
import { apiRequest, userWithToken } from "@/test/auth";

process.env.METRICS_TOKEN = "metrics-token-for-tests-0123456789";

/** /api/metrics serves Prometheus text only to METRICS_TOKEN or an admin's API token. */
let GET: (req: Request) => Promise<Response>;
beforeAll(async () => {
  ({ GET } = await import("@/app/api/metrics/route"));
});

describe("GET /api/metrics", () => {
  it("needs a token", async () => {
    expect((await GET(apiRequest("/api/metrics"))).status).toBe(401);
    expect((await GET(apiRequest("/api/metrics", { token: "wrong-token-wrong-token" }))).status).toBe(401);
  });

  it("serves Prometheus metrics to METRICS_TOKEN and to an admin's API token, not to an agent's", async () => {
    const res = await GET(apiRequest("/api/metrics", { token: process.env.METRICS_TOKEN }));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/plain/);
    expect(await res.text()).toMatch(/process_cpu_user_seconds_total/);
    expect((await GET(apiRequest("/api/metrics", { token: (await userWithToken("admin")).token }))).status).toBe(200);
    expect((await GET(apiRequest("/api/metrics", { token: (await userWithToken("agent")).token }))).status).toBe(403);
  });
});
