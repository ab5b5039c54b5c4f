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
