/** A raw HTTP response with its body parsed as JSON when it is JSON. */
export interface RawResponse {
  status: number;
  headers: Headers;
  json: {
    data?: Record<string, unknown> | null;
    errors?: { message: string; extensions?: Record<string, unknown> }[];
  } | null;
  text: string;
}

/** Sends one request and reads the whole response, for checking statuses and headers. */
export async function send(url: string, init: RequestInit = {}): Promise<RawResponse> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: RawResponse['json'] = null;
  try {
    json = JSON.parse(text) as RawResponse['json'];
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, json, text };
}

/** POSTs a GraphQL request as application/json. */
export function postJson(
  endpoint: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<RawResponse> {
  return send(endpoint, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}
