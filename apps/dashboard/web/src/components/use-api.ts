import { useEffect, useState } from 'preact/hooks';
import { api, ApiError } from '../api';

export type Loaded<T> =
  | { state: 'loading' }
  | { state: 'ready'; data: T }
  /** The endpoint is not part of this installation (404) or not for this role (403). */
  | { state: 'unavailable'; status: number; message: string }
  | { state: 'failed'; message: string };

/** GET `path` whenever it changes (null: nothing to load); `reload` asks again. */
export function useApi<T>(path: string | null, version = 0): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    if (path === null) return;
    let current = true;
    setLoaded({ state: 'loading' });
    api<T>(path).then(
      (data) => current && setLoaded({ state: 'ready', data }),
      (error: unknown) => {
        if (!current) return;
        if (error instanceof ApiError && (error.status === 404 || error.status === 403)) {
          setLoaded({ state: 'unavailable', status: error.status, message: error.message });
        } else setLoaded({ state: 'failed', message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => {
      current = false;
    };
  }, [path, version]);
  return loaded;
}
