import type { Browser, Page } from 'playwright-core';
import { QUESTIONS } from '@tillidsbarometer/surveys';
import { axeViolations, launchBrowser } from '../support/browser';
import { startProduct, type Product } from '../support/product';
import { answersFor, createRound, inSeconds, respond, type CreatedRound } from './survey-helpers';

const OPTIONS = ['3', '2', '1', '0', 'ved_ikke', 'naegter_at_svare'] as const;
const CITIZEN_QUESTIONS = QUESTIONS.filter((q) => q.wording.citizen !== null);

/**
 * The respondent's page in a real browser (Debian Chromium through playwright-core): filled in with the keyboard
 * alone and sent with JavaScript switched off; every page (the form, its error state, the receipt, 404/409/410)
 * scanned with axe-core against WCAG 2.1 A and AA.
 */
describe('the response page /svar/{token}', () => {
  let product: Product;
  let browser: Browser;
  let leader: string;
  let round: CreatedRound;

  beforeAll(async () => {
    product = await startProduct({ env: { SURVEY_TICK_MS: '200' } });
    leader = await product.token('kommune_leader', '101');
    round = await createRound(product, leader, {
      title: 'Tillid i Københavns Kommune',
      closesAt: inSeconds(3_600),
      tokensPerRole: { citizen: 3, caseworker: 2, leader: 1 },
    });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
    await product?.close();
  });

  it('is filled in by keyboard alone and sent without JavaScript; the answers arrive as chosen', async () => {
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    const token = round.tokens.citizen![0]!;
    await page.goto(`${product.url}/svar/${token}`);
    expect(await page.getAttribute('html', 'lang')).toBe('da');
    expect(await page.textContent('h1')).toBe('Tillid i Københavns Kommune');
    expect(await page.locator('fieldset').count()).toBe(CITIZEN_QUESTIONS.length + 1); // eleven questions and timing, no department

    // Tab into each radio group, Space picks its first option, arrow keys move to the chosen one; Tab to the next.
    for (const [index] of CITIZEN_QUESTIONS.entries()) {
      await page.keyboard.press('Tab');
      await page.keyboard.press('Space');
      for (let step = 0; step < index % OPTIONS.length; step++) await page.keyboard.press('ArrowDown');
    }
    await page.keyboard.press('Tab');
    await page.keyboard.press('Space');
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('ArrowDown'); // "Så sent, at det gav problemer"
    await page.keyboard.press('Tab'); // the button
    await Promise.all([page.waitForURL(/\/svar\/kvittering$/), page.keyboard.press('Enter')]);
    expect(await page.textContent('h1')).toBe('Tak for dine svar');
    await context.close();

    // The same token again: already used.
    expect((await fetch(`${product.url}/svar/${token}`)).status).toBe(409);
    await product.request('POST', `/api/v1/measurements/${round.id}/close`, { token: leader });
    const { rows } = await product.db.query<{ data: { responses: Array<{ answers: Record<string, unknown>; timing: string }> } }>(
      `SELECT data FROM event_store.events WHERE stream_name = $1 AND event_type = 'ResponsesRecorded'`,
      [`measurement-101-${round.id}`],
    );
    const stored = rows.flatMap((row) => row.data.responses);
    expect(stored).toEqual([
      {
        role: 'citizen',
        department: null,
        answers: Object.fromEntries(
          CITIZEN_QUESTIONS.map((q, index) => [q.id, /^\d$/.test(OPTIONS[index % 6]!) ? Number(OPTIONS[index % 6]) : OPTIONS[index % 6]]),
        ),
        timing: 'saa_sent_at_det_gav_problemer',
      },
    ]);
  });

  describe('accessibility', () => {
    let open: CreatedRound;
    beforeAll(async () => {
      open = await createRound(product, leader, {
        title: 'Medarbejdere',
        closesAt: inSeconds(3_600),
        tokensPerRole: { caseworker: 3, citizen: 1, leader: 1 },
      });
    });
    // axe-core is injected as a script, which the page's own policy (no scripts at all) would refuse.
    const page = async (): Promise<Page> => (await browser.newContext({ bypassCSP: true })).newPage();

    it('has no axe violations on the form for staff, with its department choice, and shows focus', async () => {
      const tab = await page();
      await tab.goto(`${product.url}/svar/${open.tokens.caseworker![0]}`);
      expect(await tab.locator('fieldset#department legend').textContent()).toContain('Hvilken del af kommunen arbejder du i?');
      expect(await tab.locator('label[for="answer-help_needed-naegter_at_svare"]').textContent()).toBe('Ønsker ikke at svare');
      expect(await axeViolations(tab)).toEqual([]);
      await tab.keyboard.press('Tab');
      const focused = tab.locator(':focus');
      const focus = {
        id: await focused.getAttribute('id'),
        ...(await focused.evaluate((element) => {
          const style = (
            globalThis as unknown as { getComputedStyle: (e: unknown) => { outlineStyle: string; outlineWidth: string } }
          ).getComputedStyle(element);
          return { outline: style.outlineStyle, width: style.outlineWidth };
        })),
      };
      expect(focus).toEqual({ id: 'department-adult_disability', outline: 'solid', width: '3px' });
      await tab.context().close();
    });

    it('answers a form with missing answers by an error summary, focused, whose links lead to the questions', async () => {
      const tab = await page();
      await tab.goto(`${product.url}/svar/${open.tokens.caseworker![1]}`);
      await tab.check('#answer-help_needed-2');
      const [response] = await Promise.all([tab.waitForResponse((r) => r.request().method() === 'POST'), tab.click('button[type=submit]')]);
      expect(response.status()).toBe(422);
      expect(await tab.title()).toMatch(/^Fejl: /);
      const summary = tab.locator('.error-summary');
      expect(await summary.getAttribute('role')).toBe('alert');
      expect(await tab.locator(':focus').getAttribute('class')).toBe('error-summary');
      const links = await summary.locator('a').evaluateAll((anchors) => anchors.map((a) => a.getAttribute('href')));
      expect(links).toHaveLength(12); // 13 questions for caseworkers, one answered
      for (const href of links) expect(await tab.locator(href!).count()).toBe(1);
      expect(await tab.isChecked('#answer-help_needed-2')).toBe(true); // what was chosen is kept
      expect(await tab.getAttribute('#question-influence', 'aria-describedby')).toBe('answer-influence-error');
      expect(await axeViolations(tab)).toEqual([]);
      await tab.click(`a[href="${links[0]}"]`);
      expect(await tab.locator(':focus').getAttribute('id')).toBe(links[0]!.slice(1));
      await tab.context().close();
    });

    it('has clear Danish pages for an unknown, a used and a closed link, and the receipt, each without axe violations', async () => {
      const used = open.tokens.caseworker![2]!;
      expect((await respond(product, open.id, { token: used, answers: answersFor('caseworker', 1) })).status).toBe(202);
      const closed = await createRound(product, leader, {
        title: 'Lukket',
        closesAt: inSeconds(3_600),
        tokensPerRole: 1,
        roles: ['citizen'],
      });
      await product.request('POST', `/api/v1/measurements/${closed.id}/close`, { token: leader });
      const later = await createRound(product, leader, {
        title: 'Senere',
        opensAt: '2030-03-01T08:00:00+01:00',
        closesAt: '2030-04-01T08:00:00+02:00',
        tokensPerRole: 1,
        roles: ['citizen'],
      });
      const cases = [
        ['aaaaaaaaaaaaaaaaaaaaaaaaaa', 404, 'Linket findes ikke'],
        [used, 409, 'Linket er allerede brugt'],
        [closed.tokens.citizen![0]!, 410, 'Spørgeskemaet er lukket'],
        [later.tokens.citizen![0]!, 409, 'Spørgeskemaet er ikke åbnet endnu'],
        ['kvittering', 200, 'Tak for dine svar'],
      ] as const;
      for (const [token, status, heading] of cases) {
        const tab = await page();
        const response = await tab.goto(`${product.url}/svar/${token}`);
        expect({ token, status: response!.status(), heading: await tab.textContent('h1') }).toEqual({ token, status, heading });
        expect(await axeViolations(tab)).toEqual([]);
        await tab.context().close();
      }
      expect(await (await fetch(`${product.url}/svar/${later.tokens.citizen![0]}`)).text()).toContain('1. marts 2030 kl. 08.00');
    });

    it('sends no Referer, allows no script and is never cached', async () => {
      const response = await fetch(`${product.url}/svar/${open.tokens.citizen![0]}`);
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('content-security-policy')).toMatch(/default-src 'none'; style-src 'sha256-[^']+'; form-action 'self'/);
      expect(response.headers.get('cache-control')).toBe('no-store');
    });
  });
});
