import 'reflect-metadata';
import { EnvError, loadConfig } from '@frontdoor/config';
import { createWorker } from './bootstrap';

createWorker(loadConfig()).catch((error: unknown) => {
  process.stderr.write(
    `${error instanceof EnvError ? error.message : `worker failed to start: ${String(error)}`}\n`,
  );
  process.exit(1);
});
