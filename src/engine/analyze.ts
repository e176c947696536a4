import { createHash } from 'node:crypto';
import { Parser } from 'node-sql-parser';
import { BadInputError } from '../errors';

/** What a SQL statement does, read from its syntax tree (not from the text). */
export interface SqlAnalysis {
  category: 'aggregation' | 'join' | 'filtered_scan' | 'full_scan' | 'other';
  hasAggregation: boolean;
  hasGroupBy: boolean;
  hasJoin: boolean;
  hasLimit: boolean;
  hasOrderBy: boolean;
  hasPredicate: boolean;
  numTables: number;
  /** SHA-256 of the statement as the parser normalises it, so spacing and case do not matter. */
  sqlHash: string;
}

const parser = new Parser();
const DIALECT = { database: 'PostgreSQL' };

function containsNode(node: unknown, test: (n: Record<string, unknown>) => boolean, depth = 0): boolean {
  if (!node || typeof node !== 'object' || depth > 200) return false;
  if (Array.isArray(node)) return node.some((n) => containsNode(n, test, depth + 1));
  const record = node as Record<string, unknown>;
  if (test(record)) return true;
  return Object.values(record).some((v) => containsNode(v, test, depth + 1));
}

/** Parses one SELECT-like statement (PostgreSQL syntax) and classifies it; a syntax error is BAD_USER_INPUT. */
export function analyzeSql(sql: string): SqlAnalysis {
  let ast;
  try {
    ast = parser.astify(sql, DIALECT);
  } catch (error) {
    throw new BadInputError(`SQL syntax error: ${(error as Error).message}`, { field: 'sql' });
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1) throw new BadInputError('Exactly one SQL statement is expected', { field: 'sql' });
  const statement = statements[0] as unknown as Record<string, any>;
  const normalized = parser.sqlify(statements[0], DIALECT);
  const tables = new Set(parser.tableList(sql, DIALECT));
  const from = Array.isArray(statement.from) ? statement.from : [];
  const hasJoin = from.some((f: Record<string, unknown>) => typeof f.join === 'string');
  const hasAggregation = containsNode(statement.columns, (n) => n.type === 'aggr_func');
  const hasGroupBy = !!statement.groupby && (Array.isArray(statement.groupby) ? statement.groupby.length > 0 : (statement.groupby.columns ?? []).length > 0);
  const hasPredicate = !!statement.where || !!statement.having;
  const analysis: Omit<SqlAnalysis, 'category'> = {
    hasAggregation,
    hasGroupBy,
    hasJoin,
    hasLimit: !!statement.limit && (statement.limit.value ?? []).length > 0,
    hasOrderBy: Array.isArray(statement.orderby) && statement.orderby.length > 0,
    hasPredicate,
    numTables: tables.size,
    sqlHash: createHash('sha256').update(normalized).digest('hex'),
  };
  const category =
    statement.type !== 'select' ? 'other'
      : hasAggregation || hasGroupBy ? 'aggregation'
        : hasJoin ? 'join'
          : hasPredicate ? 'filtered_scan'
            : 'full_scan';
  return { category, ...analysis };
}
