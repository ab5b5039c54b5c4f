/** The product's API, with the signed-in user's bearer token. */
let bearer: string | null = null;

export function useToken(token: string | null): void {
  bearer = token;
}

export function currentToken(): string | null {
  return bearer;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

export async function api<T>(path: string, options: { method?: string; body?: unknown } = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json' };
  if (bearer) headers['authorization'] = `Bearer ${bearer}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(path, {
    method: options.method ?? 'GET',
    headers,
    body: options.body === undefined ? undefined : JSON.stringify(options.body),
  });
  const text = await response.text();
  let parsed: unknown;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    parsed = text;
  }
  if (!response.ok) throw new ApiError(response.status, messageOf(parsed) ?? `${response.status} ${response.statusText}`);
  return parsed as T;
}

function messageOf(body: unknown): string | undefined {
  if (typeof body !== 'object' || body === null) return typeof body === 'string' && body ? body : undefined;
  const { message, detail, title } = body as { message?: unknown; detail?: unknown; title?: unknown };
  const text = [detail, message, title].find((value) => typeof value === 'string' || Array.isArray(value));
  return Array.isArray(text) ? text.join('; ') : (text as string | undefined);
}

/** A query string from the defined values only. */
export function query(params: Record<string, string | number | null | undefined>): string {
  const entries = Object.entries(params).filter((entry): entry is [string, string | number] => entry[1] !== null && entry[1] !== undefined);
  return entries.length === 0 ? '' : `?${new URLSearchParams(entries.map(([key, value]) => [key, String(value)])).toString()}`;
}
