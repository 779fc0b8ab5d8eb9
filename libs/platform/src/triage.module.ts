import { type DynamicModule, Global, Logger, Module } from '@nestjs/common';
import type { Config } from '@frontdoor/config';
import { defaultTriageRulesDir, readTriageRuleFiles } from '@frontdoor/persistence';
import { createTriageEngine } from '@frontdoor/triage';

/** The compiled triage engine. */
export const TRIAGE_ENGINE = Symbol('TRIAGE_ENGINE');

@Global()
@Module({})
export class TriageModule {
  /**
   * Loads and compiles the rule set while the app module is being declared, before anything
   * connects: an invalid rule set stops the boot with every problem named.
   */
  static forRoot(config: Config): DynamicModule {
    const dir = config.TRIAGE_RULES_DIR ?? defaultTriageRulesDir();
    const engine = createTriageEngine(readTriageRuleFiles(dir));
    return {
      module: TriageModule,
      providers: [
        { provide: TRIAGE_ENGINE, useValue: engine },
        {
          // Logged once the app's logger is in place, so the line is JSON like the rest.
          provide: 'TRIAGE_ANNOUNCE',
          useFactory: () => ({
            onApplicationBootstrap: () =>
              new Logger('Triage').log(`rule set ${engine.version} loaded from ${dir}`),
          }),
        },
      ],
      exports: [TRIAGE_ENGINE],
    };
  }
}
