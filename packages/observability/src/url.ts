/** A connection URL with its password masked, for messages shown to operators. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '[unparseable url]';
  }
}

/** Query parameters whose values are credentials (acknowledgement links carry `?token=…`). */
const credentialParameter =
  /^(token|[a-z_]*_token|secret|password|passwd|key|api_?key|signature|sig|code|auth)$/i;

/**
 * A request target (`/path?query`) with the values of credential-like query parameters
 * replaced, for request log lines. The path and the other parameters are kept as they were.
 */
export function redactUrlQuery(target: string): string {
  const at = target.indexOf('?');
  if (at < 0) return target;
  const [query = '', fragment] = target.slice(at + 1).split('#', 2);
  const pairs = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const rawName = equals < 0 ? pair : pair.slice(0, equals);
    let name = rawName;
    try {
      name = decodeURIComponent(rawName.replace(/\+/g, ' '));
    } catch {
      // An undecodable name is judged as written.
    }
    return equals >= 0 && credentialParameter.test(name.trim()) ? `${rawName}=[redacted]` : pair;
  });
  return `${target.slice(0, at)}?${pairs.join('&')}${fragment === undefined ? '' : `#${fragment}`}`;
}
