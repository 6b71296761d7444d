/** The JSON of the `extensions` the gateway answers the benchmark's query with, for the skeleton server to write too. */
export const SKELETON_EXTENSIONS_ENV = 'BENCH_SKELETON_EXTENSIONS';
