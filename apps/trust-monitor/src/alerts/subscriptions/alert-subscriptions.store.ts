import { randomUUID } from 'node:crypto';
import { ForbiddenException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { assertKommuneAccess, type Principal } from '@tillidsbarometer/auth';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { CLOCK, type Clock } from '@tillidsbarometer/runtime';
import type { AlertCode, Severity } from '../alert-codes';
import type { AlertingConfig } from '../alerting-config';
import { ALERTING_WAKE } from '../alerting.schema';
import { ALERTING_CONFIG } from '../alerting.tokens';
import type { FieldError } from '@tillidsbarometer/domain';
import { assertUuid, fieldError, validBody } from '../request-body';
import { AlertSubscriptionRequest } from './alert-subscription.request';

/** A subscription as the API shows it: never its secret. */
export interface AlertSubscription {
  id: string;
  /** null: every kommune (admin only). */
  kommune: string | null;
  /** null: every code. */
  codes: AlertCode[] | null;
  minSeverity: Severity;
  channel: 'webhook' | 'email';
  webhookUrl?: string;
  email?: string;
  createdAt: string;
  /** The notifications queued for it, by state: failed ones were given up after ALERT_GIVE_UP_AFTER. */
  deliveries: { pending: number; sent: number; failed: number };
}

interface SubscriptionRow {
  id: string;
  kommune: string | null;
  codes: AlertCode[] | null;
  min_severity: Severity;
  webhook_url: string | null;
  email: string | null;
  created_at: Date;
  pending: number;
  sent: number;
  failed: number;
}

@Injectable()
export class AlertSubscriptionsStore {
  constructor(
    @Inject(DATABASE) private readonly db: Database,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(ALERTING_CONFIG) private readonly config: AlertingConfig,
  ) {}

  async create(body: unknown, principal: Principal): Promise<AlertSubscription> {
    const request = validBody(AlertSubscriptionRequest, body, (r) => {
      const errors: FieldError[] = [];
      if (r.webhookUrl === undefined && r.email === undefined) {
        errors.push(fieldError('webhookUrl', 'isDefined', 'or email is required: where the notifications go'));
      }
      if (r.webhookUrl !== undefined && r.email !== undefined) {
        errors.push(fieldError('email', 'exclusive', 'must not be given together with webhookUrl: one subscription, one receiver'));
      } else if (r.webhookUrl !== undefined && r.secret === undefined) {
        errors.push(fieldError('secret', 'isDefined', 'is required with webhookUrl: it signs every webhook (X-Signature)'));
      } else if (r.email !== undefined && r.secret !== undefined) {
        errors.push(fieldError('secret', 'forbidden', 'is only for webhooks'));
      } else if (r.email !== undefined && !this.config.smtpUrl) {
        errors.push(fieldError('email', 'smtpConfigured', 'cannot be used: this service has no SMTP_URL configured'));
      }
      if (r.kommune === undefined && principal.role !== 'admin') {
        errors.push(fieldError('kommune', 'isDefined', 'is required for a kommune token: its own kommune'));
      }
      return errors;
    });
    if (request.kommune !== undefined) assertKommuneAccess(principal, request.kommune);
    const id = randomUUID();
    await this.db.transaction(async (tx) => {
      await tx.query(
        `INSERT INTO alerting.subscriptions (id, kommune, codes, min_severity, webhook_url, secret, email, created_at, created_by)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
        [
          id,
          request.kommune ?? null,
          request.codes ?? null,
          request.minSeverity ?? 'info',
          request.webhookUrl ?? null,
          request.secret ?? null,
          request.email ?? null,
          this.clock(),
          principal.subject,
        ],
      );
      await tx.query('SELECT pg_notify($1, $2)', [ALERTING_WAKE, 'subscription']);
    });
    return (await this.find(id))!;
  }

  /** A kommune leader sees its own kommune's subscriptions; admin every one, or one kommune's. */
  async list(principal: Principal, kommune: string | undefined): Promise<AlertSubscription[]> {
    if (kommune !== undefined) assertKommuneAccess(principal, kommune);
    const only = principal.role === 'admin' ? kommune : principal.kommune;
    const { rows } = await this.db.query<SubscriptionRow>(
      `${SELECT} WHERE s.deleted_at IS NULL AND ($1::text IS NULL OR s.kommune = $1) ORDER BY s.created_at, s.id`,
      [only ?? null],
    );
    return rows.map(view);
  }

  /** Ends a subscription: nothing more is queued for it, and what was still waiting to go out is cancelled. */
  async delete(id: string, principal: Principal): Promise<void> {
    assertUuid(id, 'subscription');
    const existing = await this.find(id);
    if (!existing) throw new NotFoundException(`no subscription has id ${id}`);
    if (principal.role !== 'admin') {
      if (existing.kommune === null) throw new ForbiddenException('a subscription for every kommune belongs to admin');
      assertKommuneAccess(principal, existing.kommune);
    }
    await this.db.transaction(async (tx) => {
      await tx.query('UPDATE alerting.subscriptions SET deleted_at = $2 WHERE id = $1 AND deleted_at IS NULL', [id, this.clock()]);
      await tx.query(`UPDATE alerting.outbox SET status = 'cancelled' WHERE subscription_id = $1 AND status = 'pending'`, [id]);
      await tx.query('DELETE FROM alerting.pending WHERE subscription_id = $1', [id]);
      await tx.query('DELETE FROM alerting.notified WHERE subscription_id = $1', [id]);
      await tx.query('DELETE FROM alerting.groups WHERE subscription_id = $1', [id]);
    });
  }

  private async find(id: string): Promise<AlertSubscription | undefined> {
    const { rows } = await this.db.query<SubscriptionRow>(`${SELECT} WHERE s.id = $1 AND s.deleted_at IS NULL`, [id]);
    return rows[0] && view(rows[0]);
  }
}

const SELECT = `
  SELECT s.id, s.kommune, s.codes, s.min_severity, s.webhook_url, s.email, s.created_at,
    (SELECT count(*) FROM alerting.outbox o WHERE o.subscription_id = s.id AND o.status = 'pending')::int AS pending,
    (SELECT count(*) FROM alerting.outbox o WHERE o.subscription_id = s.id AND o.status = 'sent')::int AS sent,
    (SELECT count(*) FROM alerting.outbox o WHERE o.subscription_id = s.id AND o.status = 'failed')::int AS failed
  FROM alerting.subscriptions s`;

function view(row: SubscriptionRow): AlertSubscription {
  return {
    id: row.id,
    kommune: row.kommune,
    codes: row.codes,
    minSeverity: row.min_severity,
    channel: row.webhook_url ? 'webhook' : 'email',
    ...(row.webhook_url ? { webhookUrl: row.webhook_url } : { email: row.email! }),
    createdAt: row.created_at.toISOString(),
    deliveries: { pending: row.pending, sent: row.sent, failed: row.failed },
  };
}
