import type { JsonSchema, RestProfile } from './route';

/** A validation failure found before the operation runs (body, query or path). */
export interface InputProblem {
  /** Where: `['body', 'name']`, `['query', 'limit']`. */
  loc: (string | number)[];
  msg: string;
  type: string;
}

/** How each seed API shapes an error body. */
export interface ErrorEnvelope {
  /** Body for an error with a code and message (401, 403, 404, 409, 400, 500). */
  error(code: string, message: string, status: number): unknown;
  /** Status and body for input that failed validation. */
  invalid(problems: InputProblem[]): { status: number; body: unknown };
  /** JSON Schema of `error`'s body (the OpenAPI document's error responses; a test checks real errors against it). */
  errorSchema: JsonSchema;
  /** Status and JSON Schema of `invalid`'s body. */
  invalidSchema: { status: number; schema: JsonSchema };
}

const PROBLEM_SCHEMA: JsonSchema = {
  type: 'object',
  required: ['loc', 'msg', 'type'],
  properties: { loc: { type: 'array', items: { type: ['string', 'integer'] } }, msg: { type: 'string' }, type: { type: 'string' } },
};
const STRING: JsonSchema = { type: 'string' };

/** datacovey is FastAPI: `{"detail": "…"}` for HTTP errors, 422 `{"detail": [{loc, msg, type}]}` for validation. */
const fastApi: ErrorEnvelope = {
  error: (_code, message) => ({ detail: message }),
  invalid: (problems) => ({ status: 422, body: { detail: problems } }),
  errorSchema: { type: 'object', required: ['detail'], properties: { detail: STRING } },
  invalidSchema: { status: 422, schema: { type: 'object', required: ['detail'], properties: { detail: { type: 'array', items: PROBLEM_SCHEMA } } } },
};

/** Envelope with a machine code, used where a seed renders none of its own. */
const coded: ErrorEnvelope = {
  error: (code, message) => ({ error: { code, message } }),
  invalid: (problems) => ({
    status: 400,
    body: { error: { code: 'BAD_USER_INPUT', message: problems[0]?.msg ?? 'Invalid input', details: problems } },
  }),
  errorSchema: { type: 'object', required: ['error'], properties: { error: { type: 'object', required: ['code', 'message'], properties: { code: STRING, message: STRING } } } },
  invalidSchema: {
    status: 400,
    schema: {
      type: 'object',
      required: ['error'],
      properties: { error: { type: 'object', required: ['code', 'message', 'details'], properties: { code: STRING, message: STRING, details: { type: 'array', items: PROBLEM_SCHEMA } } } },
    },
  },
};

/** hotdata: `{"message": "…", "status": 400}` for every error. */
const hotdata: ErrorEnvelope = {
  error: (_code, message, status) => ({ message, status }),
  invalid: (problems) => ({
    status: 400,
    body: { message: problems.map((p) => `${p.loc.join('.')}: ${p.msg}`).join('; '), status: 400 },
  }),
  errorSchema: { type: 'object', required: ['message', 'status'], properties: { message: STRING, status: { type: 'integer' } } },
  invalidSchema: { status: 400, schema: { type: 'object', required: ['message', 'status'], properties: { message: STRING, status: { type: 'integer' } } } },
};

/** athena-rs: `{"status": "error", "message", "error", "code"}` (its DefaultServerError5xx and 400 bodies). */
const athena: ErrorEnvelope = {
  error: (code, message) => ({ status: 'error', message, error: message, code }),
  invalid: (problems) => ({
    status: 400,
    body: {
      status: 'error',
      message: problems[0]?.msg ?? 'Invalid input',
      error: problems.map((p) => `${p.loc.join('.')}: ${p.msg}`).join('; '),
      code: 'BAD_USER_INPUT',
      data: { details: problems },
    },
  }),
  errorSchema: {
    type: 'object',
    required: ['status', 'message', 'error', 'code'],
    properties: { status: { type: 'string', enum: ['error'] }, message: STRING, error: STRING, code: STRING },
  },
  invalidSchema: {
    status: 400,
    schema: {
      type: 'object',
      required: ['status', 'message', 'error', 'code', 'data'],
      properties: {
        status: { type: 'string', enum: ['error'] }, message: STRING, error: STRING, code: STRING,
        data: { type: 'object', required: ['details'], properties: { details: { type: 'array', items: PROBLEM_SCHEMA } } },
      },
    },
  },
};

export const ERROR_ENVELOPES: Record<RestProfile, ErrorEnvelope> = {
  datacovey: fastApi,
  lakesail: coded,
  hotdata,
  workspaces: fastApi,
  athena,
};
