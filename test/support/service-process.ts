import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const WORKSPACE_ROOT = path.resolve(__dirname, '../..');

export interface ServiceProcess {
  url: string;
  port: number;
  child: ChildProcess;
  /** Everything the process wrote so far (stdout and stderr). */
  output(): string;
  /** Resolves with the exit code (or the signal's name) once the process is gone. */
  exited: Promise<number | string>;
  stop(signal?: NodeJS.Signals): Promise<number | string>;
}

/** A free TCP port on 127.0.0.1, chosen by the kernel. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/**
 * Starts an entry point the way `npm start` does: its compiled JavaScript under dist/ (built once for the
 * end-to-end tests by build-once.js), in its own process, with the given environment on a free port. Tests
 * kill it with SIGKILL to simulate a crash, or SIGTERM for a clean stop.
 */
export async function startService(entry: string, env: Record<string, string> = {}): Promise<ServiceProcess> {
  const port = await freePort();
  let output = '';
  const compiled = path.join('dist', entry.replace(/\.ts$/, '.js'));
  const child = spawn(process.execPath, [compiled], {
    cwd: WORKSPACE_ROOT,
    env: { ...process.env, NODE_OPTIONS: '', PORT: String(port), ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string>((resolve) => child.once('exit', (code, signal) => resolve(code ?? signal ?? 'unknown')));
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    child,
    output: () => output,
    exited,
    async stop(signal: NodeJS.Signals = 'SIGTERM') {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Polls `url` until it answers `status`; fails with the process output after `timeoutMs`. */
export async function waitForStatus(service: ServiceProcess, pathname: string, status = 200, timeoutMs = 60_000): Promise<Response> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${service.url}${pathname}`).catch(() => undefined);
    if (response?.status === status) return response;
    if (service.child.exitCode !== null)
      throw new Error(`service exited (${service.child.exitCode}) before ${pathname} answered ${status}:\n${service.output()}`);
    if (Date.now() > deadline) throw new Error(`${pathname} did not answer ${status} within ${timeoutMs} ms:\n${service.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
