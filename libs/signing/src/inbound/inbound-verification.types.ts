export const INBOUND_SCHEMES = ['hmac-sha256', 'github', 'stripe', 'standard-webhooks', 'twilio'] as const;

export type InboundScheme = (typeof INBOUND_SCHEMES)[number];

export function isInboundScheme(value: string): value is InboundScheme {
  return (INBOUND_SCHEMES as readonly string[]).includes(value);
}

export type HmacSha256Options = {
  /** Header carrying the signature, e.g. `x-signature` (matched case-insensitively). */
  header: string;
  encoding: 'hex' | 'base64';
  /** Text before the signature in the header, e.g. `sha256=`. */
  prefix?: string;
  /** When set, the signed content is `${timestamp}.${body}` and the timestamp must be within tolerance. */
  timestampHeader?: string;
  /** Header carrying the sender's event id, used for de-duplication. */
  idHeader?: string;
};

/** Request headers with lower-cased names, as Node's `IncomingHttpHeaders` has them. */
export type InboundHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export type InboundVerificationInput = {
  headers: InboundHeaders;
  /** The exact bytes received; never a re-serialized body. */
  rawBody: Buffer;
  /** Full request URL as the sender called it (needed by `twilio`). */
  url?: string;
  /** Candidate secrets; several during a rotation overlap. */
  secrets: readonly string[];
  /** Required by `hmac-sha256`, ignored by the other schemes. */
  options?: HmacSha256Options;
  /** Maximum distance, past or future, between the signed timestamp and now. Default 300. */
  toleranceSeconds?: number;
  /** Current time in unix milliseconds. Default `Date.now`. */
  now?: () => number;
};

export type VerificationFailureReason = 'missing_signature' | 'bad_signature' | 'stale_timestamp' | 'malformed';

export type VerificationResult =
  | { ok: true; senderEventId?: string; timestamp?: number }
  | { ok: false; reason: VerificationFailureReason };

/** What a scheme verifier sees: the input with defaults applied. */
export type VerificationContext = {
  headers: InboundHeaders;
  rawBody: Buffer;
  url?: string;
  secrets: readonly string[];
  options?: HmacSha256Options;
  toleranceSeconds: number;
  nowSeconds: number;
};
