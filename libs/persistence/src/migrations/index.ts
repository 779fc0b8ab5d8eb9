import { InitialSchema1764115200000 } from './1764115200000-initial-schema';
import { Intake1764201600000 } from './1764201600000-intake';
import { Triage1764288000000 } from './1764288000000-triage';

/** Every schema migration, oldest first. Listed, not globbed, so ts and compiled js agree. */
export const MIGRATIONS = [InitialSchema1764115200000, Intake1764201600000, Triage1764288000000];
