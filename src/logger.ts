import pino, { type Logger } from 'pino';

/** The service logger (stdout, or `file`); credentials are redacted wherever they appear in a logged object. */
export function createLogger(level: string, file?: string): Logger {
  return pino(
    {
    level,
    redact: {
      paths: ['authorization', 'headers.authorization', 'req.headers.authorization', 'token', 'apiKey', 'password', 'secret', '*.token', '*.secret'],
      censor: '[redacted]',
    },
    },
    file ? pino.destination({ dest: file, sync: true }) : undefined,
  );
}
