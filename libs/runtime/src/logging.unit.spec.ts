import { redactUrl } from './logging';

describe('redactUrl', () => {
  it('keeps a bearer token given as access_token out of the request log, wherever it stands in the query', () => {
    expect(redactUrl('/api/v1/kommuner/101/alerts/stream?access_token=eyJhbGciOi.eyJzdWIi.sig')).toBe(
      '/api/v1/kommuner/101/alerts/stream?access_token=[token]',
    );
    expect(redactUrl('/x?a=1&access_token=abc&b=2')).toBe('/x?a=1&access_token=[token]&b=2');
    expect(redactUrl('/x?access_token=abc&access_token=def')).toBe('/x?access_token=[token]&access_token=[token]');
  });

  it('still redacts survey tokens, and leaves other URLs alone', () => {
    expect(redactUrl('/svar/abc123?token=xyz')).toBe('/svar/[token]?token=[token]');
    expect(redactUrl('/api/v1/kommuner/101/alerts?status=firing')).toBe('/api/v1/kommuner/101/alerts?status=firing');
  });
});
