import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser } from 'playwright-core';
import { axeViolations, launchBrowser } from '../support/browser';
import { startService, waitForStatus, type ServiceProcess } from '../support/service-process';

const STANDALONE = 'apps/standalone/src/main.ts';

/**
 * `npm start` as a newcomer runs it: the compiled standalone on a fresh DATA_DIR with every default (the full demo:
 * 98 kommuner, 24 months), then the dashboard through its demo login. How long the first start takes is measured
 * by the dashboard benchmark, not asserted here (the machine is shared).
 */
describe('the real first start', () => {
  let dataDir: string;
  let browser: Browser | undefined;
  const running: ServiceProcess[] = [];

  beforeAll(() => {
    dataDir = mkdtempSync(path.join(tmpdir(), 'tb-first-start-'));
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(running.splice(0).map((service) => service.stop('SIGKILL')));
    rmSync(dataDir, { recursive: true, force: true });
  });

  it('seeds the full demo with a progress bar, serves the dashboard with demo logins, and does not seed again on the second start', async () => {
    const started = Date.now();
    const first = await startService(STANDALONE, { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    running.push(first);
    // Generous: the minute of a quiet machine becomes several when the tests around it load both cores.
    await waitForOutput(first, /is running on/, 900_000);
    console.log(`first start to a usable dashboard: ${((Date.now() - started) / 1000).toFixed(1)} s (stdout not a terminal)`);
    const output = first.output();
    // The progress bar writes lines when stdout is not a terminal.
    expect(output).toMatch(/Storing case events\s+\|[█░]+\| \d+%/);
    expect(output).toMatch(/Demo data: \d+ case events stored/);
    expect(output).toMatch(/98\/98 kommuner/);
    expect(output).toContain(`dashboard: http://localhost:${first.port}/`);
    expect(output).toMatch(/Demo logins at/);
    await waitForStatus(first, '/health');

    browser = await launchBrowser();
    const page = await browser.newPage({ locale: 'da-DK' });
    await page.goto(first.url);
    await page.locator('#demo-kommune').selectOption('101');
    await page.getByRole('radio', { name: 'Ledelse (kommune)' }).check();
    await expect(axeViolations(page)).resolves.toEqual([]);
    await page.getByRole('button', { name: 'Log ind' }).click();
    await page.locator('[data-ready=indicators]').waitFor({ timeout: 60_000 });
    await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('København');
    await page.getByTestId('temperature-table').waitFor({ timeout: 30_000 });
    // København has a deterioration injected: its delayed-help warning is listed.
    await page
      .getByTestId('warnings')
      .getByText(/Forværring/)
      .first()
      .waitFor({ timeout: 30_000 });

    // The national snapshots are published while the dashboard is already served.
    await waitForOutput(first, /Demo data: complete/, 600_000);
    await page.getByRole('button', { name: 'Log ud' }).click();
    await page.getByRole('radio', { name: /sekretariat/ }).check();
    await page.getByRole('button', { name: 'Log ind' }).click();
    const table = page.locator('#kommuner');
    await table.waitFor({ timeout: 60_000 });
    await expect(table.locator('tbody tr').count()).resolves.toBe(98);
    await expect(table.getByText('Ikke indberettet').count()).resolves.toBe(0);
    await page.close();

    expect(await first.stop('SIGTERM')).toBe(0);
    const second = await startService(STANDALONE, { DATA_DIR: dataDir, LOG_LEVEL: 'warn' });
    running.push(second);
    await waitForOutput(second, /is running on/, 120_000);
    expect(second.output()).not.toContain('Storing case events');
    expect(second.output()).toContain('seeded on an earlier start');
  }, 1_200_000);
});

async function waitForOutput(service: ServiceProcess, pattern: RegExp, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!pattern.test(service.output())) {
    if (service.child.exitCode !== null) throw new Error(`the service exited (${service.child.exitCode}):\n${service.output()}`);
    if (Date.now() > deadline) throw new Error(`no ${pattern} within ${timeoutMs} ms:\n${service.output().slice(-3000)}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}
