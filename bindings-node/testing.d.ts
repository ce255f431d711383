// Types of `candescent/testing`: the embedded Candescent API emulator.
import type { Client, ClientOptions } from './index';

export interface EmulatorOptions {
  /** IP address to bind (default 127.0.0.1). */
  host?: string;
  /** 0 or absent: a free port. */
  port?: number;
  clientId?: string;
  clientSecret?: string;
  institutionId?: string;
  /** Token lifetime in seconds (default 3600). */
  tokenTtl?: number;
  /** Added to every response, in milliseconds. */
  latencyMs?: number;
  allowedScopes?: string[];
}

export type FaultRoute = 'token' | 'revoke' | 'accounts' | 'account' | 'transactions' | 'disclosures' | 'any';
export type FaultKind =
  | 'status'
  | 'reset'
  | 'stall'
  | 'malformed'
  | 'body'
  | 'truncated'
  | 'oversized'
  | 'redirect';

export interface Fault {
  route: FaultRoute;
  /** How many requests misbehave (default 1). */
  count?: number;
  kind: FaultKind;
  /** For kind "status". */
  status?: number;
  code?: string;
  /** Seconds, sent as Retry-After. */
  retryAfter?: number;
  /** For kind "stall". */
  stallMs?: number;
  /** For kind "body": `{secret}`, `{basic}`, `{form}` and `{token}` echo the credentials. */
  body?: string;
  contentType?: string;
  /** For kind "oversized": the body size in bytes. */
  size?: number;
  /** For kind "redirect". */
  location?: string;
}

export interface EmulatorStats {
  requests: { token: number; revoke: number; accounts: number; account: number; transactions: number; disclosures: number };
  tokensIssued: number;
  /** Token requests answered 200, per grant type. */
  grants: { clientCredentials: number; password: number; authorizationCode: number; refreshToken: number };
  /** Live tokens the revoke endpoint revoked. */
  revoked: { accessTokens: number; refreshTokens: number };
  /**
   * Requests per operation, by `operationId` (`listAccountsV1`), whatever their outcome;
   * operations not called yet are left out. Empty with an emulator that does not count them.
   */
  operations: Record<string, number>;
}

export declare class Emulator {
  private constructor();
  static start(options?: EmulatorOptions): Promise<Emulator>;
  readonly baseUrl: string;
  readonly clientId: string;
  readonly clientSecret: string;
  readonly institutionId: string;
  stats(): Promise<EmulatorStats>;
  injectFault(fault: Fault): Promise<void>;
  /** Every issued token expires now; `{ refreshTokens: false }`: only the access tokens. */
  expireTokens(options?: { refreshTokens?: boolean }): Promise<void>;
  /** A one-time authorization code for `loginId` (default "testUser"), for `client.exchangeCode()`. */
  authorizationCode(loginId?: string): string;
  revokeTokens(): Promise<void>;
  reset(): Promise<void>;
  /** A Client pointed at this emulator (CANDESCENT_* variables ignored). */
  client(overrides?: ClientOptions): Client;
  stop(): Promise<void>;
  /** Stops the emulator: `await using emu = await Emulator.start()`. */
  [Symbol.asyncDispose](): Promise<void>;
}
