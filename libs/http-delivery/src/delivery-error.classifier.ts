import { ForbiddenAddressError } from './http-delivery.errors';
import type { DeliveryErrorKind } from './webhook-http.types';

const TIMEOUT_CODES = new Set([
  'ERR_DELIVERY_DEADLINE',
  'UND_ERR_CONNECT_TIMEOUT',
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
]);
const DNS_CODES = new Set(['ENOTFOUND', 'EAI_AGAIN', 'EAI_FAIL', 'EAI_NONAME', 'ENODATA', 'ESERVFAIL', 'EREFUSED']);
const CONNECT_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EADDRNOTAVAIL',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** Maps an error from undici, the resolver or the guard onto the kinds recorded for an attempt. */
export function classifyDeliveryError(error: unknown): DeliveryErrorKind {
  const chain = causeChain(error);
  if (chain.some((entry) => entry instanceof ForbiddenAddressError)) return 'forbidden_address';
  const codes = chain.map(codeOf).filter((code): code is string => code !== undefined);
  if (codes.some((code) => TIMEOUT_CODES.has(code))) return 'timeout';
  if (codes.some((code) => DNS_CODES.has(code))) return 'dns';
  if (codes.some(isTlsCode)) return 'tls';
  if (codes.some((code) => CONNECT_CODES.has(code))) return 'connect';
  return 'protocol';
}

export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function causeChain(error: unknown): unknown[] {
  const chain: unknown[] = [];
  for (let current = error; current !== undefined && chain.length < 5; current = causeOf(current)) {
    chain.push(current);
  }
  return chain;
}

function causeOf(error: unknown): unknown {
  return error instanceof Error ? error.cause : undefined;
}

function codeOf(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  return typeof error.code === 'string' ? error.code : undefined;
}

function isTlsCode(code: string): boolean {
  return (
    code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || code.includes('CERT') || code.includes('SELF_SIGNED')
  );
}
