import { parseArgs } from 'node:util';
import { signToken } from '@frontdoor/auth';
import { DEVELOPMENT_JWT_SECRET } from '@frontdoor/config';
import { ROLES, type Role } from '@frontdoor/domain';

/** The signer lives in libs/auth, where the api's development sign-in uses it too. */
export { signToken, type TokenRequest } from '@frontdoor/auth';

const USAGE = `npm run token -- --role coordinator [--role admin] [--team ucr-west-kent] [--org G82001]
                    [--sub coord-1] [--name "Casey Coordinator"] [--ttl 8h]`;

/** npm run token: prints a development token signed with AUTH_JWT_SECRET (or its default). */
async function main(): Promise<void> {
  if (process.env.NODE_ENV === 'production') {
    throw new Error('development tokens are not issued when NODE_ENV is production');
  }
  const { values } = parseArgs({
    options: {
      role: { type: 'string', multiple: true },
      team: { type: 'string', multiple: true },
      org: { type: 'string' },
      sub: { type: 'string' },
      name: { type: 'string' },
      ttl: { type: 'string' },
    },
  });
  const roles = (values.role ?? []).flatMap((role) => role.split(','));
  const unknown = roles.filter((role) => !(ROLES as readonly string[]).includes(role));
  if (!roles.length || unknown.length) {
    throw new Error(`give --role, one or more of ${ROLES.join(', ')}\n${USAGE}`);
  }
  const token = await signToken(
    {
      sub: values.sub ?? `dev-${roles[0]}`,
      ...(values.name && { name: values.name }),
      roles: roles as Role[],
      teamIds: (values.team ?? []).flatMap((team) => team.split(',')),
      ...(values.org && { orgCode: values.org.toUpperCase() }),
      ...(values.ttl && { ttl: values.ttl }),
    },
    process.env.AUTH_JWT_SECRET || DEVELOPMENT_JWT_SECRET,
  );
  console.log(token);
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : String(error));
    process.exit(1);
  });
}
