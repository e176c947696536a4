import { rmSync } from 'node:fs';
import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import { BadInputError } from '../errors';

/** A table user SQL may read: `schema.name`, backed by one Parquet file. */
export interface EngineTable {
  schema: string;
  name: string;
  /** Absolute path of the Parquet file of the version the query reads. */
  file: string;
}

/** A column as the engine typed it. */
export interface EngineColumn {
  name: string;
  /** DuckDB's type name, e.g. BIGINT, VARCHAR, DOUBLE, TIMESTAMP. */
  dataType: string;
  nullable: boolean;
}

export interface QueryOutput {
  columns: EngineColumn[];
  /** Rows as arrays in column order, JSON-ready (safe integers as numbers, big ones as strings, times as ISO). */
  rows: unknown[][];
  /** Rows returned (at most `maxRows`). */
  rowCount: number;
  /** More rows existed than `maxRows`; the rest were not read. */
  truncated: boolean;
  executionTimeMs: number;
}

/** File formats a dataset can be loaded from. */
export type SourceFormat = 'csv' | 'json' | 'parquet';

/** What `write` copies: rows dumped as JSON lines with their columns, or a Parquet file. */
export type ExportSource = { file: string; format: 'json'; columns: { name: string; dataType: string }[] } | { file: string; format: 'parquet' };

export interface LoadOutput {
  columns: EngineColumn[];
  rowCount: number;
}

/** One cell change: set `column` to `value` in the rows whose columns equal `key`. */
export interface CellEdit {
  key: Record<string, unknown>;
  column: string;
  value: unknown;
}

export interface EngineOptions {
  /** Wraps each DuckDB call (`query`, `load`, `write`, …) to time and trace it. @default runs it as is */
  observe?: <T>(operation: string, work: () => Promise<T>) => Promise<T>;
  /** Longest a user query may run before it is interrupted. @default 30000 */
  timeoutMs: number;
  /** Most rows a query returns; the rest are cut off and `truncated` is set. @default 10000 */
  maxRows: number;
  /** DuckDB memory limit per query, e.g. "1GB". @default "1GB" */
  memoryLimit: string;
  /** Threads per query. @default 2 */
  threads: number;
  /** Folder of the server's files; its paths are masked in error messages. */
  dataDir: string;
}

/** Schema of datasets that belong to no project dataset (hotdata's); unqualified names resolve in it. */
export const DEFAULT_SCHEMA = 'datasets';
/**
 * DuckDB's native library, loaded on the first query: most processes (a `subgraph NAME` of a domain
 * that runs no SQL) never need its tens of megabytes.
 */
let duckdb: Promise<typeof import('@duckdb/node-api')> | undefined;
const loadDuckDb = () => (duckdb ??= import('@duckdb/node-api'));

/** Schemas user SQL cannot name as its own: DuckDB's and the engine's. */
export const RESERVED_SCHEMAS = new Set(['main', 'information_schema', 'pg_catalog', 'temp', 'system']);
/** Idle sandboxes (one per distinct table set) kept open for reuse. */
const SANDBOX_CACHE_SIZE = 16;
/** A table or schema name the engine accepts: an unquoted SQL identifier. */
export const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/;
/** What IDENTIFIER asks for, in words (after the field's name). */
export const IDENTIFIER_RULE = 'must be a SQL identifier: a letter or _, then letters, digits or _ (at most 63)';

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;
export const quoteString = (value: string) => `'${value.replace(/'/g, "''")}'`;

const READERS: Record<SourceFormat, (file: string) => string> = {
  // Strict CSV: a row with the wrong number of fields or an unparsable value is an error, not a guess.
  // skip = 0: left to itself the sniffer skips leading rows that do not fit, dropping data silently.
  csv: (file) => `read_csv(${quoteString(file)}, header = true, skip = 0, delim = ',', quote = '"', strict_mode = true, null_padding = false, ignore_errors = false)`,
  json: (file) => `read_json_auto(${quoteString(file)})`,
  parquet: (file) => `read_parquet(${quoteString(file)})`,
};

/** Whether DuckDB's message is about the user's SQL or data (vs. our own failure). */
const USER_ERROR = /(^|: )(Parser|Binder|Catalog|Conversion|Invalid Input|Permission|Not implemented|Out of Range|Constraint|Invalid|Interrupt|Syntax|Dependency|Sequence|Type mismatch|Mismatch Type|Serialization|Out of Memory) Error/i;

/**
 * The SQL engine: DuckDB over Parquet files. Every query gets its own in-memory DuckDB whose
 * only readable files are the caller's tables; the file system, network and extensions are
 * closed and the configuration locked before any user SQL runs, so a tenant's SQL cannot
 * reach another tenant's data by any name or path.
 */
