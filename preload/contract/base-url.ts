// Where a provider may be reached: a plain rule with no schema library behind it, so the terminal
// profile's reader (and every `kasir` command through it) checks a base URL without building the
// settings screen's schemas.

/** This computer: localhost, [::1] and all of 127.0.0.0/8 (the URL parser has normalised 127.1 already). */
const isLoopbackHostname = (hostname: string) =>
  hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);

/** https only; plain http is allowed to this computer alone (a local test provider). */
export function isAllowedBaseUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  if (url.username || url.password || url.search || url.hash) return false;
  if (url.protocol === 'https:') return true;
  return url.protocol === 'http:' && isLoopbackHostname(url.hostname);
}
