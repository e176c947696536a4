import pino, { type Logger } from 'pino';

/** Where credentials can sit in what we log: headers, WebSocket connectionParams, secrets and passwords at any of the first levels. */
export const REDACTED_PATHS = [
  'authorization', 'Authorization', 'cookie',
  'headers.authorization', 'headers.cookie', 'req.headers.authorization', 'req.headers.cookie', 'request.headers.authorization',
  'connectionParams.*', '*.connectionParams.*',
  'token', 'accessToken', 'apiKey', 'key', 'password', 'secret', 'secretValue', 'jwtSecret', 'secretsKey', 'internalToken', 'variables',
  '*.token', '*.accessToken', '*.apiKey', '*.password', '*.secret', '*.secretValue', '*.jwtSecret', '*.secretsKey', '*.internalToken', '*.variables',
];

/** The service logger (stdout, or `file`); credentials are redacted wherever they appear in a logged object. */
export function createLogger(level: string, file?: string): Logger {
  return pino(
    {
    level,
    redact: {
      paths: REDACTED_PATHS,
      censor: '[redacted]',
    },
    },
    file ? pino.destination({ dest: file, sync: true }) : undefined,
  );
}
