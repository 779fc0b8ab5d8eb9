import { Injectable, type OnModuleInit, RequestMethod } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { DiscoveryService, MetadataScanner, Reflector } from '@nestjs/core';
import { ACCESS_RULE, type AccessRule } from './access-rule';

export interface RouteRule {
  method: string;
  path: string;
  handler: string;
  rule: AccessRule | undefined;
}

/** Every controller route with its access rule, as the app registered them. */
@Injectable()
export class RouteRules implements OnModuleInit {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly reflector: Reflector,
  ) {}

  /** A route nobody decided on would be open by accident: refuse to start instead. */
  onModuleInit(): void {
    const undecided = this.list().filter((route) => !route.rule);
    if (undecided.length) {
      throw new Error(
        `Routes with no access rule (add @Requires or @Public): ${undecided.map((r) => r.handler).join(', ')}`,
      );
    }
  }

  list(): RouteRule[] {
    return this.discovery.getControllers().flatMap(({ instance, metatype }) => {
      if (!instance || !metatype) return [];
      const prototype = Object.getPrototypeOf(instance) as Record<string, () => unknown>;
      const base = String(Reflect.getMetadata(PATH_METADATA, metatype) ?? '');
      return this.scanner.getAllMethodNames(prototype).flatMap((name) => {
        const handler = prototype[name];
        const path = Reflect.getMetadata(PATH_METADATA, handler) as string | undefined;
        if (path === undefined) return [];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        return [
          {
            method: RequestMethod[method],
            path: `/${[base, path].filter((part) => part && part !== '/').join('/')}`,
            handler: `${metatype.name}.${name}`,
            rule: this.reflector.getAllAndOverride<AccessRule | undefined>(ACCESS_RULE, [
              handler,
              metatype,
            ]),
          },
        ];
      });
    });
  }
}
