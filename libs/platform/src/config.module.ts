import { type DynamicModule, Global, Module } from '@nestjs/common';
import type { Config } from '@frontdoor/config';

/** Injection token for the validated configuration. */
export const CONFIG = Symbol('CONFIG');

/** Makes the configuration, validated once before Nest starts, injectable everywhere. */
@Global()
@Module({})
export class ConfigModule {
  static forRoot(config: Config): DynamicModule {
    return {
      module: ConfigModule,
      providers: [{ provide: CONFIG, useValue: Object.freeze({ ...config }) }],
      exports: [CONFIG],
    };
  }
}
