import type { ComponentChildren } from 'preact';
import { useId, useMemo, useState } from 'preact/hooks';
import { TableRegion } from './table-region';

export interface Column<Row> {
  key: string;
  label: string;
  render: (row: Row) => ComponentChildren;
  /** A value to sort by; a column without one cannot be sorted. */
  sortValue?: (row: Row) => number | string | null;
  numeric?: boolean;
}

/**
 * A table whose sortable columns have a button in their header (keyboard and screen readers: aria-sort says
 * how it is sorted). `initialSort` null keeps the order the rows came in.
 */
export function DataTable<Row>({
  caption,
  columns,
  rows,
  rowKey,
  initialSort = null,
  pageSize,
  id,
}: {
  caption: ComponentChildren;
  columns: Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  initialSort?: { key: string; direction: 'ascending' | 'descending' } | null;
  pageSize?: number;
  id?: string;
}) {
  const captionId = useId();
  const [sort, setSort] = useState(initialSort);
  const [shown, setShown] = useState(pageSize ?? Infinity);
  const sorted = useMemo(() => {
    if (!sort) return rows;
    const column = columns.find((c) => c.key === sort.key);
    if (!column?.sortValue) return rows;
    const factor = sort.direction === 'ascending' ? 1 : -1;
    return [...rows].sort((a, b) => {
      const x = column.sortValue!(a);
      const y = column.sortValue!(b);
      if (x === y) return 0;
      if (x === null) return 1; // blanks last, whichever direction
      if (y === null) return -1;
      return (x < y ? -1 : 1) * factor;
    });
  }, [rows, sort, columns]);
  const visible = sorted.slice(0, shown);

  const toggle = (key: string) =>
    setSort((current) =>
      current?.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );

  return (
    <div>
      <TableRegion captionId={captionId}>
        <table id={id}>
          <caption id={captionId}>{caption}</caption>
          <thead>
            <tr>
              {columns.map((column) => (
                <th
                  key={column.key}
                  scope="col"
                  class={column.numeric ? 'num' : undefined}
                  aria-sort={sort?.key === column.key ? sort.direction : column.sortValue ? 'none' : undefined}
                >
                  {column.sortValue ? (
                    <button type="button" class="sort" onClick={() => toggle(column.key)}>
                      {column.label}
                      <span aria-hidden="true">{sort?.key === column.key ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}</span>
                    </button>
                  ) : (
                    column.label
                  )}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {visible.map((row) => (
              <tr key={rowKey(row)}>
                {columns.map((column, index) =>
                  index === 0 ? (
                    <th key={column.key} scope="row" class={column.numeric ? 'num' : undefined}>
                      {column.render(row)}
                    </th>
                  ) : (
                    <td key={column.key} class={column.numeric ? 'num' : undefined}>
                      {column.render(row)}
                    </td>
                  ),
                )}
              </tr>
            ))}
          </tbody>
        </table>
      </TableRegion>
      {sorted.length > visible.length && (
        <p>
          Viser {visible.length} af {sorted.length}.{' '}
          <button type="button" onClick={() => setShown((n) => n + (pageSize ?? 100))}>
            Vis flere
          </button>
        </p>
      )}
    </div>
  );
}
