import { waitUntilCaughtUp } from '../support/load-history';
import { startProduct, type Product } from '../support/product';
import { eventually, grantedLate, postEvents, startSmtpServer } from './alert-receivers';

/** RFC 2047 encoded words (=?UTF-8?Q?...?= and =?UTF-8?B?...?=), as nodemailer writes a Danish subject. */
function decodeHeader(value: string): string {
  return value.replace(/=\?UTF-8\?([QB])\?([^?]*)\?=\s*/gi, (_, encoding: string, text: string) =>
    encoding.toUpperCase() === 'B'
      ? Buffer.from(text, 'base64').toString('utf8')
      : Buffer.from(
          text.replace(/_/g, ' ').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))),
          'latin1',
        ).toString('utf8'),
  );
}

/** A quoted-printable body back to text (soft line breaks, =XX bytes as UTF-8). */
function decodeQuotedPrintable(body: string): string {
  const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
  return Buffer.from(bytes, 'latin1').toString('utf8');
}

/** An alert as an e-mail over SMTP (nodemailer), to a real SMTP server started by the test. */
describe('alert e-mails', () => {
  let product: Product;
  let smtp: Awaited<ReturnType<typeof startSmtpServer>>;

  beforeAll(async () => {
    smtp = await startSmtpServer();
    product = await startProduct({
      engine: 'postgres',
      env: {
        SMTP_URL: smtp.url,
        MAIL_FROM: 'Tillidsbarometer <alarm@kommune.test>',
        ALERT_GROUP_WAIT: '300ms',
        ALERT_FEED_STALE_AFTER: 'off',
      },
    });
    await waitUntilCaughtUp(product);
  }, 60_000);
  afterAll(async () => {
    await product?.close();
    await smtp?.close();
  });

  it('sends a Danish e-mail that arrives at the SMTP server, with the notification id as its Message-ID', async () => {
    const created = await product.request('POST', '/api/v1/alert-subscriptions', {
      token: await product.token('kommune_leader', '101'),
      body: { kommune: '101', email: 'teamleder@kommune.test' },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ channel: 'email', email: 'teamleder@kommune.test' });
    await postEvents(product, grantedLate('MAIL-1'));
    const mail = await eventually('the e-mail', () => smtp.mails[0]);
    expect(mail.from).toBe('alarm@kommune.test');
    expect(mail.to).toEqual(['teamleder@kommune.test']);
    const [head, ...rest] = mail.raw.split(/\r?\n\r?\n/);
    const headers = head!.replace(/\r?\n[ \t]+/g, ' ');
    const subject = decodeHeader(/^Subject: (.*)$/im.exec(headers)![1]!);
    expect(subject).toBe('Tillidsbarometer, København (101): 1 ny advarsel');
    expect(headers).toMatch(/^Message-ID: <[0-9a-f-]{36}@tillidsbarometer>$/im);
    const id = /^Message-ID: <([0-9a-f-]{36})@tillidsbarometer>$/im.exec(headers)![1];
    expect(headers).toMatch(new RegExp(`^X-Notification-Id: ${id}$`, 'im'));
    const text = /quoted-printable/i.test(headers) ? decodeQuotedPrintable(rest.join('\n\n')) : rest.join('\n\n');
    expect(text).toContain('AKTIV (kritisk): Bevilget hjælp er ikke startet');
    expect(text).toContain('Sag: MAIL-1');
    expect(text).toContain(`Meddelelsens id: ${id}`);
    const listing = await product.request('GET', '/api/v1/alert-subscriptions', { token: await product.token('kommune_leader', '101') });
    await eventually('the delivery recorded', async () => {
      const answer = await product.request('GET', '/api/v1/alert-subscriptions', { token: await product.token('kommune_leader', '101') });
      return (answer.body as { subscriptions: Array<{ deliveries: { sent: number } }> }).subscriptions[0]!.deliveries.sent === 1;
    });
    expect(listing.status).toBe(200);
  }, 60_000);
});
