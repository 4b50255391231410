import type { Context, MiddlewareHandler } from 'hono';
import { bodyLimit } from 'hono/body-limit';

/**
 * Refuses a request body larger than `maxBytes` before it is read into memory. `onTooLarge` renders the
 * refusal (a page for a form, JSON for an API); by default a short Korean/English sentence with status 413.
 */
export function limitBody(
  maxBytes: number,
  onTooLarge?: (c: Context, maxBytes: number) => Response | Promise<Response>,
): MiddlewareHandler {
  if (!Number.isInteger(maxBytes) || maxBytes <= 0) {
    throw new Error(`limitBody: maxBytes must be a positive whole number of bytes, got ${maxBytes}`);
  }
  const tooLarge = (c: Context) =>
    onTooLarge
      ? onTooLarge(c, maxBytes)
      : c.text(
          `보내신 내용이 너무 큽니다 (최대 ${Math.floor(maxBytes / 1024)} KB). (Request too large)`,
          413,
        );
  const counted = bodyLimit({ maxSize: maxBytes, onError: tooLarge });
  return async function limitBody(c, next) {
    // A declared length is checked here: Hono's middleware first opens the body as a web stream
    // (`c.req.raw.body`), which made a form post cost a third more. Node's parser holds a body to its
    // Content-Length; a chunked body is counted as it arrives.
    const declared = c.req.header('content-length');
    if (declared !== undefined && /^\d+$/.test(declared) && c.req.header('transfer-encoding') === undefined)
      return Number(declared) > maxBytes ? tooLarge(c) : next();
    return counted(c, next);
  };
}

/** Refuses a body that is not one of `types` (e.g. a form post sent as JSON) with 415. */
export function requireContentType(
  types: string[],
  onWrongType?: (c: Context) => Response | Promise<Response>,
): MiddlewareHandler {
  return async function contentType(c, next) {
    const type = (c.req.header('content-type') ?? '').split(';')[0]!.trim().toLowerCase();
    if (!types.includes(type)) {
      return onWrongType
        ? onWrongType(c)
        : c.text(`지원하지 않는 형식입니다: ${type || '(없음)'}. (Unsupported content type)`, 415);
    }
    await next();
  };
}
