/** A database or queue server LeakWatch uses, and whether this process must stop it. */
export interface LocalServer {
  kind: 'postgres' | 'redis';
  url: string;
  /** True when this process started (or adopted) the server and stops it on shutdown. */
  owned: boolean;
  stop(): Promise<void>;
}
