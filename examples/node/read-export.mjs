// Reads an export with DuckDB (npm @duckdb/node-api), the way a data scientist would look at it,
// and prints its columns (name and DuckDB type) and row count as JSON:
//   node read-export.mjs steps.jsonl        (JSON Lines: read_json_auto)
//   node read-export.mjs train.parquet      (Parquet: read_parquet)
import { DuckDBInstance } from '@duckdb/node-api';

const file = process.argv[2];
if (!file) {
  console.error('usage: node read-export.mjs FILE');
  process.exit(2);
}
const source = file.endsWith('.parquet') ? `read_parquet('${file}')` : `read_json_auto('${file}', format='newline_delimited')`;
const db = await DuckDBInstance.create(':memory:');
const connection = await db.connect();
const described = await connection.runAndReadAll(`DESCRIBE SELECT * FROM ${source}`);
const columns = described.getRowObjectsJson().map((r) => ({ name: r.column_name, type: r.column_type }));
const counted = await connection.runAndReadAll(`SELECT count(*) AS n FROM ${source}`);
const rows = Number(counted.getRowObjectsJson()[0].n);
const first = await connection.runAndReadAll(`SELECT * FROM ${source} LIMIT 1`);
console.log(JSON.stringify({ columns, rows, first: first.getRowObjectsJson()[0] ?? null }));
connection.closeSync();
