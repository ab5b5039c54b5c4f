import { readFileSync } from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { Role } from '@tillidsbarometer/auth';
import { axeViolations, launchBrowser } from '../support/browser';
import { caseEvent } from '../support/case-event-samples';
import { startProduct, type Product } from '../support/product';

/**
 * The dashboard in Debian's Chromium against the whole product in this process, on PGlite with a small
 * deterministic demo (four kommuner at a tenth of the demo's scale: the full first start has its own test).
 * Signing in puts a token into the tab's session as the login page does; the demo login itself is tested on
 * the real first start.
 */
const KOMMUNE = '101';
const LONG = 240_000; // generous: the machine running the tests is shared, and a browser test waits on real services

describe('the dashboard in a browser', () => {
  let product: Product;
  let browser: Browser;
  let context: BrowserContext;

  beforeAll(async () => {
    product = await startProduct({
      engine: 'pglite',
      env: { DEMO_DATA: 'on', DEMO_SCALE: '0.01', DEMO_KOMMUNER: '101,147,461,751' },
    });
    browser = await launchBrowser();
  }, 300_000);

  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  beforeEach(async () => {
    context = await browser.newContext({ locale: 'da-DK', viewport: { width: 1280, height: 900 } });
  });
  afterEach(async () => {
    await context.close();
  });

  async function signedIn(role: Role, hash: string, kommune = KOMMUNE): Promise<Page> {
    const token = await product.token(role, kommune);
    const [, payload] = token.split('.');
    const claims = JSON.parse(Buffer.from(payload!, 'base64url').toString()) as { exp: number };
    const session = { token, role, kommune: role === 'secretariat' ? null : kommune, expiresAt: claims.exp };
    // Runs in the page: only what is written inside the function goes there.
    type PageScope = { sessionStorage: { setItem(key: string, value: string): void } };
    await context.addInitScript(([key, value]) => (globalThis as unknown as PageScope).sessionStorage.setItem(key, value), [
      'tillidsbarometer.session',
      JSON.stringify(session),
    ] as const);
    const page = await context.newPage();
    page.on('pageerror', (error) => console.error('page error:', error.message));
    await page.goto(`${product.url}/${hash}`);
    return page;
  }

  async function expectNoAxeViolations(page: Page): Promise<void> {
    const violations = await axeViolations(page);
    expect(violations).toEqual([]);
  }

  it(
    'the kommune view shows the indicators with intervals and trends, the control chart, the latest measurement and the alerts; axe finds nothing',
    async () => {
      const page = await signedIn('kommune_leader', '#/kommune');
      await page.locator('[data-ready=indicators]').waitFor({ timeout: 60_000 });
      expect(await page.locator('html').getAttribute('lang')).toBe('da');
      await expect(page.getByRole('heading', { level: 1 }).textContent()).resolves.toContain('København');
      // Six headline cards, each with a Wilson interval and a trend chart with its table alternative.
      await expect(page.locator('li.indicator').count()).resolves.toBe(6);
      await expect(page.getByTestId('ci-timely_decisions').textContent()).resolves.toMatch(/%.*–.*%/);
      await page.locator('li.indicator canvas').first().waitFor();
      await expect(page.locator('li.indicator figure.chart').count()).resolves.toBe(6);
      await expect(page.locator('li.indicator details.alternative table').count()).resolves.toBe(6);
      // The delayed-help control chart (warnings' chart endpoint) with its week-by-week table.
      await page.getByTestId('control-chart-late_first_decisions').waitFor({ timeout: 30_000 });
      // The latest (demo) temperature measurement with VIVE 2020 beside it.
      const temperature = page.getByTestId('temperature-table');
      await temperature.waitFor({ timeout: 30_000 });
      await expect(temperature.textContent()).resolves.toContain('Land 2020');
      // The alerts of the kommune, with the live connection up.
      await expect(page.getByTestId('alert-connection').textContent()).resolves.toBeTruthy();
      await page.getByTestId('alert-connection').filter({ hasText: 'forbundet' }).waitFor({ timeout: 30_000 });
      await expectNoAxeViolations(page);
      // The same with the window switched and every table alternative opened.
      await page.getByLabel('365 dage').check();
      await page.locator('[data-ready=indicators]').waitFor();
      for (const summary of await page.locator('summary').all()) await summary.click();
      await expectNoAxeViolations(page);
    },
    LONG,
  );

  it(
    'the department filter changes the figures to those the API gives for the department',
    async () => {
      const page = await signedIn('kommune_leader', '#/kommune');
      await page.locator('[data-ready=indicators]').waitFor({ timeout: 60_000 });
      const basis = () => page.locator('li.indicator[data-indicator=timely_decisions] .basis').textContent();
      const whole = await basis();
      const token = await product.token('kommune_leader');
      const byApi = async (department?: string) => {
        const answer = await product.request(
          'GET',
          `/api/v1/kommuner/${KOMMUNE}/indicators?window=90${department ? `&department=${department}` : ''}`,
          {
            token,
          },
        );
        const figure = (answer.body as { indicators: Record<string, { numerator: number; denominator: number }> }).indicators[
          'timely_decisions'
        ]!;
        return `${figure.numerator} af ${figure.denominator}`;
      };
      expect(whole).toBe(await byApi());
      await page.getByLabel('Afdeling').selectOption('children_family');
      const expected = await byApi('children_family');
      expect(expected).not.toBe(whole);
      await page
        .locator('li.indicator[data-indicator=timely_decisions] .basis')
        .filter({ hasText: new RegExp(`^${expected}$`) })
        .waitFor({ timeout: 30_000 });
      await expect(page.getByRole('heading', { level: 2, name: /børn og familie/i }).count()).resolves.toBe(1);
    },
    LONG,
  );

  it(
    'a measurement is created, its tokens come as CSV and a printable sheet, answered on the response page, closed, and its results shown',
    async () => {
      const page = await signedIn('kommune_leader', '#/maalinger');
      await page.getByLabel('Titel').fill('Browser-test');
      await page.getByLabel('Engangskoder pr. gruppe').fill('5');
      await page.getByRole('button', { name: 'Opret måling' }).click();
      await page.getByRole('heading', { level: 1, name: /Måling oprettet/ }).waitFor();
      const slips = page.locator('li.token-slip');
      await expect(slips.count()).resolves.toBe(15);
      await expectNoAxeViolations(page);

      const download = page.waitForEvent('download');
      await page.getByTestId('download-csv').click();
      const csvPath = await (await download).path();
      const csv = readFileSync(csvPath, 'utf8');
      const lines = csv.trim().split('\r\n');
      expect(lines[0]).toBe('gruppe,kode,link');
      expect(lines).toHaveLength(16);

      // Every respondent answers through the response page, with the token's link from the sheet.
      const links = await page.locator('li.token-slip a').evaluateAll((anchors) => anchors.map((a) => (a as { href: string }).href));
      expect(links.every((link) => link.startsWith(`${product.url}/svar/`))).toBe(true);
      const respondent = await context.newPage();
      for (const link of links) {
        await respondent.goto(link);
        for (const fieldset of await respondent.locator('fieldset[id^="question-"]').all())
          await fieldset.locator('input[value="2"]').check();
        await respondent.getByRole('button', { name: 'Send mine svar' }).click();
        await respondent.waitForURL(/kvittering/);
      }
      await respondent.close();

      await page.getByRole('button', { name: 'Tilbage til målingerne' }).click();
      const row = page.locator('#rounds tr', { hasText: 'Browser-test' });
      await row.getByRole('button', { name: /Afslut nu/ }).click();
      await page.getByTestId('round-results').waitFor({ timeout: 30_000 });
      await expect(row.getByTestId('responses-citizen').textContent()).resolves.toBe('5 / 5');
      const results = page.getByTestId('round-results').getByTestId('temperature-table');
      await results.waitFor();
      // Every answer was 2: each group's mean is 2 from 5 answers (shown as "2 (5)").
      await expect(results.locator('tbody tr').first().textContent()).resolves.toContain('2 (5)');
      await expectNoAxeViolations(page);
    },
    LONG,
  );

  it(
    'an event posted to the API raises a flag that appears in the team view and an alert that arrives live in the kommune view',
    async () => {
      const page = await signedIn('kommune_staff', '#/kommune');
      await page.getByTestId('alert-connection').filter({ hasText: 'forbundet' }).waitFor({ timeout: 60_000 });
      const caseId = `SAG-BROWSER-${Date.now()}`;
      const now = Date.now();
      const at = (minutesAgo: number) => new Date(now - minutesAgo * 60_000).toISOString();
      const events = [
        caseEvent(
          'HelpRequested',
          { citizenId: '0101901234', area: 'sel_83', department: 'jobcenter', channel: 'written' },
          { caseId, occurredAt: at(60) },
        ),
        ...['A', 'B', 'C'].map((who, index) =>
          caseEvent('CaseworkerAssigned', { caseworkerId: `cw-${who}`, reason: 'sickness' }, { caseId, occurredAt: at(50 - index * 10) }),
        ),
      ];
      const posted = await product.request('POST', '/api/v1/events', { token: await product.token('source_system'), body: events });
      expect((posted.body as Array<{ status: string }>).map((result) => result.status)).toEqual(['stored', 'stored', 'stored', 'stored']);

      // The alert arrives over the server-sent events, without reloading.
      await page
        .getByTestId('live-alerts')
        .getByText(new RegExp(`Mange skift af sagsbehandler – sag ${caseId}`))
        .waitFor({ timeout: 30_000 });

      // The flag in the team view, found with the filters.
      const team = await context.newPage();
      await team.goto(`${product.url}/#/team`);
      await team.getByLabel('Advarsel').selectOption('CASEWORKER_CHURN');
      await team.getByLabel('Afdeling').selectOption('jobcenter');
      await team.locator('#flags').getByRole('rowheader', { name: caseId }).waitFor({ timeout: 30_000 });
      await expectNoAxeViolations(team);
      // Sorting by how long the flags have been open: the new one is the newest.
      await team.getByLabel('Afdeling').selectOption('');
      await team.locator('#flags').waitFor();
      await team.getByRole('button', { name: /Åben i dage/ }).click();
      await expect(team.locator('#flags th[aria-sort]').filter({ hasText: 'Åben i dage' }).getAttribute('aria-sort')).resolves.toBe(
        'ascending',
      );
    },
    LONG,
  );

  it(
    'the national view shows the kommuner with region, marks suppressed cells, draws the funnel with the kommuner outside named, and passes axe',
    async () => {
      const page = await signedIn('secretariat', '#/national');
      await page.locator('[data-ready=national]').waitFor({ timeout: 60_000 });
      const table = page.locator('#kommuner');
      await table.waitFor({ timeout: 30_000 });
      await expect(table.locator('tbody tr').count()).resolves.toBe(98);
      // Code order by default, not a ranking: København (101) first, Frederiksberg (147) second.
      await expect(table.locator('tbody tr').nth(0).textContent()).resolves.toContain('København (101)');
      await expect(table.locator('tbody tr').nth(1).textContent()).resolves.toContain('Frederiksberg (147)');
      await expect(table.textContent()).resolves.toContain('Region Hovedstaden');
      // The kommuner without demo data here have not reported; the table says so instead of a figure.
      await expect(table.getByText('Ikke indberettet').count()).resolves.toBeGreaterThan(0);
      await page.getByTestId('funnel').waitFor({ timeout: 30_000 });
      await page.getByTestId('funnel-outliers').waitFor();
      await expectNoAxeViolations(page);

      // A cell the kommune suppressed (fewer than 3) is marked as such in its row.
      const secretariat = await product.token('secretariat');
      let suppressed: { indicator: string; name: string } | undefined;
      for (const indicator of ['timely_reassessment', 'appeal_reversal_rate', 'home_visit_share', 'oral_explanation_of_refusals']) {
        const answer = await product.request('GET', `/api/v1/national/kommuner?indicator=${indicator}&window=365`, { token: secretariat });
        const row = (answer.body as { kommuner: Array<{ name: string; reported: boolean; suppressed: boolean }> }).kommuner.find(
          (candidate) => candidate.reported && candidate.suppressed,
        );
        if (row) {
          suppressed = { indicator, name: row.name };
          break;
        }
      }
      expect(suppressed).toBeDefined();
      await page.locator('#national-indicator').selectOption(suppressed!.indicator);
      await table.locator('tbody tr', { hasText: suppressed!.name }).getByText('Undertrykt').waitFor({ timeout: 30_000 });
      await expectNoAxeViolations(page);
      // Sorting by the figure is a choice, and says so.
      await table.getByRole('button', { name: /Værdi/ }).click();
      await expect(table.locator('th[aria-sort=ascending]').count()).resolves.toBe(1);
    },
    LONG,
  );
});
