import { InitialSchema1764115200000 } from './1764115200000-initial-schema';
import { Intake1764201600000 } from './1764201600000-intake';
import { Triage1764288000000 } from './1764288000000-triage';
import { OutboxNotify1764374400000 } from './1764374400000-outbox-notify';
import { Tracker1764460800000 } from './1764460800000-tracker';
import { Clocks1764547200000 } from './1764547200000-clocks';
import { Discharge1764633600000 } from './1764633600000-discharge';
import { Queues1764720000000 } from './1764720000000-queues';
import { LiveEvents1764806400000 } from './1764806400000-live-events';
import { Security1764892800000 } from './1764892800000-security';

/** Every schema migration, oldest first. Listed, not globbed, so ts and compiled js agree. */
export const MIGRATIONS = [
  InitialSchema1764115200000,
  Intake1764201600000,
  Triage1764288000000,
  OutboxNotify1764374400000,
  Tracker1764460800000,
  Clocks1764547200000,
  Discharge1764633600000,
  Queues1764720000000,
  LiveEvents1764806400000,
  Security1764892800000,
];
