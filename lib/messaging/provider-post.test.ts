import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { metaAdapter } from "@/lib/channels/meta/adapter";
import { providerPost } from "./provider-post";
import { plainFetch } from "./plain-fetch";

/** The dispatcher's lean HTTP client, against a real loopback server playing the Graph API. */
let server: http.Server;
let base: string;
const seen: { method?: string; auth?: string; body: string }[] = [];

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      seen.push({ method: req.method, auth: req.headers.authorization, body });
      if (req.url?.includes("/hang/")) return; // never answered: the caller's timeout decides
      if (req.url?.includes("/busy/")) {
        res.writeHead(500, { "content-type": "application/json" });
        return res.end(JSON.stringify({ error: { message: "An unknown error occurred", code: 1, is_transient: true } }));
      }
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ messaging_product: "whatsapp", contacts: [{ input: "x", wa_id: "x" }], messages: [{ id: "wamid.lean" }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
});

const config = (path: string) => ({ phoneNumberId: "123", accessToken: "token", apiBaseUrl: `${base}/${path}`, apiVersion: "v23.0" }) as never;
const send = (path: string, timeoutMs = 2_000) =>
  metaAdapter.send(config(path), { to: "919800000001", content: { type: "text", text: "hé ✓" } }, { fetch: plainFetch, post: providerPost, timeoutMs });

describe("providerPost", () => {
  it("sends the adapter's request and reads the provider's id", async () => {
    await expect(send("ok")).resolves.toMatchObject({ providerMessageId: "wamid.lean" });
    const last = seen.at(-1)!;
    expect(last).toMatchObject({ method: "POST", auth: "Bearer token" });
    expect(JSON.parse(last.body)).toMatchObject({ to: "919800000001", text: { body: "hé ✓" } });
  });

  it("classifies a 500 like fetch does, and a timeout as a timeout", async () => {
    await expect(send("busy")).rejects.toMatchObject({ retryable: true, httpStatus: 500 });
    await expect(send("hang", 50)).rejects.toMatchObject({ code: "timeout", retryable: true });
  });

  it("reports a refused connection as a network error", async () => {
    const closed = http.createServer();
    await new Promise<void>((r) => closed.listen(0, "127.0.0.1", r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((r) => closed.close(r));
    const refused = metaAdapter.send(
      { phoneNumberId: "123", accessToken: "token", apiBaseUrl: `http://127.0.0.1:${port}`, apiVersion: "v23.0" } as never,
      { to: "919800000001", content: { type: "text", text: "x" } },
      { fetch: plainFetch, post: providerPost },
    );
    await expect(refused).rejects.toMatchObject({ code: "network", retryable: true });
  });
});
