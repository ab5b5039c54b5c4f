import { Module } from '@nestjs/common';
import { WarningsModule } from '../warnings.module';
import { TrustDropService } from './trust-drop.service';

/**
 * TRUST_DROP (CONTRACT.md section 5): a closed temperature measurement whose citizen mean fell significantly from the
 * previous closed round on the same question. Consumes MeasurementClosed from the store; writes kommune warnings.
 */
@Module({
  // Imported so that the warnings table is migrated before the subscription writes to it.
  imports: [WarningsModule],
  providers: [TrustDropService],
  exports: [TrustDropService],
})
export class TrustDropModule {}
