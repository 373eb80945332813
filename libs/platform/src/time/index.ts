export * from './zone-offsets';
export * from './instants';
