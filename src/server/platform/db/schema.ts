export * from './schema/platform';
