import { createTestDatabase, type TestDatabase } from '../testing/test-database';
import { migrate, type Migration } from './migrate';

describe('migrate (PGlite)', () => {
  let test: TestDatabase;
  beforeEach(async () => {
    test = await createTestDatabase('pglite');
  });
  afterEach(async () => {
    await test.drop();
  });

  const first: Migration = { version: 1, name: 'things', sql: 'CREATE TABLE things (id int PRIMARY KEY); INSERT INTO things VALUES (1);' };
  const second: Migration = { version: 2, name: 'more_things', sql: 'INSERT INTO things VALUES (2);' };

  it('applies what is new, once, in order', async () => {
    expect(await migrate(test.db, 'demo', [first])).toEqual([1]);
    expect(await migrate(test.db, 'demo', [first, second])).toEqual([2]);
    expect(await migrate(test.db, 'demo', [first, second])).toEqual([]);
    const { rows } = await test.db.query<{ id: number }>('SELECT id FROM things ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual([1, 2]);
  });

  it('keeps components apart', async () => {
    await migrate(test.db, 'demo', [first]);
    expect(await migrate(test.db, 'other', [{ version: 1, name: 'x', sql: 'CREATE TABLE other_things (id int)' }])).toEqual([1]);
  });

  it('rolls a failing migration back completely', async () => {
    const broken: Migration = { version: 2, name: 'broken', sql: 'INSERT INTO things VALUES (3); SELECT no_such_function();' };
    await migrate(test.db, 'demo', [first]);
    await expect(migrate(test.db, 'demo', [first, broken])).rejects.toThrow(/no_such_function/);
    const { rows } = await test.db.query<{ id: number }>('SELECT id FROM things ORDER BY id');
    expect(rows.map((row) => row.id)).toEqual([1]);
    expect(await migrate(test.db, 'demo', [first, second])).toEqual([2]);
  });

  it('refuses a history it does not know and versions out of order', async () => {
    await migrate(test.db, 'demo', [first]);
    await expect(migrate(test.db, 'demo', [{ ...first, name: 'renamed' }])).rejects.toThrow(/which this code does not know/);
    await expect(migrate(test.db, 'demo', [second])).rejects.toThrow(/version must be 1/);
  });
});

describe('the database port: the same types from both engines', () => {
  it.each(['pglite', 'postgres'] as const)(
    '%s gives int8, numeric and their arrays as numbers, jsonb parsed, xid8 as text',
    async (kind) => {
      const { createTestDatabase: create } = await import('../testing/test-database');
      const test = await create(kind);
      try {
        const { rows } = await test.db.query<Record<string, unknown>>(
          `SELECT 9007199254740991::bigint AS big, 1.5::numeric AS num, ARRAY[1, 2, 3]::bigint[] AS bigs, ARRAY[0.5]::numeric[] AS nums,
           '{"a":[1]}'::jsonb AS doc, pg_current_xact_id()::text AS xid`,
        );
        expect(rows[0]).toEqual({
          big: 9007199254740991,
          num: 1.5,
          bigs: [1, 2, 3],
          nums: [0.5],
          doc: { a: [1] },
          xid: expect.stringMatching(/^\d+$/),
        });
        expect(await test.db.queryRows('SELECT 1::bigint, $1::text', ['x'])).toEqual([[1, 'x']]);
      } finally {
        await test.drop();
      }
    },
  );
});
