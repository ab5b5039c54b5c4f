import { KurrentDBClient } from '@kurrent/kurrentdb-client';
import { EventStoreError } from '../errors';

/**
 * The part of the official client the adapter uses. Named here so that the adapter's logic can also be run
 * against the in-memory model of KurrentDB in `testing/` where no server runs (the development machines).
 */
export type KurrentDbClient = Pick<KurrentDBClient, 'appendToStream' | 'readStream' | 'readAll' | 'subscribeToAll' | 'dispose'>;

/** The connection string schemes the official client accepts (`esdb` is deprecated but still read). */
const CONNECTION_STRING = /^(kurrentdb|kurrent|kdb|esdb)(\+discover)?:\/\/[^/?#]+/;

/**
 * Connects lazily (the first call opens the gRPC channel) to `KURRENTDB_URL`, e.g.
 * `kurrentdb://localhost:2113?tls=false` for the single insecure node of infra/docker-compose.yml, or
 * `kurrentdb+discover://admin:changeit@node1:2113,node2:2113?tlsCAFile=ca.crt` for a secure cluster.
 */
export function connectKurrentDb(url: string): KurrentDbClient {
  if (!CONNECTION_STRING.test(url)) {
    throw new EventStoreError('KURRENTDB_URL must be a KurrentDB connection string such as kurrentdb://localhost:2113?tls=false');
  }
  try {
    return KurrentDBClient.connectionString(url);
  } catch (error) {
    // The client's parser names the offending part; the URL itself may hold a password, so it is not repeated.
    throw new EventStoreError(`KURRENTDB_URL is not a valid KurrentDB connection string: ${(error as Error).message}`);
  }
}
