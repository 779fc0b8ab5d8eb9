/** Stops whatever test/global-setup.ts started (nothing, when the machine's own services were used). */
export default async function globalTeardown(): Promise<void> {
  for (const service of globalThis.frontDoorTestServices ?? []) await service.stop();
}
