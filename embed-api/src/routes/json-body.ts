import type { Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { createMiddleware } from 'hono/factory';
import { MiqError } from '../errors/index.js';
import { requestHeader } from './request-header.js';

/** Context variables set by `jsonBody`. */
export interface JsonBodyVariables {
  readonly body: unknown;
}

const JSON_MEDIA_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;.*)?$/i;
/** One decoder for every request (non-streaming `decode` keeps no state between calls). */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads a JSON request body: refuses a non-JSON content type (415), refuses a body over `maxBytes` (413) without
 * buffering it whole (a declared Content-Length is checked before reading; a streamed body is cut off at the
 * limit), and refuses non-UTF-8 or malformed JSON (400). The parsed value is `c.var.body`.
 *
 * @example
 * app.post('/api/v1/metrics', jsonBody({ maxBytes: 1 << 20 }), (c) => c.json(c.var.body));
 */
export function jsonBody(options: { readonly maxBytes: number }) {
  const tooLarge = (): never => {
    throw new MiqError('payload_too_large', {
      details: [{ field: '(body)', code: 'too_large', message: `The body must be at most ${options.maxBytes} bytes.` }],
    });
  };
  const limit = bodyLimit({ maxSize: options.maxBytes, onError: tooLarge });
  const parse = createMiddleware<{ Variables: JsonBodyVariables }>(async (c, next) => {
    c.set('body', await parseJson(c));
    await next();
  });
  return createMiddleware<{ Variables: JsonBodyVariables }>(async (c, next) => {
    const type = requestHeader(c, 'content-type');
    if (type === undefined || !JSON_MEDIA_TYPE.test(type)) throw new MiqError('unsupported_media_type');
    // A declared length (HTTP/1.1 frames the body by it) is checked here, as `bodyLimit` would, without touching
    // `c.req.raw.body`: on Node that keeps the server's direct body read (no web Request/ReadableStream per request).
    const declared = requestHeader(c, 'content-length');
    if (declared !== undefined && requestHeader(c, 'transfer-encoding') === undefined) {
      if (Number.parseInt(declared, 10) > options.maxBytes) tooLarge();
      return parse(c, next);
    }
    // Otherwise (chunked): streamed and cut off at the limit.
    return limit(c, async () => {
      await parse(c, next);
    });
  });
}

async function parseJson(c: Context): Promise<unknown> {
  const bytes = await c.req.arrayBuffer();
  let text: string;
  try {
    text = UTF8.decode(bytes);
  } catch {
    throw new MiqError('malformed_json', {
      details: [{ field: '(body)', code: 'invalid_utf8', message: 'The body is not valid UTF-8.' }],
    });
  }
  if (text.trim() === '') {
    throw new MiqError('malformed_json', {
      details: [{ field: '(body)', code: 'empty_body', message: 'The body is empty; send a JSON object.' }],
    });
  }
  try {
    return JSON.parse(text);
  } catch {
    // The parser's own message may quote the body; the client gets a fixed one.
    throw new MiqError('malformed_json', {
      details: [{ field: '(body)', code: 'invalid_json', message: 'The body could not be parsed as JSON.' }],
    });
  }
}
