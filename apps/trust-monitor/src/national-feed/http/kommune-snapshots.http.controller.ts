import { Controller, Get, HttpCode, Inject, NotFoundException, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { Roles } from '@tillidsbarometer/auth';
import { isKommuneCode, type KommuneSnapshot } from '@tillidsbarometer/domain';
import { DATABASE, type Database } from '@tillidsbarometer/event-store';
import { QueryParameters } from '@tillidsbarometer/runtime';
import { SnapshotPublisher, type PublishedSnapshot } from '../publish/snapshot-publisher';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export interface ListedSnapshot {
  snapshotId: string;
  reason: string;
  asOf: string;
  computedAt: string;
  /** When the bus acknowledged it; null while it waits in the outbox. */
  publishedAt: string | null;
}

/**
 * The kommune's side of the national feed (CONTRACT.md section 8): publish a snapshot now, and see what was sent,
 * byte for byte, so that the kommune can check what leaves it.
 */
@ApiTags('national feed')
@ApiBearerAuth()
@Controller('api/v1/kommuner/:kommune/snapshots')
export class KommuneSnapshotsHttpController {
  constructor(
    private readonly publisher: SnapshotPublisher,
    @Inject(DATABASE) private readonly db: Database,
  ) {}

  @Post()
  @HttpCode(202)
  @Roles('kommune_leader')
  @ApiOperation({
    summary: "Publish the kommune's snapshot to the national feed now",
    description: `Computes the kommune's suppressed snapshot as of now (schema tillidsbarometer/kommune-snapshot, version 1) and puts
it in the kommune's outbox in one transaction; the relay sends it to the bus. 202 with its id once it is stored: it is then
sent even if the service stops before that. The same happens every Monday 00:00 Europe/Copenhagen and when a measurement closes.`,
  })
  publish(@Param('kommune') kommune: string, @Query() query: Record<string, unknown>): Promise<PublishedSnapshot> {
    assertKnownKommune(kommune);
    new QueryParameters(query, []).check();
    return this.publisher.publish(kommune, 'on_demand');
  }

  @Get()
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({ summary: "The kommune's latest 50 snapshots, newest first, and whether the bus has them yet" })
  async list(@Param('kommune') kommune: string, @Query() query: Record<string, unknown>): Promise<{ snapshots: ListedSnapshot[] }> {
    assertKnownKommune(kommune);
    new QueryParameters(query, []).check();
    const { rows } = await this.db.query<{
      snapshot_id: string;
      reason: string;
      as_of: Date;
      computed_at: Date;
      published_at: Date | null;
    }>(
      `SELECT snapshot_id, reason, as_of, computed_at, published_at FROM national_feed.snapshots
       WHERE kommune = $1 ORDER BY seq DESC LIMIT 50`,
      [kommune],
    );
    return {
      snapshots: rows.map((row) => ({
        snapshotId: row.snapshot_id,
        reason: row.reason,
        asOf: row.as_of.toISOString(),
        computedAt: row.computed_at.toISOString(),
        publishedAt: row.published_at?.toISOString() ?? null,
      })),
    };
  }

  @Get(':snapshotId')
  @Roles('kommune_staff', 'kommune_leader')
  @ApiOperation({ summary: 'One snapshot exactly as it is sent to the national feed' })
  async get(@Param('kommune') kommune: string, @Param('snapshotId') snapshotId: string): Promise<KommuneSnapshot> {
    assertKnownKommune(kommune);
    if (!UUID.test(snapshotId)) throw new NotFoundException(`snapshot ${snapshotId} is not a snapshot id`);
    const { rows } = await this.db.query<{ payload: string }>(
      'SELECT payload FROM national_feed.snapshots WHERE kommune = $1 AND snapshot_id = $2',
      [kommune, snapshotId],
    );
    if (!rows[0]) throw new NotFoundException(`kommune ${kommune} has no snapshot ${snapshotId}`);
    return JSON.parse(rows[0].payload) as KommuneSnapshot;
  }
}

function assertKnownKommune(kommune: string): void {
  if (!isKommuneCode(kommune)) throw new NotFoundException(`kommune ${kommune} is not one of the 98 kommune codes`);
}
