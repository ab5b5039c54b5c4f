import { spawn } from 'node:child_process';
import path from 'node:path';
import type { ConsumerProcess, ConsumerProcessOptions } from './integration-bus.conformance';

const WORKSPACE_ROOT = path.resolve(__dirname, '../../../..');

/**
 * Starts `consumer.process.ts` in a child process (compiled on the fly, as `npm run bench` runs TypeScript) with
 * the transport named by `env` (BUS_TRANSPORT and its address), and resolves once its consumer is registered.
 */
export async function spawnConsumerProcess(options: ConsumerProcessOptions, env: Record<string, string>): Promise<ConsumerProcess> {
  const child = spawn(process.execPath, ['-r', '@swc-node/register', path.join(__dirname, 'consumer.process.ts')], {
    cwd: WORKSPACE_ROOT,
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      ...env,
      BUS_TOPIC: options.topic,
      BUS_GROUP: options.group,
      BUS_ACK_TIMEOUT_MS: String(options.ackTimeoutMs),
      BUS_HANDLE_DELAY_MS: String(options.handleDelayMs),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const handled: Array<{ id: string; key: string; attempt: number }> = [];
  let output = '';
  let pending = '';
  let markReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => (markReady = resolve));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.stdout!.on('data', (chunk: Buffer) => {
    pending += chunk.toString('utf8');
    const lines = pending.split('\n');
    pending = lines.pop()!;
    for (const line of lines) {
      const record = JSON.parse(line) as { event: string; id: string; key: string; attempt: number };
      if (record.event === 'ready') markReady();
      if (record.event === 'handled') handled.push({ id: record.id, key: record.key, attempt: record.attempt });
    }
  });
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  let timer: NodeJS.Timeout | undefined;
  try {
    await Promise.race([
      ready,
      exited.then(() => {
        throw new Error(`the consumer process exited before it was ready:\n${output}`);
      }),
      new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`the consumer process was not ready in 60 s:\n${output}`)), 60_000);
      }),
    ]);
  } finally {
    clearTimeout(timer);
  }
  return {
    handled: () => [...handled],
    async kill() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
  };
}
