import { InitialSchema1764115200000 } from './1764115200000-initial-schema';
import { Intake1764201600000 } from './1764201600000-intake';

/** Every schema migration, oldest first. Listed, not globbed, so ts and compiled js agree. */
export const MIGRATIONS = [InitialSchema1764115200000, Intake1764201600000];
