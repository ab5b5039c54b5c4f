import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { DATABASE, migrate, type Database } from '@tillidsbarometer/event-store';
import { alertingMigrations } from './alerting.schema';

/** Migrates the alerting's schema when the module starts (every instance; migrations take an advisory lock). */
@Injectable()
export class AlertingSchema implements OnModuleInit {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'alerting', alertingMigrations);
  }
}
