import { isIP } from 'node:net';
import ipaddr from 'ipaddr.js';

/**
 * Why an image could not be fetched. Transient classes are retried later; permanent ones are
 * recorded and never retried.
 */
export const fetchFailureClasses = {
  bad_url: { transient: false },
  refused_address: { transient: false },
  unreachable: { transient: true },
  timeout: { transient: true },
  too_many_redirects: { transient: false },
  too_large: { transient: false },
  http_status: { transient: false },
  server_error: { transient: true },
  not_an_image: { transient: false },
} as const;

export type FetchFailureClass = keyof typeof fetchFailureClasses;

/**
 * Whether an address may be fetched: only public unicast addresses, unless `host:port` is on the
 * allow-list (the simulator in tests and the demo). Loopback, private, link-local (cloud metadata
 * at 169.254.169.254), carrier-grade NAT, unique-local, multicast and reserved ranges are refused,
 * including IPv4 written inside IPv6.
 */
export function addressVerdict(
  address: string,
  port: number,
  allowList: ReadonlySet<string>,
): { allowed: true } | { allowed: false; range: string } {
  if (!ipaddr.isValid(address)) return { allowed: false, range: 'invalid' };
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  const range = parsed.range();
  if (range === 'unicast') return { allowed: true };
  const key =
    parsed.kind() === 'ipv6' ? `[${parsed.toString()}]:${port}` : `${parsed.toString()}:${port}`;
  return allowList.has(key) ? { allowed: true } : { allowed: false, range };
}

/**
 * What can be said of a URL's host before any lookup, for refusing a bad address when it is
 * entered: an address literal is judged by its range, and `localhost` names are loopback by
 * definition (RFC 6761). Other names can only be judged when resolved, at each request.
 */
export function urlHostVerdict(
  url: URL,
  allowList: ReadonlySet<string>,
): { allowed: true } | { allowed: false; range: string } {
  const host = url.hostname.replace(/^\[|\]$/g, '').toLowerCase();
  const port = Number(url.port || (url.protocol === 'https:' ? 443 : 80));
  // The URL parser has already turned other spellings (`0x7f.1`, `2130706433`) into these.
  if (isIP(host) !== 0) return addressVerdict(host, port, allowList);
  if (host === 'localhost' || host.endsWith('.localhost'))
    return { allowed: false, range: 'loopback' };
  return { allowed: true };
}

/** `host:port` entries as compared against resolved addresses (`[v6]:port` for IPv6). */
export function parseAllowList(entries: readonly string[]): Set<string> {
  const allowed = new Set<string>();
  for (const entry of entries) {
    const match = /^(\[[0-9a-f:.]+\]|[0-9.]+):(\d{1,5})$/i.exec(entry.trim());
    if (!match?.[1] || !match[2])
      throw new Error(`"${entry}" is not an address:port (IPv6 as [addr]:port)`);
    const address = match[1].replace(/^\[|\]$/g, '');
    if (!ipaddr.isValid(address)) throw new Error(`"${entry}" is not an IP address`);
    const normal = ipaddr.parse(address).toString();
    allowed.add(address.includes(':') ? `[${normal}]:${match[2]}` : `${normal}:${match[2]}`);
  }
  return allowed;
}

/** The image type the bytes really are, whatever the server claimed; undefined if none. */
export function sniffImageType(bytes: Uint8Array): string | undefined {
  const at = (offset: number, ...values: number[]) =>
    values.every((value, index) => bytes[offset + index] === value);
  // Magic numbers are ASCII: one byte per character.
  const ascii = (offset: number, text: string) =>
    at(offset, ...Array.from(Buffer.from(text, 'latin1')));
  if (at(0, 0xff, 0xd8, 0xff)) return 'image/jpeg';
  if (at(0, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a)) return 'image/png';
  if (ascii(0, 'GIF87a') || ascii(0, 'GIF89a')) return 'image/gif';
  if (ascii(0, 'RIFF') && ascii(8, 'WEBP')) return 'image/webp';
  if (ascii(4, 'ftyp')) {
    const brand = String.fromCharCode(...bytes.subarray(8, 12));
    if (brand === 'avif' || brand === 'avis') return 'image/avif';
    if (['heic', 'heix', 'mif1', 'msf1'].includes(brand)) return 'image/heic';
  }
  if (at(0, 0x49, 0x49, 0x2a, 0x00) || at(0, 0x4d, 0x4d, 0x00, 0x2a)) return 'image/tiff';
  if (ascii(0, 'BM')) return 'image/bmp';
  return undefined;
}

export type BrowserRequestVerdict =
  { allowed: true } | { allowed: false; reason: 'scheme' | 'address'; range: string };

/**
 * Whether a request the browser makes while reading a page may leave: the page is written by
 * strangers, so its images, frames and scripts must not reach inside the network. The hosts the
 * crawler itself chose to open (a source, a permalink) were checked when they were entered and
 * are trusted; everything else is judged like an image fetch, on its resolved addresses when
 * known. Schemes that stay inside the browser (data:, blob:, about:) pass; any other scheme
 * (file:, ftp:, chrome:) is refused.
 */
export function browserRequestVerdict(
  url: URL,
  trustedHosts: ReadonlySet<string>,
  allowList: ReadonlySet<string>,
  resolvedAddresses: readonly string[] = [],
): BrowserRequestVerdict {
  if (['data:', 'blob:', 'about:'].includes(url.protocol)) return { allowed: true };
  if (!['http:', 'https:', 'ws:', 'wss:'].includes(url.protocol))
    return { allowed: false, reason: 'scheme', range: url.protocol.replace(/:$/, '') };
  if (trustedHosts.has(url.host.toLowerCase())) return { allowed: true };
  const secure = url.protocol === 'https:' || url.protocol === 'wss:';
  const asHttp = new URL(url.href.replace(/^ws/, 'http'));
  const literal = urlHostVerdict(asHttp, allowList);
  if (!literal.allowed) return { allowed: false, reason: 'address', range: literal.range };
  const port = Number(url.port || (secure ? 443 : 80));
  for (const address of resolvedAddresses) {
    const verdict = addressVerdict(address, port, allowList);
    if (!verdict.allowed) return { allowed: false, reason: 'address', range: verdict.range };
  }
  return { allowed: true };
}
