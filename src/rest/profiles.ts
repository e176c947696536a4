import type { RestProfile } from './route';

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
}

/** datacovey is FastAPI: `{"detail": "…"}` for HTTP errors, 422 `{"detail": [{loc, msg, type}]}` for validation. */
const fastApi: ErrorEnvelope = {
  error: (_code, message) => ({ detail: message }),
  invalid: (problems) => ({ status: 422, body: { detail: problems } }),
};

/** Envelope with a machine code, used where a seed renders none of its own. */
const coded: ErrorEnvelope = {
  error: (code, message) => ({ error: { code, message } }),
  invalid: (problems) => ({
    status: 400,
    body: { error: { code: 'BAD_USER_INPUT', message: problems[0]?.msg ?? 'Invalid input', details: problems } },
  }),
};

/** hotdata: `{"message": "…", "status": 400}` for every error. */
const hotdata: ErrorEnvelope = {
  error: (_code, message, status) => ({ message, status }),
  invalid: (problems) => ({
    status: 400,
    body: { message: problems.map((p) => `${p.loc.join('.')}: ${p.msg}`).join('; '), status: 400 },
  }),
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
};

export const ERROR_ENVELOPES: Record<RestProfile, ErrorEnvelope> = {
  datacovey: fastApi,
  lakesail: coded,
  hotdata,
  workspaces: fastApi,
  athena,
};
