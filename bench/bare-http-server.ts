import Fastify from 'fastify';

/**
 * The bareHttp baseline's server: Fastify 5, one route, no plugins, no logging. Run in a child
 * process by baselines.ts; tells its parent the port over IPC and exits when told or orphaned.
 */
async function main(): Promise<void> {
  const app = Fastify({ logger: false });
  app.get('/', () => ({ ok: true }));
  await app.listen({ host: '127.0.0.1', port: 0 });
  const address = app.server.address();
  if (address === null || typeof address === 'string') throw new Error('no TCP address');

  const close = (): void => {
    void app.close().finally(() => process.exit(0));
  };
  process.once('SIGTERM', close);
  process.once('SIGINT', close);
  process.once('disconnect', close);
  process.send?.({ port: address.port });
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
