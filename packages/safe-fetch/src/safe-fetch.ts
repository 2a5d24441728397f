import { lookup, type LookupAddress, type LookupOptions } from 'node:dns';
import { isIP } from 'node:net';
import { Agent, ProxyAgent, errors, request, type Dispatcher } from 'undici';
import {
  addressVerdict,
  fetchFailureClasses,
  sniffImageType,
  type FetchFailureClass,
} from './fetch-policy.js';

export interface SafeFetchOptions {
  /** `address:port` pairs that may be fetched although private (the simulator). */
  allowList: ReadonlySet<string>;
  maxBytes: number;
  maxRedirects: number;
  timeoutMs: number;
  /** The egress to go out through (a monitoring account's proxy). */
  proxyUrl?: string | undefined;
  userAgent?: string;
  /** How host names are resolved; the system resolver unless given (tests name their own). */
  resolve?: (hostname: string) => Promise<LookupAddress[]>;
}

/** Why a request was refused or failed, classified. */
export interface FetchFailure {
  ok: false;
  failure: FetchFailureClass;
  transient: boolean;
  detail: string;
  status: number | null;
}

export type FetchedImage =
  | { ok: true; bytes: Buffer; contentType: string; finalUrl: string; redirects: number }
  | FetchFailure;

/** The answer to a POST: only a 2xx is a success. */
export type PostResult = { ok: true; status: number } | FetchFailure;

class Refused extends Error {
  constructor(
    readonly failure: FetchFailureClass,
    message: string,
    readonly status: number | null = null,
  ) {
    super(message);
  }
}

/**
 * Fetches untrusted URLs: images (they come from pages anyone can post to) and webhooks (an
 * administrator typed them, and LeakWatch runs next to databases and cloud metadata). http(s)
 * only, every resolved address checked when the connection is made (so DNS cannot be switched
 * between the check and the connect), each image redirect re-checked and counted, the body capped
 * while it streams, the type sniffed from the bytes. Never throws: a failure is classified.
 */
export class SafeFetcher {
  private readonly dispatcher: Dispatcher;

  constructor(private readonly options: SafeFetchOptions) {
    const allowedAddresses = new Set(
      [...options.allowList].map((entry) =>
        entry.slice(0, entry.lastIndexOf(':')).replace(/^\[|\]$/g, ''),
      ),
    );
    // Checked again when connecting: a host that resolved to a public address a moment ago
    // cannot switch to a private one in between (DNS rebinding).
    const guardedLookup = (
      hostname: string,
      lookupOptions: LookupOptions,
      callback: (error: Error | null, address: string | LookupAddress[], family?: number) => void,
    ) => {
      this.resolve(hostname, lookupOptions).then(
        (addresses) => {
          const refused = addresses.find(
            ({ address }) =>
              !addressVerdict(address, 0, new Set()).allowed && !allowedAddresses.has(address),
          );
          if (refused)
            callback(
              new Refused('refused_address', `${hostname} resolves to ${refused.address}`),
              [],
            );
          else callback(null, addresses);
        },
        (error: unknown) => {
          callback(error instanceof Error ? error : new Error(String(error)), []);
        },
      );
    };
    const connect = { timeout: options.timeoutMs };
    // Through a proxy, the proxy resolves the target (and may itself be on a private network):
    // the target is checked before each request instead.
    this.dispatcher = options.proxyUrl
      ? new ProxyAgent({ uri: options.proxyUrl, connect })
      : new Agent({ connect: { ...connect, lookup: guardedLookup } });
  }

  async fetchImage(url: string): Promise<FetchedImage> {
    try {
      return await this.follow(url);
    } catch (error) {
      return classify(error);
    }
  }

  /**
   * Sends one POST (a webhook): the same address checks as images, and never redirected — a
   * signed body goes to the address it was configured for or nowhere, so a 3xx is a failure.
   */
  async post(
    url: string,
    init: { headers: Record<string, string>; body: string },
  ): Promise<PostResult> {
    try {
      const target = parseHttpUrl(url);
      await this.checkHost(target);
      const response = await request(target, {
        dispatcher: this.dispatcher,
        method: 'POST',
        signal: AbortSignal.timeout(this.options.timeoutMs),
        headers: {
          ...(this.options.userAgent ? { 'user-agent': this.options.userAgent } : {}),
          ...init.headers,
        },
        body: init.body,
      });
      const status = response.statusCode;
      await response.body.dump();
      if (status >= 200 && status < 300) return { ok: true, status };
      if (status >= 300 && status < 400) {
        const location = response.headers['location'];
        throw new Refused(
          'http_status',
          `HTTP ${status} redirect${typeof location === 'string' ? ` to ${location.slice(0, 200)}` : ''} not followed: requests are sent to their configured address only`,
          status,
        );
      }
      throw new Refused(status >= 500 ? 'server_error' : 'http_status', `HTTP ${status}`, status);
    } catch (error) {
      return classify(error);
    }
  }

