import { tokenMatches } from './endpoint-token';

/** What the endpoint needs of a request: nothing of node:http, so the routing is tested without a socket. */
export interface EndpointRequest {
  method: string | undefined;
  url: string | undefined;
  /** Every Authorization header the request carried (node:http's headersDistinct). */
  authorization: readonly string[] | undefined;
}

export type Route = { kind: 'credentials' } | { kind: 'refuse'; status: 403 | 404 | 405; message: string };

/**
 * The token first: a caller without it learns nothing, not even which paths exist. Then only a
 * GET of the one path the child was given gets credentials.
 */
export function routeRequest(request: EndpointRequest, token: string, path: string): Route {
  if (!tokenMatches(request.authorization, token)) {
    return { kind: 'refuse', status: 403, message: 'missing or wrong authorization token' };
  }
  if (request.method !== 'GET') return { kind: 'refuse', status: 405, message: 'only GET is supported' };
  if (request.url !== path) return { kind: 'refuse', status: 404, message: 'no such path' };
  return { kind: 'credentials' };
}
