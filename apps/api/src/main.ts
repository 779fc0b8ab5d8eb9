import 'reflect-metadata';
import { EnvError, loadConfig } from '@frontdoor/config';
import { createApi } from './bootstrap';

async function main(): Promise<void> {
  const config = loadConfig();
  const app = await createApi(config);
  await app.listen({ port: config.PORT, host: config.HOST });
}

main().catch((error: unknown) => {
  // Before the logger exists the only safe channel is stderr; EnvError never holds a value.
  process.stderr.write(
    `${error instanceof EnvError ? error.message : `api failed to start: ${String(error)}`}\n`,
  );
  process.exit(1);
});