export class SqlEngine {
  private readonly sandboxes = new Map<string, { instance: Promise<DuckDBInstance>; users: number; lastUsed: number }>();

  constructor(private readonly options: EngineOptions) {}

  /** Runs one read-only statement over `tables`, with the timeout and row cap. */
  async query(
    tables: EngineTable[],
    sql: string,
    limits: Partial<Pick<EngineOptions, 'timeoutMs' | 'maxRows'>> & { signal?: AbortSignal } = {},
  ): Promise<QueryOutput> {
    const timeoutMs = limits.timeoutMs ?? this.options.timeoutMs;
    const maxRows = limits.maxRows ?? this.options.maxRows;
    const started = performance.now();
    return this.withSandbox('query', tables, async (connection) => {
      const statements = await connection.extractStatements(sql).catch((error) => this.rethrowAsInput(error));
      if (statements.count !== 1) throw new BadInputError(`Send exactly one SQL statement (got ${statements.count})`);
      const prepared = await statements.prepare(0).catch((error) => this.rethrowAsInput(error));
      if (prepared.statementType !== (await loadDuckDb()).StatementType.SELECT) {
        throw new BadInputError('Only read-only queries (SELECT, WITH … SELECT, VALUES) can be run');
      }
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        connection.interrupt();
      }, timeoutMs);
      const interrupt = () => connection.interrupt();
      limits.signal?.throwIfAborted();
      limits.signal?.addEventListener('abort', interrupt);
      try {
        const reader = await prepared.streamAndReadUntil(maxRows + 1);
        const all = reader.getRowsJS();
        const names = reader.deduplicatedColumnNames();
        const types = reader.columnTypes();
        const rows = all.slice(0, maxRows).map((row) => row.map(toJson));
        const columns = names.map((name, i) => ({ name, dataType: types[i].toString(), nullable: true }));
        return { columns, rows, rowCount: rows.length, truncated: all.length > maxRows, executionTimeMs: Math.round(performance.now() - started) };
      } catch (error) {
        if (timedOut) throw new BadInputError(`Query cancelled: it ran longer than ${timeoutMs} ms`, { reason: 'timeout' });
        if (limits.signal?.aborted) throw new BadInputError(`Query stopped (${String(limits.signal.reason)})`);
        return this.rethrowAsInput(error);
      } finally {
        clearTimeout(timer);
        limits.signal?.removeEventListener('abort', interrupt);
      }
    });
  }

  /**
   * Converts a source file into a Parquet file (trusted code: only `source` and `target` are
   * reachable). Malformed input is a BadInputError and leaves no target behind.
   */
  async load(source: { file: string; format: SourceFormat }, target: string): Promise<LoadOutput> {
    return this.withFiles('load', [source.file, target], async (connection) => {
      try {
        await connection.run(`COPY (SELECT * FROM ${READERS[source.format](source.file)}) TO ${quoteString(target)} (FORMAT parquet)`);
        return await describeParquet(connection, target);
      } catch (error) {
        rmSync(target, { force: true });
        return this.rethrowAsInput(error, `Could not read the ${source.format.toUpperCase()} data`);
      }
    });
  }

  /** Writes an empty Parquet file with the given columns (DuckDB type names). */
  async createEmpty(columns: { name: string; dataType: string }[], target: string): Promise<LoadOutput> {
    return this.withFiles('createEmpty', [target], async (connection) => {
      const select = columns.map((c) => `NULL::${c.dataType} AS ${quoteIdent(c.name)}`).join(', ');
      try {
        await connection.run(`COPY (SELECT ${select} LIMIT 0) TO ${quoteString(target)} (FORMAT parquet)`);
        return await describeParquet(connection, target);
      } catch (error) {
        rmSync(target, { force: true });
        return this.rethrowAsInput(error);
      }
    });
  }

  /**
   * Copies `source` to `target` in `format` with DuckDB's `COPY … TO` (trusted code: only the two
   * files are reachable). A JSON source is newline-delimited objects keyed by column name, read
   * with the given engine types so the file keeps the columns' order and types; a Parquet source
   * is read as it is. `compression` is DuckDB's: a whole-file codec for CSV and JSON, the column
   * codec for Parquet.
   */
  async write(source: ExportSource, target: string, format: SourceFormat, compression: 'gzip' | 'uncompressed'): Promise<void> {
    return this.withFiles('write', [source.file, target], async (connection) => {
      const reader = source.format === 'parquet'
        ? READERS.parquet(source.file)
        : `read_json(${quoteString(source.file)}, format = 'newline_delimited', columns = {${source.columns.map((c) => `${quoteString(c.name)}: ${quoteString(c.dataType)}`).join(', ')}})`;
      const options = [`FORMAT ${format}`, ...(format === 'csv' ? ['HEADER true'] : []), `COMPRESSION ${compression}`];
      try {
        await connection.run(`COPY (SELECT * FROM ${reader}) TO ${quoteString(target)} (${options.join(', ')})`);
      } catch (error) {
        rmSync(target, { force: true });
        return this.rethrowAsInput(error, 'Could not write the export');
      }
    });
  }

  /**
   * DuckDB errors about the SQL or the data become BAD_USER_INPUT with DuckDB's first line, the
   * server's own file paths masked; anything else is ours and stays internal.
   */
  private rethrowAsInput(error: unknown, prefix?: string): never {
    if (error instanceof BadInputError) throw error;
    // The node binding prefixes parse failures of extractStatements with its own words.
    const message = (error instanceof Error ? error.message : String(error)).replace(/^Failed to extract statements: /, '');
    if (!USER_ERROR.test(message)) throw error;
    const firstLine = message.split('\n')[0].trim().split(this.options.dataDir).join('<data>');
    throw new BadInputError(prefix ? `${prefix}: ${firstLine}` : firstLine);
  }

  /**
   * Rewrites `source` (Parquet) into `target` with `columns`: a column `source` has is cast to its
   * new type, a new one is NULL. A value that does not convert is a BadInputError and leaves no target.
   */
  async reshape(source: string, columns: { name: string; dataType: string }[], target: string): Promise<LoadOutput> {
    return this.withFiles('reshape', [source, target], async (connection) => {
      const existing = new Set((await describeParquet(connection, source)).columns.map((c) => c.name));
      const select = columns
        .map((c) => `${existing.has(c.name) ? `CAST(${quoteIdent(c.name)} AS ${c.dataType})` : `NULL::${c.dataType}`} AS ${quoteIdent(c.name)}`)
        .join(', ');
      try {
        await connection.run(`COPY (SELECT ${select} FROM read_parquet(${quoteString(source)})) TO ${quoteString(target)} (FORMAT parquet)`);
        return await describeParquet(connection, target);
      } catch (error) {
        rmSync(target, { force: true });
        return this.rethrowAsInput(error, 'Could not convert the existing data to the new schema');
      }
    });
  }

  /**
   * Rewrites `source` (Parquet) into `target` with cell edits applied: each edit sets `column` to
   * `value` (cast to the column's type) in the rows whose `key` columns equal the given values.
   * Column names must be columns of `source`; values are literals, never SQL. Returns the new
   * file's shape and the edited rows as they now are. A value that does not convert is a
   * BadInputError and leaves no target.
   */
  async editCells(source: string, edits: CellEdit[], target: string): Promise<LoadOutput & { rows: Record<string, unknown>[] }> {
    return this.withFiles('editCells', [source, target], async (connection) => {
      const { columns } = await describeParquet(connection, source);
      const types = new Map(columns.map((c) => [c.name, c.dataType]));
      for (const edit of edits) {
        for (const name of [edit.column, ...Object.keys(edit.key)]) {
          if (!types.has(name)) throw new BadInputError(`Unknown column "${name}"`);
        }
      }
      const literal = (value: unknown) => (value === null || value === undefined ? 'NULL' : quoteString(typeof value === 'object' ? JSON.stringify(value) : String(value)));
      const matches = (key: Record<string, unknown>) =>
        Object.entries(key).map(([k, v]) => (v === null ? `${quoteIdent(k)} IS NULL` : `CAST(${quoteIdent(k)} AS VARCHAR) = ${literal(v)}`)).join(' AND ') || 'FALSE';
      const edited = [...new Set(edits.map((e) => e.column))].map((column) => {
        const cases = edits.filter((e) => e.column === column).map((e) => `WHEN ${matches(e.key)} THEN CAST(${literal(e.value)} AS ${types.get(column)})`);
        return `CASE ${cases.reverse().join(' ')} ELSE ${quoteIdent(column)} END AS ${quoteIdent(column)}`;
      });
      try {
        await connection.run(`COPY (SELECT * REPLACE (${edited.join(', ')}) FROM read_parquet(${quoteString(source)})) TO ${quoteString(target)} (FORMAT parquet)`);
        const shape = await describeParquet(connection, target);
        const read = await connection.runAndReadAll(`SELECT * FROM read_parquet(${quoteString(target)}) WHERE ${edits.map((e) => `(${matches(e.key)})`).join(' OR ')}`);
        const rows = read.getRowObjectsJS().map((row) => toJson(row) as Record<string, unknown>);
        return { ...shape, rows };
      } catch (error) {
        rmSync(target, { force: true });
        return this.rethrowAsInput(error, 'Could not apply the edit');
      }
    });
  }

  /**
   * Runs `work` on a connection to the sandbox of exactly these tables: each table a view
   * `schema.name` (tables of `datasets` also plain `name`). Sandboxes are kept and reused while
   * their table set is unchanged (version files never change, and only SELECT runs in them),
   * which saves opening a DuckDB per query; idle ones beyond SANDBOX_CACHE_SIZE are closed.
   */
  private async withSandbox<T>(operation: string, tables: EngineTable[], work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.observed(operation, () => this.inSandbox(tables, work));
  }

  /** `work` through the `observe` option (metrics, spans), when one is given. */
  private observed<T>(operation: string, work: () => Promise<T>): Promise<T> {
    return this.options.observe ? this.options.observe(operation, work) : work();
  }

  private async inSandbox<T>(tables: EngineTable[], work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const key = JSON.stringify(tables.map((t) => [t.schema, t.name, t.file]).sort());
    let sandbox = this.sandboxes.get(key);
    if (!sandbox) {
      const schemas = [...new Set(tables.map((t) => t.schema))];
      const view = (schema: string, t: EngineTable) => `CREATE VIEW ${quoteIdent(schema)}.${quoteIdent(t.name)} AS SELECT * FROM read_parquet(${quoteString(t.file)});`;
      const setup = [
        ...schemas.filter((s) => s !== 'main').map((s) => `CREATE SCHEMA ${quoteIdent(s)};`),
        ...tables.map((t) => view(t.schema, t)),
        ...tables.filter((t) => t.schema === DEFAULT_SCHEMA).map((t) => view('main', t)),
      ];
      const opening = this.openLocked(tables.map((t) => t.file), setup.join('\n'));
      sandbox = { instance: opening, users: 0, lastUsed: 0 };
      this.sandboxes.set(key, sandbox);
      opening.catch(() => this.sandboxes.delete(key));
    }
    sandbox.users++;
    sandbox.lastUsed = performance.now();
    try {
      const connection = await (await sandbox.instance).connect();
      try {
        return await work(connection);
      } finally {
        connection.closeSync();
      }
    } finally {
      sandbox.users--;
      this.evictIdleSandboxes(SANDBOX_CACHE_SIZE);
    }
  }

  private evictIdleSandboxes(keep: number): void {
    const idle = [...this.sandboxes.entries()].filter(([, s]) => s.users === 0).sort(([, a], [, b]) => a.lastUsed - b.lastUsed);
    for (const [key, sandbox] of idle) {
      if (this.sandboxes.size <= keep) break;
      this.sandboxes.delete(key);
      void sandbox.instance.then((instance) => instance.closeSync(), () => undefined);
    }
  }

  /** Closes every idle sandbox (at shutdown). */
  close(): void {
    this.evictIdleSandboxes(0);
  }

  /** A new in-memory DuckDB: `setup` runs as trusted code, then only `files` stay reachable and the configuration is locked. */
  private async openLocked(files: string[], setup: string): Promise<DuckDBInstance> {
    const instance = await (await loadDuckDb()).DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      memory_limit: this.options.memoryLimit,
      threads: String(this.options.threads),
    });
    const connection = await instance.connect();
    try {
      if (setup) await connection.run(setup);
      await connection.run(`SET allowed_paths = [${files.map(quoteString).join(', ')}]`);
      await connection.run('SET enable_external_access = false');
      await connection.run('SET lock_configuration = true');
      return instance;
    } catch (error) {
      instance.closeSync();
      throw error;
    } finally {
      connection.closeSync();
    }
  }

  /** A one-off locked DuckDB that reaches only `files` (loading data: trusted SQL only). */
  private async withFiles<T>(operation: string, files: string[], work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    return this.observed(operation, () => this.inFiles(files, work));
  }

  private async inFiles<T>(files: string[], work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const instance = await this.openLocked(files, '');
    const connection = await instance.connect();
    try {
      return await work(connection);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  }
}

async function describeParquet(connection: DuckDBConnection, file: string): Promise<LoadOutput> {
  const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM read_parquet(${quoteString(file)})`);
  const columns = described.getRowObjectsJS().map((row) => ({ name: String(row.column_name), dataType: String(row.column_type), nullable: row.null !== 'NO' }));
  const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM read_parquet(${quoteString(file)})`);
  return { columns, rowCount: Number(counted.getRowsJS()[0][0]) };
}

/** A DuckDB JS value as JSON: safe integers as numbers, others as strings; times as ISO strings. */
export function toJson(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return value >= BigInt(Number.MIN_SAFE_INTEGER) && value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value.toString();
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (Array.isArray(value)) return value.map(toJson);
  if (typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, toJson(v)]));
  return value;
}
