import { JOB_NAMES } from './jobs';

export class JobRegistryError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Job handlers do not match the declared jobs:\n  - ${problems.join('\n  - ')}`);
    this.name = 'JobRegistryError';
  }
}

/**
 * Checks that every declared job has exactly one handler and that no handler claims a job
 * nobody declared. The worker calls this at boot and refuses to start on any mismatch.
 */
export function checkJobHandlers(
  handled: readonly string[],
  declared: readonly string[] = JOB_NAMES,
): void {
  const problems: string[] = [];
  for (const name of declared) {
    const count = handled.filter((handledName) => handledName === name).length;
    if (count === 0) problems.push(`job "${name}" has no handler`);
    if (count > 1) problems.push(`job "${name}" has ${count} handlers`);
  }
  for (const name of new Set(handled)) {
    if (!declared.includes(name)) problems.push(`a handler claims undeclared job "${name}"`);
  }
  if (problems.length) throw new JobRegistryError(problems);
}
