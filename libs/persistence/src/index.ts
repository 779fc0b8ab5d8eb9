export * from './data-source.options';
export * from './entities';
export * from './migrate';
export * from './seeds';
export * from './repositories/geography.repository';
export * from './repositories/gp-delivery.repository';
export * from './repositories/clocks.repository';
export * from './project-root';
