export * from './schema/platform';
export * from './schema/people';
export * from './schema/participation';
export * from './schema/cases';
export * from './schema/service-orders';
export * from './schema/risk';
export * from './schema/disputes';
export * from './schema/metrics';
