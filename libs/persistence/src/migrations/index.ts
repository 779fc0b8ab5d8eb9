import { InitialSchema1764115200000 } from './1764115200000-initial-schema';

/** Every schema migration, oldest first. Listed, not globbed, so ts and compiled js agree. */
export const MIGRATIONS = [InitialSchema1764115200000];
