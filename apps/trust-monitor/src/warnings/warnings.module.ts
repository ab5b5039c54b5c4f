import { Inject, Injectable, Module, type OnModuleInit } from '@nestjs/common';
import { DATABASE, migrate, type Database } from '@tillidsbarometer/event-store';
import { warningsMigrations } from './warnings.schema';

@Injectable()
class WarningsSchema implements OnModuleInit {
  constructor(@Inject(DATABASE) private readonly db: Database) {}

  async onModuleInit(): Promise<void> {
    await migrate(this.db, 'warnings', warningsMigrations);
  }
}

/** Kommune-level warnings (CONTRACT.md section 5): their read model, evaluation and API. Needs the RuntimeModule. */
@Module({
  providers: [WarningsSchema],
})
export class WarningsModule {}
