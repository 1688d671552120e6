import type { IncomingMessage, ServerResponse } from 'node:http';
import { ErrorCode, requestErrorBody } from '../errors.js';

function sendTooLarge(response: ServerResponse, maxBytes: number): void {
  const message = `The request body is larger than ${maxBytes} bytes, the limit REQUEST_BODY_MAX_BYTES sets.`;
  response.shouldKeepAlive = false;
  response
    .writeHead(413, { 'content-type': 'application/json; charset=utf-8', connection: 'close' })
    .end(requestErrorBody(ErrorCode.RequestTooLarge, message));
}

/**
 * Enforces the request body limit before yoga reads the body. A declared Content-Length over
 * the limit gets 413 at once, unread. A chunked body is read here up to the limit and handed
 * on as a Buffer (whatwg-node uses a request's `body` property when it is set), or gets 413
 * as soon as it passes the limit. Resolves true when the request may go on.
 */
export async function enforceBodyLimit(
  request: IncomingMessage,
  response: ServerResponse,
  maxBytes: number,
): Promise<boolean> {
  const declared = request.headers['content-length'];
  if (declared !== undefined) {
    if (Number(declared) <= maxBytes) return true;
    sendTooLarge(response, maxBytes);
    return false;
  }
  if (request.headers['transfer-encoding'] === undefined) return true;
  const body = await readUpTo(request, maxBytes);
  if (body === null) {
    sendTooLarge(response, maxBytes);
    // The rest of the body is never read, so the connection cannot be reused.
    response.once('finish', () => request.destroy());
    return false;
  }
  (request as IncomingMessage & { body?: Buffer }).body = body;
  return true;
}

/** Reads a body of at most `maxBytes`; resolves null, and stops reading, once it is larger. */
function readUpTo(request: IncomingMessage, maxBytes: number): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size <= maxBytes) {
        chunks.push(chunk);
        return;
      }
      request.pause();
      request.off('data', onData);
      resolve(null);
    };
    request.on('data', onData);
    request.once('end', () => resolve(Buffer.concat(chunks)));
    request.once('error', reject);
  });
}
