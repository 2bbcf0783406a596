export * from './schema/platform';
export * from './schema/people';
export * from './schema/participation';
export * from './schema/cases';
