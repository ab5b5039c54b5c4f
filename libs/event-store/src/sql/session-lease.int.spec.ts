import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { tryTakeLease } from './session-lease';

describe('tryTakeLease', () => {
  describe.each(['pglite', 'postgres'] as const)('on %s', (kind) => {
    let test: TestDatabase;

    beforeAll(async () => {
      test = await createTestDatabase(kind);
    });

    afterAll(async () => test?.drop());

    it('gives a name to one holder at a time, and to the next once it is released', async () => {
      const first = await tryTakeLease(test.db, 'lease-test:one');
      expect(first).toBeDefined();
      await expect(tryTakeLease(test.db, 'lease-test:one')).resolves.toBeUndefined();
      const other = await tryTakeLease(test.db, 'lease-test:other'); // another name is another lease
      expect(other).toBeDefined();
      await first!.release();
      await first!.release(); // twice is harmless
      const second = await tryTakeLease(test.db, 'lease-test:one');
      expect(second).toBeDefined();
      await second!.release();
      await other!.release();
    });
  });

  it('hands the lease to another machine when the holder is gone, however it went (PostgreSQL)', async () => {
    const test = await createTestDatabase('postgres');
    const machineA = test.db;
    const machineB = test.connectAgain();
    try {
      const held = await tryTakeLease(machineA, 'lease-test:handover');
      expect(held).toBeDefined();
      await expect(tryTakeLease(machineB, 'lease-test:handover')).resolves.toBeUndefined();
      // The holder's connection ends as in a crash: the server ends its locks with it.
      const { rows } = await held!.session.query<{ pid: number }>('SELECT pg_backend_pid() AS pid');
      await machineB.query('SELECT pg_terminate_backend($1)', [rows[0]!.pid]);
      let taken: Awaited<ReturnType<typeof tryTakeLease>>;
      for (let attempt = 0; attempt < 100 && !taken; attempt++) {
        taken = await tryTakeLease(machineB, 'lease-test:handover');
        if (!taken) await new Promise((resolve) => setTimeout(resolve, 50));
      }
      expect(taken).toBeDefined();
      await taken!.release();
      await held!.release(); // on a dead connection: never throws
    } finally {
      await test.drop();
    }
  });
});
