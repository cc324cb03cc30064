import { Pool } from 'undici';

export interface GraphQLResult<T> {
  data?: T | null;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** A keep-alive connection pool to one loopback origin. */
export function pool(origin: string, connections: number): Pool {
  return new Pool(origin, { connections, pipelining: 1, keepAliveTimeout: 30_000 });
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** POST /graphql; throws on a non-200 answer or a response with errors. */
export async function graphql<T>(
  client: Pool,
  token: string,
  query: string,
  variables?: Record<string, unknown>,
): Promise<T> {
  const response = await client.request({
    method: 'POST',
    path: '/graphql',
    headers: { 'content-type': 'application/json', ...bearer(token) },
    body: JSON.stringify(variables ? { query, variables } : { query }),
  });
  const result = (await response.body.json()) as GraphQLResult<T>;
  if (response.statusCode !== 200 || result.errors?.length || !result.data) {
    throw new Error(
      `gateway answered ${response.statusCode}: ${JSON.stringify(result.errors ?? result)}`,
    );
  }
  return result.data;
}

/** GET an upstream path as the hand-written client does; throws on a non-2xx answer. */
export async function getJson<T>(
  client: Pool,
  path: string,
  headers: Record<string, string>,
): Promise<T> {
  const response = await client.request({ method: 'GET', path, headers });
  const body = (await response.body.json()) as T;
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw new Error(`GET ${path} answered ${response.statusCode}`);
  }
  return body;
}
