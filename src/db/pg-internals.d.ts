/** The parts of node-postgres's own modules the write path's pipelines use (see pg-pipeline.ts). */
declare module 'pg/lib/result' {
  /** A statement's result: decodes rows with the registered type parsers, as `client.query` does. */
  class Result {
    rows: unknown[];
    addFields(fields: unknown[]): void;
    parseRow(fields: unknown[]): unknown;
    addRow(row: unknown): void;
  }
  export = Result;
}

declare module 'pg/lib/utils' {
  /** A parameter value as node-postgres sends it (text, a Buffer, or null). */
  export function prepareValue(value: unknown): unknown;
}
