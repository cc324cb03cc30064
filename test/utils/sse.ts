export interface SseEvent {
  event: string;
  data: string;
}

/** A GraphQL-over-SSE request ("distinct connections" mode); resolves with every event until the end. */
export async function sse(
  url: string,
  query: string,
  variables: Record<string, unknown>,
  token: string | null,
  options: { signal?: AbortSignal; onEvent?: (event: SseEvent) => void } = {},
): Promise<{ status: number; events: SseEvent[] }> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    accept: 'text/event-stream',
  };
  if (token) headers.authorization = `Bearer ${token}`;
  const events: SseEvent[] = [];
  let res: Response;
  try {
    res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
      signal: options.signal,
    });
  } catch (error) {
    if (options.signal?.aborted) return { status: 0, events };
    throw error;
  }
  if (!res.body) return { status: res.status, events };
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    const reader = res.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let end = buffer.indexOf('\n\n');
      while (end >= 0) {
        const block = buffer.slice(0, end);
        buffer = buffer.slice(end + 2);
        end = buffer.indexOf('\n\n');
        let event = 'message';
        const data: string[] = [];
        for (const line of block.split('\n')) {
          if (line.startsWith('event:')) event = line.slice(6).trim();
          else if (line.startsWith('data:')) data.push(line.slice(5).trim());
        }
        if (data.length === 0 && event === 'message') continue;
        const parsed = { event, data: data.join('\n') };
        events.push(parsed);
        options.onEvent?.(parsed);
      }
    }
  } catch (error) {
    if (!options.signal?.aborted) throw error;
  }
  return { status: res.status, events };
}
