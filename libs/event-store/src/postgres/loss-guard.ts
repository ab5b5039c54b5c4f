/**
 * Makes a piece of work fail as soon as the session's connection is lost. Not `Promise.race([work, lost])`:
 * every race leaves a reaction on the long-lived `lost` promise that holds the race's result, so a subscription
 * that follows for long kept every page it ever read (regression: a rebuild of 5 million events grew to 4 GB).
 * Here the listener is removed as soon as the work settles.
 */
export function lossGuard(lost: Promise<Error>): <T>(work: Promise<T>) => Promise<T> {
  let lostWith: Error | undefined;
  const listeners = new Set<(error: Error) => void>();
  void lost.then((error) => {
    lostWith = error;
    for (const listener of listeners) listener(error);
  });
  return <T>(work: Promise<T>) =>
    new Promise<T>((resolve, reject) => {
      if (lostWith) return reject(lostWith);
      listeners.add(reject);
      work.then(resolve, reject).finally(() => listeners.delete(reject));
    });
}
