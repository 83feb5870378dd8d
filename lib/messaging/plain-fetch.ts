/**
 * Node's own fetch, for calls to the providers. Inside `next start` / server.mjs,
 * `globalThis.fetch` is Next's patched fetch, which wraps every call in a tracing span and
 * its data-cache bookkeeping — meant for page data, useless for a provider send, and in
 * the closed-loop profile ~18 % of the app's busy time. Next keeps the original on the
 * patched function; outside Next (tests, scripts) this is plain `fetch`.
 */
export const plainFetch: typeof fetch = (input, init) => {
  const current = globalThis.fetch as typeof fetch & { _nextOriginalFetch?: typeof fetch };
  return (current._nextOriginalFetch ?? current)(input, init);
};
