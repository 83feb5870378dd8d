const decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/**
 * A webhook body as text, byte for byte: signatures cover the exact bytes, so nothing may
 * be rewritten (`Request.text()` replaces invalid UTF-8 with U+FFFD and drops a leading
 * BOM, which turned such a body into a misleading 401 "signature mismatch").
 * null: the bytes are not UTF-8 — answered 400 "Body is not valid UTF-8".
 */
export function decodeWebhookBody(bytes: Uint8Array | ArrayBuffer): string | null {
  try {
    return decoder.decode(bytes);
  } catch {
    return null;
  }
}

export const NOT_UTF8_ERROR = "Body is not valid UTF-8";
