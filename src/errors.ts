import { GraphQLError, type GraphQLFormattedError } from 'graphql';

/** The stable error codes clients can rely on, with the HTTP status each maps to. */
export const ERROR_STATUS = {
  BAD_USER_INPUT: 400,
  GRAPHQL_VALIDATION_FAILED: 400,
  GRAPHQL_PARSE_FAILED: 400,
  BAD_REQUEST: 400,
  // Apollo Server's own client-side codes: an unknown operationName, an APQ hash it does not know.
  OPERATION_RESOLUTION_FAILURE: 400,
  PERSISTED_QUERY_NOT_FOUND: 400,
  PERSISTED_QUERY_NOT_SUPPORTED: 400,
  // Trusted documents mode (src/trusted-documents): a document no manifest registers.
  PERSISTED_QUERY_NOT_ALLOWED: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  VALIDATION_FAILED: 422,
  IDEMPOTENCY_KEY_REUSED: 422,
  TOO_MANY_REQUESTS: 429,
  BAD_GATEWAY: 502,
  INTERNAL_SERVER_ERROR: 500,
} as const;

export type ErrorCode = keyof typeof ERROR_STATUS;

/** Base of every error a service throws on purpose; its message is safe to show. */
export class AppError extends GraphQLError {
  constructor(code: ErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message, { extensions: { code, ...details } });
  }
  get code(): ErrorCode {
    return this.extensions.code as ErrorCode;
  }
}

export class BadInputError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('BAD_USER_INPUT', message, details);
  }
}
export class UnauthenticatedError extends AppError {
  constructor(message = 'Authentication required: send Authorization: Bearer <token>') {
    super('UNAUTHENTICATED', message);
  }
}
export class ForbiddenError extends AppError {
  constructor(message = 'You do not have permission to do this') {
    super('FORBIDDEN', message);
  }
}
export class NotFoundError extends AppError {
  constructor(entity: string, id?: string) {
    super('NOT_FOUND', id ? `${entity} ${id} not found` : `${entity} not found`, { entity });
  }
}
export class ConflictError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('CONFLICT', message, details);
  }
}

export class TooManyRequestsError extends AppError {
  constructor(message: string, retryAfterSeconds: number) {
    super('TOO_MANY_REQUESTS', message, { retryAfter: retryAfterSeconds });
  }
}

/** A request body beyond the configured limit. */
export class PayloadTooLargeError extends AppError {
  constructor(limitBytes: number) {
    super('PAYLOAD_TOO_LARGE', `The body is larger than the limit of ${limitBytes} bytes`, { limitBytes });
  }
}

/** An external system the request depends on (an agent endpoint, a source database) failed. */
export class UpstreamError extends AppError {
  constructor(message: string) {
    super('BAD_GATEWAY', message);
  }
}

export function statusForCode(code: unknown): number {
  return ERROR_STATUS[code as ErrorCode] ?? 500;
}

/** Removes graphql-js's "Did you mean …?" hints, which spell out the schema to whoever guesses (production). */
export function maskSuggestions(formatted: GraphQLFormattedError): GraphQLFormattedError {
  const message = formatted.message.replace(/\s*Did you mean [^?]*\?/g, '');
  return message === formatted.message ? formatted : { ...formatted, message };
}

const PUBLIC_CODES = new Set<string>(Object.keys(ERROR_STATUS).filter((c) => c !== 'INTERNAL_SERVER_ERROR'));

/**
 * The one error formatter for HTTP and WebSocket: known codes pass through with their message,
 * anything else becomes a masked INTERNAL_SERVER_ERROR with no stack trace.
 */
export function formatError(formatted: GraphQLFormattedError, original?: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code as string | undefined;
  // class-validator failures surface from type-graphql as "Argument Validation Error".
  const validation = findValidationErrors(original);
  if (validation) {
    return {
      message: validation.message,
      locations: formatted.locations,
      path: formatted.path,
      extensions: { code: 'BAD_USER_INPUT', validationErrors: validation.details },
    };
  }
  // Refused before execution with a 4xx (Apollo tags them with a status but not always a code).
  const httpStatus = (original as { extensions?: { http?: { status?: unknown } } } | undefined)?.extensions?.http?.status;
  if ((!code || code === 'INTERNAL_SERVER_ERROR') && typeof httpStatus === 'number' && httpStatus >= 400 && httpStatus < 500) {
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'BAD_REQUEST' } };
  }
  if (code && PUBLIC_CODES.has(code)) {
    // `http` is for the transport (status, Retry-After), not for the client.
    const { stacktrace: _stack, exception: _exception, http: _http, ...extensions } = (formatted.extensions ?? {}) as Record<string, unknown>;
    return { ...formatted, extensions };
  }
  if (!code && !formatted.path) {
    // Errors before execution (parse/validate) carry no path and are the client's fault.
    return { message: formatted.message, locations: formatted.locations, extensions: { code: 'GRAPHQL_VALIDATION_FAILED' } };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: 'INTERNAL_SERVER_ERROR' },
  };
}

interface ValidationDetail {
  property: string;
  constraints: Record<string, string>;
}

function findValidationErrors(original: unknown): { message: string; details: ValidationDetail[] } | undefined {
  let err = original as { originalError?: unknown; validationErrors?: unknown[]; extensions?: { validationErrors?: unknown[] } } | undefined;
  for (let depth = 0; err && depth < 5; depth++) {
    const raw = err.validationErrors ?? err.extensions?.validationErrors;
    if (Array.isArray(raw) && raw.length && typeof raw[0] === 'object' && raw[0] && 'property' in raw[0]) {
      const details = flattenValidation(raw as RawValidationError[]);
      const first = details[0];
      const message = first ? Object.values(first.constraints)[0] ?? 'Invalid input' : 'Invalid input';
      return { message, details };
    }
    err = err.originalError as typeof err;
  }
  return undefined;
}

interface RawValidationError {
  property: string;
  constraints?: Record<string, string>;
  children?: RawValidationError[];
}

function flattenValidation(errors: RawValidationError[], prefix = ''): ValidationDetail[] {
  return errors.flatMap((e) => {
    const property = prefix ? `${prefix}.${e.property}` : e.property;
    const own = e.constraints ? [{ property, constraints: e.constraints }] : [];
    return [...own, ...flattenValidation(e.children ?? [], property)];
  });
}
