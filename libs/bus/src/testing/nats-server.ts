import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { connect as connectTcp, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export const NATS_SERVER_BINARY = process.env['NATS_SERVER_BIN'] ?? '/usr/sbin/nats-server';

export interface NatsServerProcess {
  url: string;
  port: number;
  /** The JetStream store directory, kept across restarts, removed by `stop`. */
  storeDir: string;
  /** SIGKILL: the server dies as in a crash (JetStream's files stay as they are on disk). */
  kill(): Promise<void>;
  /** Starts it again on the same port and store (after `kill`, or kills it first). */
  restart(): Promise<void>;
  /** Kills it and removes its store. */
  stop(): Promise<void>;
  /** What the server logged (for a failing test's message). */
  output(): string;
}

/**
 * A nats-server with JetStream of the test's own, on a free port with its own store directory, so that a test
 * can kill and restart it without touching the machine's NATS on 4222.
 */
export async function startNatsServer(): Promise<NatsServerProcess> {
  const port = await freePort();
  const storeDir = mkdtempSync(path.join(tmpdir(), 'nats-store-'));
  let child: ChildProcess | undefined;
  let exited: Promise<void> = Promise.resolve();
  let output = '';

  const launch = async () => {
    const launched = spawn(NATS_SERVER_BINARY, ['-a', '127.0.0.1', '-p', String(port), '-js', '-sd', storeDir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child = launched;
    exited = new Promise<void>((resolve) => launched.once('exit', () => resolve()));
    launched.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    launched.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
    const deadline = Date.now() + 30_000;
    while (!(output.includes('Server is ready') && (await answers(port)))) {
      if (launched.exitCode !== null) throw new Error(`nats-server exited (${launched.exitCode}):\n${output}`);
      if (Date.now() > deadline) throw new Error(`nats-server did not get ready in 30 s:\n${output}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };

  const kill = async () => {
    if (child && child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };

  await launch();
  return {
    url: `nats://127.0.0.1:${port}`,
    port,
    storeDir,
    kill,
    async restart() {
      await kill();
      output += '\n--- restarted ---\n';
      await launch();
    },
    async stop() {
      await kill();
      rmSync(storeDir, { recursive: true, force: true });
    },
    output: () => output,
  };
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connectTcp(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
