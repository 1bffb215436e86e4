import type { OrderFilter } from './store.js';

/** The WHERE clause of `orders.list`, shared by both stores; `placeholder` numbers PostgreSQL's `$n`. */
export function orderFilterSql(filter: OrderFilter, placeholder: () => string): { where: string; values: string[] } {
  const clauses: string[] = [];
  const values: string[] = [];
  const add = (clause: string, value: string) => {
    clauses.push(clause.replace('?', placeholder()));
    values.push(value);
  };
  if (filter.status) add('status = ?', filter.status);
  // The conversation key is `<channel>:<conversation id>`.
  if (filter.channel) add('conversation LIKE ?', `${filter.channel.replace(/[%_\\]/g, '')}:%`);
  if (filter.from) add('created_at >= ?', filter.from);
  if (filter.to) add('created_at < ?', filter.to);
  return { where: clauses.length > 0 ? `WHERE ${clauses.join(' AND ')}` : '', values };
}

export const listLimit = (filter: OrderFilter): number => Math.min(1000, Math.max(1, Math.floor(filter.limit ?? 50)));
