export * from './spec.ts';
export * from './verify.ts';
