import { createHmac } from 'node:crypto';

/** CONTRACT.md section 6: `X-Signature: sha256=<hex HMAC-SHA256 of the raw body under secret>`. */
export function webhookSignature(body: string, secret: string): string {
  return `sha256=${createHmac('sha256', secret).update(body, 'utf8').digest('hex')}`;
}
