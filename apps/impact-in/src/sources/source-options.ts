import type { HmacSha256Options, InboundScheme } from '@herald/signing';
import { invalidField } from '@herald/http-app';
import type { SourceOptionsDto } from './dto/source-request.dto';

/** A source's scheme options as the API shows them and the database keeps them (snake_case). */
export type SourceOptions = {
  header?: string;
  encoding?: 'hex' | 'base64';
  prefix?: string;
  timestamp_header?: string;
  id_header?: string;
  id_path?: string;
  event_type_header?: string;
  event_type_path?: string;
};

const OPTION_KEYS: readonly (keyof SourceOptions)[] = [
  'header',
  'encoding',
  'prefix',
  'timestamp_header',
  'id_header',
  'id_path',
  'event_type_header',
  'event_type_path',
];

/**
 * Only `hmac-sha256` is configurable: the other schemes are fixed by their senders. Returns the
 * options to store (null for the fixed schemes), or a 400 naming the field.
 */
export function checkSourceOptions(scheme: InboundScheme, options: SourceOptionsDto | undefined): SourceOptions | null {
  const given = compact(options);
  if (scheme !== 'hmac-sha256') {
    if (given) throw invalidField('options', `options apply only to the hmac-sha256 scheme, not ${scheme}`);
    return null;
  }
  if (!given?.header) throw invalidField('options.header', 'options.header is required for hmac-sha256');
  if (!given.encoding)
    throw invalidField('options.encoding', 'options.encoding (hex or base64) is required for hmac-sha256');
  if (given.id_header && given.id_path) {
    throw invalidField('options.id_path', 'give either options.id_header or options.id_path, not both');
  }
  return given;
}

export function readSourceOptions(stored: unknown): SourceOptions | null {
  if (typeof stored !== 'object' || stored === null) return null;
  return compact(stored as SourceOptions) ?? null;
}

/** What the hmac-sha256 verifier needs; undefined for the fixed schemes. */
export function verifierOptions(options: SourceOptions | null): HmacSha256Options | undefined {
  if (!options?.header || !options.encoding) return undefined;
  return {
    header: options.header,
    encoding: options.encoding,
    prefix: options.prefix,
    timestampHeader: options.timestamp_header,
    idHeader: options.id_header,
  };
}

function compact(options: SourceOptions | undefined): SourceOptions | undefined {
  if (!options) return undefined;
  const entries = OPTION_KEYS.filter((key) => options[key] !== undefined && options[key] !== '').map(
    (key) => [key, options[key]] as const,
  );
  return entries.length === 0 ? undefined : (Object.fromEntries(entries) as SourceOptions);
}
