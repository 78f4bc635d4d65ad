/**
 * JSON nested thousands of levels deep (a few KB of brackets) would make any recursive walk over the
 * parsed body overflow the stack and answer 500. Every JSON request body is scanned as it streams in,
 * before it is parsed, and refused with 400 `too_deeply_nested` past MAX_JSON_DEPTH: no Sinergi
 * body nests anywhere near that deep, so nothing after parsing ever meets a deeper value.
 */
import { Readable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { ProblemError } from './problem.js';

/** The deepest nesting of arrays and objects a JSON body may have (documented in the root README). */
export const MAX_JSON_DEPTH = 64;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPENERS = new Set([0x5b, 0x7b]);
const CLOSERS = new Set([0x5d, 0x7d]);

export const tooDeeplyNested = () =>
  new ProblemError(
    400,
    'too_deeply_nested',
    `The JSON body nests arrays and objects more than ${MAX_JSON_DEPTH} levels deep.`,
  );

/**
 * Counts bracket depth outside strings, byte by byte (UTF-8 continuation bytes are all ≥ 0x80, so
 * they never look like brackets or quotes), keeping its state across chunk boundaries.
 */
export class JsonDepthScanner {
  #depth = 0;
  #inString = false;
  #escaped = false;

  constructor(private readonly maxDepth = MAX_JSON_DEPTH) {}

  /** The depth check on its own, for bodies that are already in memory. */
  static exceeds(text: string | Buffer, maxDepth = MAX_JSON_DEPTH): boolean {
    return !new JsonDepthScanner(maxDepth).scan(typeof text === 'string' ? Buffer.from(text) : text);
  }

  /** False once the nesting went deeper than allowed. */
  scan(bytes: Buffer): boolean {
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!;
      if (this.#inString) {
        if (this.#escaped) this.#escaped = false;
        else if (b === BACKSLASH) this.#escaped = true;
        else if (b === QUOTE) this.#inString = false;
      } else if (b === QUOTE) {
        this.#inString = true;
      } else if (OPENERS.has(b)) {
        if (++this.#depth > this.maxDepth) return false;
      } else if (CLOSERS.has(b)) {
        this.#depth--;
      }
    }
    return true;
  }
}

const GUARD = Symbol('sinergi.jsonDepthGuard');

/**
 * The request body as the body parser reads it, refused mid-stream when it nests too deep. It
 * reads its source only when read itself (not a pipe), so the refusal is raised only once the
 * parser listens for it.
 */
export class JsonDepthGuard extends Readable {
  readonly #scanner: JsonDepthScanner;
  readonly #source: Readable;
  readonly #onData = (chunk: Buffer | string) => {
    const bytes = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    if (!this.#scanner.scan(bytes)) return this.destroy(tooDeeplyNested());
    if (!this.push(bytes)) this.#source.pause();
  };
  readonly #onEnd = () => this.push(null);
  readonly #onError = (err: Error) => this.destroy(err);

  constructor(source: Readable, maxDepth = MAX_JSON_DEPTH) {
    super();
    this.#scanner = new JsonDepthScanner(maxDepth);
    this.#source = source;
    source.pause();
    source.on('data', this.#onData);
    source.on('end', this.#onEnd);
    source.on('error', this.#onError);
    (source as Readable & { [GUARD]?: JsonDepthGuard })[GUARD] = this;
  }

  override _read(): void {
    this.#source.resume();
  }

  override _destroy(err: Error | null, callback: (err?: Error | null) => void): void {
    this.#source.off('data', this.#onData);
    this.#source.off('end', this.#onEnd);
    this.#source.off('error', this.#onError);
    callback(err);
  }

  /** Lets go of a request's body so it can be drained (after a 413). */
  static release(source: Readable): void {
    (source as Readable & { [GUARD]?: JsonDepthGuard })[GUARD]?.destroy();
  }
}

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\b/i;

/** Registered by the kit on every app: every JSON body of every route passes the guard. */
export function limitJsonDepth(app: FastifyInstance): void {
  app.addHook('preParsing', async (request, _reply, payload) => {
    const type = request.headers['content-type'];
    if (typeof type !== 'string' || !JSON_TYPE.test(type)) return payload;
    return new JsonDepthGuard(payload);
  });
}
