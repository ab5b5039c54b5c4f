import type { ComponentChildren } from 'preact';
import type { Loaded } from './use-api';

/** The content once loaded; while loading, or when it failed, a message that screen readers announce. */
export function Async<T>({ loaded, children, what }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren; what: string }) {
  if (loaded.state === 'loading')
    return (
      <p class="status" role="status">
        Henter {what} …
      </p>
    );
  if (loaded.state === 'unavailable')
    return (
      <p class="status notice">
        {loaded.status === 403 ? `Din rolle har ikke adgang til ${what}.` : `${capitalise(what)} findes ikke i denne installation endnu.`}
      </p>
    );
  if (loaded.state === 'failed')
    return (
      <p class="status error" role="alert">
        Kunne ikke hente {what}: {loaded.message}
      </p>
    );
  return <>{children(loaded.data)}</>;
}

const capitalise = (text: string) => text.charAt(0).toUpperCase() + text.slice(1);
