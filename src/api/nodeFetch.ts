/**
 * node-fetch's fetch alone, for transport.ts to import on first use. A dynamic import of 'node-fetch'
 * itself would keep every export of its namespace in the bundle (Blob and File from disk, FormData
 * helpers); through this module esbuild keeps only what fetch needs.
 */
export { default } from 'node-fetch';
