export * from './types';
export * from './errors';
export * from './baseUrl';
export * from './client';
export * from './paging';
export * from './parse';
export * from './redact';
export * from './retry';
