import { ConfigurationError } from '@tillidsbarometer/runtime';
import { loadAlertingConfig } from './alerting-config';

describe('loadAlertingConfig', () => {
  it('has the documented defaults', () => {
    const config = loadAlertingConfig({});
    expect(config).toEqual({
      groupWaitMs: 30_000,
      groupIntervalMs: 300_000,
      tickMaxMs: 30_000,
      sweepIntervalMs: 300_000,
      feedStaleAfterMs: 86_400_000,
      feedCalendar: { workingDays: new Set([1, 2, 3, 4, 5]), holidays: 'dk' },
      webhookTimeoutMs: 10_000,
      retryInitialMs: 30_000,
      retryMaxMs: 3_600_000,
      giveUpAfterMs: 86_400_000,
      heartbeatMs: 15_000,
      leaseRetryMs: 5_000,
      retentionMs: 90 * 86_400_000,
      smtpUrl: undefined,
      mailFrom: 'Tillidsbarometer <alerts@tillidsbarometer.invalid>',
    });
  });

  it('reads durations with units, working days, holidays, SMTP and switching FEED_STALE off', () => {
    const config = loadAlertingConfig({
      ALERT_GROUP_WAIT: '500ms',
      ALERT_GROUP_INTERVAL: '2m',
      ALERT_FEED_STALE_AFTER: '2d',
      ALERT_FEED_WORKING_DAYS: 'mon,wed-fri',
      ALERT_FEED_HOLIDAYS: 'none',
      SMTP_URL: 'smtp://mail.kommune.test:25',
    });
    expect(config.groupWaitMs).toBe(500);
    expect(config.groupIntervalMs).toBe(120_000);
    expect(config.feedStaleAfterMs).toBe(2 * 86_400_000);
    expect([...config.feedCalendar.workingDays]).toEqual([1, 3, 4, 5]);
    expect(config.feedCalendar.holidays).toBe('none');
    expect(config.smtpUrl).toBe('smtp://mail.kommune.test:25');
    expect(loadAlertingConfig({ ALERT_FEED_STALE_AFTER: 'off' }).feedStaleAfterMs).toBeNull();
  });

  it('refuses what it cannot read, naming the variable', () => {
    expect(() => loadAlertingConfig({ ALERT_GROUP_WAIT: '30' })).toThrow(ConfigurationError);
    expect(() => loadAlertingConfig({ ALERT_GROUP_WAIT: '30' })).toThrow(/ALERT_GROUP_WAIT must be a duration/);
    expect(() => loadAlertingConfig({ ALERT_FEED_WORKING_DAYS: 'fri-mon' })).toThrow(/ALERT_FEED_WORKING_DAYS/);
    expect(() => loadAlertingConfig({ ALERT_FEED_HOLIDAYS: 'se' })).toThrow(/ALERT_FEED_HOLIDAYS/);
    expect(() => loadAlertingConfig({ SMTP_URL: 'mail.kommune.test' })).toThrow(/SMTP_URL/);
  });
});
