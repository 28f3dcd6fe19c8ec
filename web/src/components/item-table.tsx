import type { ReactNode } from 'react';

export interface ItemColumn<T> {
  header: string;
  cell(item: T): ReactNode;
}

interface ItemTableProps<T> {
  items: readonly T[];
  rowKey(item: T): string;
  columns: ItemColumn<T>[];
  /** The buttons at the end of each row; left out for people who may not change anything. */
  actions?: ((item: T) => ReactNode) | undefined;
}

/** A table with one row per item; a column of row actions gets a header only screen readers read. */
export function ItemTable<T>({ items, rowKey, columns, actions }: ItemTableProps<T>) {
  return (
    <div className="table-wrap">
      <table className="table">
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column.header} scope="col">
                {column.header}
              </th>
            ))}
            {actions && (
              <th scope="col">
                <span className="visually-hidden">Actions</span>
              </th>
            )}
          </tr>
        </thead>
        <tbody>
          {items.map((item) => (
            <tr key={rowKey(item)}>
              {columns.map((column) => (
                <td key={column.header}>{column.cell(item)}</td>
              ))}
              {actions && (
                <td>
                  <div className="row-actions">{actions(item)}</div>
                </td>
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** What a row is called, with what identifies it (an address) under it in smaller type. */
export function NamedCell({ name, detail }: { name: ReactNode; detail: ReactNode }) {
  return (
    <>
      <div className="cell-primary">{name}</div>
      <div className="cell-secondary">{detail}</div>
    </>
  );
}
