import type { Column } from './PagedTable.tsx';

/** A table of rows already in hand (an order's lines, a history); each cell is labelled for the phone layout. */
export function Table<R>({
  label,
  columns,
  rows,
  rowKey,
  busy = false,
}: {
  label: string;
  columns: Column<R>[];
  rows: R[];
  rowKey(row: R): string;
  busy?: boolean;
}) {
  return (
    <div className="table-wrap">
      <table aria-label={label} aria-busy={busy}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.key}>{column.label}</th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row) => (
            <tr key={rowKey(row)}>
              {columns.map((column) => (
                <td key={column.key} data-label={column.label}>
                  {column.render(row)}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
