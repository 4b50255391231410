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
  return bodyLimit({
    maxSize: maxBytes,
    onError: (c) =>
      onTooLarge
        ? onTooLarge(c, maxBytes)
        : c.text(
            `보내신 내용이 너무 큽니다 (최대 ${Math.floor(maxBytes / 1024)} KB). (Request too large)`,
            413,
          ),
  });
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
