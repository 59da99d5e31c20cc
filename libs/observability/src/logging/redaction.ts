/**
 * Paths pino blanks out before a line is written: credentials in request headers and any field
 * that carries a secret, at any depth the logger is likely to meet it.
 */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'res.headers["set-cookie"]',
  '*.secret',
  '*.secrets',
  '*.key',
  '*.token',
  '*.password',
  '*.apiKey',
  '*.api_key',
  '*.adminToken',
];
