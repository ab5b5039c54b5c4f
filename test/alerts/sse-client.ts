/** One server-sent event as a client parses it (the WHATWG rules, for the fields this product sends). */
export interface ServerSentEvent {
  id?: string;
  event: string;
  data: string;
  receivedAt: number;
}

export interface SseConnection {
  status: number;
  contentType: string | null;
  events: ServerSentEvent[];
  comments: string[];
  close(): void;
}

/** Opens a stream over real HTTP and parses it as it arrives, as a browser's EventSource would. */
export async function openStream(url: string, headers: Record<string, string> = {}): Promise<SseConnection> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const connection: SseConnection = {
    status: response.status,
    contentType: response.headers.get('content-type'),
    events: [],
    comments: [],
    close: () => controller.abort(),
  };
  if (!response.ok || !response.body) {
    await response.body?.cancel().catch(() => undefined);
    return connection;
  }
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  void (async () => {
    try {
      for (;;) {
        const { value, done } = await reader.read();
        if (done) return;
        buffer += decoder.decode(value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const event: ServerSentEvent = { event: 'message', data: '', receivedAt: Date.now() };
          let hasData = false;
          for (const line of block.split('\n')) {
            if (line.startsWith(':')) connection.comments.push(line.slice(1).trim());
            else if (line.startsWith('id: ')) event.id = line.slice(4);
            else if (line.startsWith('event: ')) event.event = line.slice(7);
            else if (line.startsWith('data: ')) {
              event.data += (hasData ? '\n' : '') + line.slice(6);
              hasData = true;
            }
          }
          if (hasData) connection.events.push(event);
        }
      }
    } catch {
      // aborted: the test closed it
    }
  })();
  return connection;
}