  close(): Promise<void> {
    return this.dispatcher.close();
  }

  /** Every address of a host name (an address literal resolves to itself). */
  private resolve(hostname: string, options: LookupOptions = {}): Promise<LookupAddress[]> {
    if (this.options.resolve && !isIP(hostname)) return this.options.resolve(hostname);
    return new Promise<LookupAddress[]>((resolve, reject) => {
      lookup(hostname, { ...options, all: true }, (error, found) => {
        if (error) reject(error);
        else resolve(found);
      });
    });
  }

  private async follow(startUrl: string): Promise<FetchedImage> {
    let url = startUrl;
    const deadline = AbortSignal.timeout(this.options.timeoutMs);
    for (let redirects = 0; ; redirects += 1) {
      const target = parseHttpUrl(url);
      await this.checkHost(target);
      const response = await request(target, {
        dispatcher: this.dispatcher,
        method: 'GET',
        signal: deadline,
        headers: {
          accept: 'image/avif,image/webp,image/apng,image/*,*/*;q=0.8',
          ...(this.options.userAgent ? { 'user-agent': this.options.userAgent } : {}),
        },
      });
      const status = response.statusCode;
      if (status >= 300 && status < 400) {
        await response.body.dump();
        const location = response.headers['location'];
        if (typeof location !== 'string')
          throw new Refused('http_status', 'redirect without a location', status);
        if (redirects + 1 > this.options.maxRedirects)
          throw new Refused(
            'too_many_redirects',
            `more than ${this.options.maxRedirects} redirects`,
            status,
          );
        url = new URL(location, target).href;
        continue;
      }
      if (status >= 500) {
        await response.body.dump();
        throw new Refused('server_error', `HTTP ${status}`, status);
      }
      if (status !== 200) {
        await response.body.dump();
        throw new Refused('http_status', `HTTP ${status}`, status);
      }
      const declared = Number(response.headers['content-length'] ?? Number.NaN);
      if (declared > this.options.maxBytes) {
        response.body.destroy();
        throw new Refused(
          'too_large',
          `${declared} bytes declared, limit ${this.options.maxBytes}`,
        );
      }
      const chunks: Buffer[] = [];
      let size = 0;
      for await (const chunk of response.body) {
        const part = chunk as Buffer;
        size += part.length;
        if (size > this.options.maxBytes) {
          response.body.destroy();
          throw new Refused('too_large', `over ${this.options.maxBytes} bytes`);
        }
        chunks.push(part);
      }
      const bytes = Buffer.concat(chunks);
      const contentType = sniffImageType(bytes);
      if (!contentType) {
        const claimed = response.headers['content-type'];
        throw new Refused(
          'not_an_image',
          `not an image (${typeof claimed === 'string' ? claimed : 'no type'})`,
        );
      }
      return { ok: true, bytes, contentType, finalUrl: url, redirects };
    }
  }

  /** Resolves the host and refuses it if any of its addresses is not allowed. */
  private async checkHost(target: URL): Promise<void> {
    const host = target.hostname.replace(/^\[|\]$/g, '');
    const port = Number(target.port || (target.protocol === 'https:' ? 443 : 80));
    const addresses = await this.resolve(host);
    for (const { address } of addresses) {
      const verdict = addressVerdict(address, port, this.options.allowList);
      if (!verdict.allowed)
        throw new Refused('refused_address', `${host} resolves to ${address} (${verdict.range})`);
    }
  }
}

function parseHttpUrl(url: string): URL {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Refused('bad_url', 'not a URL');
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')
    throw new Refused('bad_url', `${parsed.protocol} is not http(s)`);
  if (parsed.username || parsed.password) throw new Refused('bad_url', 'credentials in the URL');
  return parsed;
}

function classify(error: unknown): FetchFailure {
  const failed = (failure: FetchFailureClass, detail: string, status: number | null = null) => ({
    ok: false as const,
    failure,
    transient: fetchFailureClasses[failure].transient,
    detail,
    status,
  });
  if (error instanceof Refused) return failed(error.failure, error.message, error.status);
  if (
    error instanceof errors.ConnectTimeoutError ||
    error instanceof errors.HeadersTimeoutError ||
    error instanceof errors.BodyTimeoutError ||
    (error instanceof Error && (error.name === 'TimeoutError' || error.name === 'AbortError'))
  )
    return failed('timeout', error.message);
  const message = error instanceof Error ? error.message : String(error);
  return failed('unreachable', message);
}
