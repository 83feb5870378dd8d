import type { SendPorts, SendResult } from "../adapter";
import { badResponse, postToProvider, trimSlash } from "../shared/http";
import { asArray, asObject, asText } from "../shared/json";
import { META_DEFAULT_API_BASE_URL, META_DEFAULT_API_VERSION, type MetaConfig } from "./config";

/** {apiBaseUrl}/{apiVersion}/{phoneNumberId}/messages */
export function metaMessagesUrl(config: Pick<MetaConfig, "apiBaseUrl" | "apiVersion" | "phoneNumberId">, defaultBaseUrl = META_DEFAULT_API_BASE_URL): string {
  const base = trimSlash(config.apiBaseUrl ?? defaultBaseUrl);
  return `${base}/${config.apiVersion ?? META_DEFAULT_API_VERSION}/${encodeURIComponent(config.phoneNumberId)}/messages`;
}

/** `{messages:[{id:"wamid…"}]}` — the success answer of Meta and 360dialog. */
export function readCloudApiMessageId(body: unknown): string | undefined {
  return asText(asObject(asArray(asObject(body)?.messages)[0])?.id);
}

/** POST a Cloud API body; shared by Meta, 360dialog and the sandbox, which differ only in URL and auth header. */
export async function postCloudApiMessage(url: string, headers: Record<string, string>, body: unknown, ports: SendPorts): Promise<SendResult> {
  const answer = await postToProvider(ports, { url, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
  const providerMessageId = readCloudApiMessageId(answer);
  if (!providerMessageId) throw badResponse(answer);
  return { providerMessageId };
}

export async function postCloudApiMarkRead(url: string, headers: Record<string, string>, body: unknown, ports: SendPorts): Promise<void> {
  await postToProvider(ports, { url, headers: { "Content-Type": "application/json", ...headers }, body: JSON.stringify(body) });
}
