/**
 * RFC 9457 problem details. Every error a Sinergi service returns has this shape, with a stable
 * machine `code` that clients can switch on and a human `detail` they can show.
 */
export interface FieldError {
  /** Where the bad value was: `body`, `querystring`, `params` or `headers`. */
  in: string;
  /** Dotted path inside that part, e.g. `location.lat`; empty for the part as a whole. */
  field: string;
  message: string;
}

export interface Problem {
  type: string;
  title: string;
  status: number;
  code: string;
  detail: string;
  instance?: string;
  requestId?: string;
  errors?: FieldError[];
  /** How many field errors there were; `errors` lists at most MAX_FIELD_ERRORS of them. */
  errorCount?: number;
  [extension: string]: unknown;
}

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  409: 'Conflict',
  410: 'Gone',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

/**
 * What a problem may echo of the request: bad input must not come back amplified (a 300 KB value
 * twice over, 20,000 unknown keys listed one by one). Documented in the root README.
 */
export const MAX_FIELD_ERRORS = 20;
export const MAX_ECHOED_CHARS = 100;
const MAX_MESSAGE_CHARS = 300;
const MAX_DETAIL_CHARS = 1000;

/** Cuts text longer than `max` characters, marking the cut with an ellipsis. */
export function truncateText(text: string, max = MAX_ECHOED_CHARS): string {
  return text.length <= max ? text : `${[...text.slice(0, max)].slice(0, max - 1).join('')}…`;
}

const boundFieldError = (e: FieldError): FieldError => ({
  in: e.in,
  field: truncateText(e.field),
  message: truncateText(e.message, MAX_MESSAGE_CHARS),
});

export const problemType = (code: string): string => `urn:sinergi:problem:${code}`;

export const statusTitle = (status: number): string =>
  TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');

/**
 * Thrown anywhere in a request to answer with a problem. Routes and use cases throw these;
 * the kit's error handler renders them. Nothing else about the error leaks to the client.
 */
export class ProblemError extends Error {
  readonly status: number;
  readonly code: string;
  readonly errors: FieldError[] | undefined;
  readonly extensions: Record<string, unknown>;
  readonly headers: Record<string, string>;

  constructor(
    status: number,
    code: string,
    detail: string,
    options: {
      errors?: FieldError[];
      extensions?: Record<string, unknown>;
      headers?: Record<string, string>;
      cause?: unknown;
    } = {},
  ) {
    super(detail, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProblemError';
    this.status = status;
    this.code = code;
    this.errors = options.errors;
    this.extensions = options.extensions ?? {};
    this.headers = options.headers ?? {};
  }

  toProblem(instance?: string, requestId?: string): Problem {
    return {
      ...this.extensions,
      type: problemType(this.code),
      title: statusTitle(this.status),
      status: this.status,
      code: this.code,
      detail: truncateText(this.message, MAX_DETAIL_CHARS),
      ...(instance === undefined ? {} : { instance: truncateText(instance, MAX_DETAIL_CHARS) }),
      ...(requestId === undefined ? {} : { requestId }),
      ...(this.errors === undefined
        ? {}
        : { errors: this.errors.slice(0, MAX_FIELD_ERRORS).map(boundFieldError), errorCount: this.errors.length }),
    };
  }
}

/** Shorthands for the problems every service raises. */
export const problems = {
  badRequest: (code: string, detail: string, errors?: FieldError[]) =>
    new ProblemError(400, code, detail, errors ? { errors } : {}),
  unauthenticated: (detail = 'A valid bearer token is required.') =>
    new ProblemError(401, 'unauthenticated', detail, { headers: { 'www-authenticate': 'Bearer' } }),
  forbidden: (code: string, detail: string) => new ProblemError(403, code, detail),
  notFound: (code: string, detail: string) => new ProblemError(404, code, detail),
  conflict: (code: string, detail: string, extensions?: Record<string, unknown>) =>
    new ProblemError(409, code, detail, extensions ? { extensions } : {}),
  unprocessable: (code: string, detail: string, errors?: FieldError[]) =>
    new ProblemError(422, code, detail, errors ? { errors } : {}),
};
