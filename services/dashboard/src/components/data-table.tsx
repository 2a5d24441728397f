import type { ReactNode } from 'react';

/** A column heading; numeric columns are aligned to the right. */
export type Column = string | { label: string; numeric: true };

/**
 * A list shown as a table: scrolls sideways on a narrow screen, and is named for assistive
 * technology by a caption that sighted readers get from the heading above it.
 */
export function DataTable({
  caption,
  columns,
  className,
  children,
}: {
  caption: string;
  columns: readonly Column[];
  className?: string;
  /** The rows. */
  children: ReactNode;
}) {
  return (
    <div className="table-wrap">
      <table className={className === undefined ? 'table' : `table ${className}`}>
        <caption className="visually-hidden">{caption}</caption>
        <thead>
          <tr>
            {columns.map((column) =>
              typeof column === 'string' ? (
                <th key={column} scope="col">
                  {column}
                </th>
              ) : (
                <th key={column.label} scope="col" className="numeric">
                  {column.label}
                </th>
              ),
            )}
          </tr>
        </thead>
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
