/**
 * Turns an RPC URL into a label that is safe for logs, metrics and error messages: scheme,
 * host and port only, with any path or query replaced by `/…`. Providers embed API keys in
 * the path (`/v3/<key>`), the query (`?apikey=`) or the userinfo (`user:pass@`), so none of
 * those parts may leave this function. An unparsable URL yields a fixed placeholder rather
 * than the raw text, which could itself be a secret.
 */
export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return '[invalid url]';
  }
  const origin = `${parsed.protocol}//${parsed.host}`;
  const hasPath = parsed.pathname !== '' && parsed.pathname !== '/';
  const hasQuery = parsed.search !== '' || parsed.hash !== '';
  return hasPath || hasQuery ? `${origin}/…` : origin;
}

/**
 * Redacted labels for a list of URLs, unique within the list: two keys on the same provider
 * would otherwise share one label (and one metric series), so later duplicates get `#2`, `#3`.
 */
export function endpointLabels(urls: readonly string[]): string[] {
  const seen = new Map<string, number>();
  return urls.map((url) => {
    const base = redactUrl(url);
    const n = (seen.get(base) ?? 0) + 1;
    seen.set(base, n);
    return n === 1 ? base : `${base}#${n}`;
  });
}
