import type { KeyboardEvent, ReactNode } from 'react';

export interface Column<Row> {
  key: string;
  header: string;
  render: (row: Row) => ReactNode;
  /** Right-aligned tabular numbers. */
  numeric?: boolean;
}

export interface TableProps<Row> {
  caption: string;
  columns: Column<Row>[];
  rows: Row[];
  rowKey: (row: Row) => string;
  empty?: ReactNode;
  /** Makes rows focusable and activatable with Enter/Space as well as a click. */
  onRowActivate?: (row: Row) => void;
  selectedKey?: string | null;
}

/** A plain data table; callers page it (no table ever holds the whole archive). */
export function Table<Row>({
  caption,
  columns,
  rows,
  rowKey,
  empty,
  onRowActivate,
  selectedKey,
}: TableProps<Row>) {
  const onKeyDown = (row: Row) => (event: KeyboardEvent<HTMLTableRowElement>) => {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      onRowActivate?.(row);
    }
  };
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key} scope="col" className={column.numeric ? 'numeric' : undefined}>
                {column.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.length === 0 && empty ? (
            <tr>
              <td colSpan={columns.length} className="table__empty">
                {empty}
              </td>
            </tr>
          ) : null}
          {rows.map((row) => {
            const key = rowKey(row);
            const interactive = onRowActivate !== undefined;
            return (
              <tr
                key={key}
                className={
                  [
                    interactive ? 'table__row--interactive' : '',
                    selectedKey === key ? 'table__row--selected' : '',
                  ]
                    .filter(Boolean)
                    .join(' ') || undefined
                }
                tabIndex={interactive ? 0 : undefined}
                onClick={interactive ? () => onRowActivate(row) : undefined}
                onKeyDown={interactive ? onKeyDown(row) : undefined}
              >
                {columns.map((column) => (
                  <td key={column.key} className={column.numeric ? 'numeric' : undefined}>
                    {column.render(row)}
                  </td>
                ))}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
