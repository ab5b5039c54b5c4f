import { renderAlertEmail } from './alert-email';
import { webhookSignature } from './webhook-signature';

describe('the alert e-mail', () => {
  it('says in Danish what fired and what ended, with case numbers and Copenhagen times', () => {
    const { subject, text } = renderAlertEmail(
      '851',
      [
        {
          key: 'flag/851/S-1/HELP_NOT_STARTED/D1/2026-03-02T09:00:00.000Z',
          code: 'HELP_NOT_STARTED',
          kommune: '851',
          status: 'firing',
          raisedAt: '2026-03-02T09:00:00.000Z',
          caseId: 'S-1',
          details: {},
        },
        {
          key: 'feed/851/2026-03-01T10:00:00.000Z',
          code: 'FEED_STALE',
          kommune: '851',
          status: 'resolved',
          raisedAt: '2026-06-02T10:00:00.000Z',
          clearedAt: '2026-06-03T08:30:00.000Z',
          details: {},
        },
      ],
      'n-1',
    );
    expect(subject).toBe('Tillidsbarometer, Aalborg (851): 1 ny advarsel og 1 ophørt');
    // 09:00Z in March is 10:00 CET; 10:00Z and 08:30Z in June are 12:00 and 10:30 CEST.
    expect(text).toContain('AKTIV (kritisk): Bevilget hjælp er ikke startet\n  Sag: S-1\n  Opstået: 2. marts 2026 kl. 10.00');
    expect(text).toContain(
      'OPHØRT (advarsel): Ingen hændelser fra sagssystemet\n  Opstået: 2. juni 2026 kl. 12.00\n  Ophørt: 3. juni 2026 kl. 10.30',
    );
    expect(text).toContain('Meddelelsens id: n-1');
  });
});

describe('webhookSignature', () => {
  it('is sha256= and the hex HMAC-SHA256 of the body under the secret (RFC 4231 test case 2)', () => {
    // RFC 4231, test case 2: key "Jefe", data "what do ya want for nothing?".
    expect(webhookSignature('what do ya want for nothing?', 'Jefe')).toBe(
      'sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843',
    );
  });
});
