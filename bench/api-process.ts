import { createServer } from 'node:net';
import { DEVELOPMENT_JWT_SECRET } from '@frontdoor/config';
import { spawnApp, stopChild } from '../scripts/services';
import { signToken, type TokenRequest } from '../scripts/token';
import { waitForHttp } from './http-load';

export interface ApiProcess {
  url: string;
  /** The Authorization header of a token for `who`, signed as this api checks it. */
  signIn(who: TokenRequest): Promise<Record<string, string>>;
  stop(): Promise<void>;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** The compiled api in its own process (as in production), so load and server do not share a loop. */
export async function startApiProcess(env: Record<string, string>): Promise<ApiProcess> {
  const port = await freePort();
  const child = spawnApp(
    'api',
    {
      ...process.env,
      // The load is one client with one credential: lift its limit, but keep the count (and its
      // cost) in every request.
      RATE_LIMIT_PER_MINUTE: '1000000',
      ...env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
    },
    ['ignore', 'ignore', 'inherit'],
  );
  const url = `http://127.0.0.1:${port}`;
  try {
    await waitForHttp(`${url}/health/ready`);
  } catch (error) {
    await stopChild(child);
    throw error;
  }
  const secret = env.AUTH_JWT_SECRET ?? process.env.AUTH_JWT_SECRET ?? DEVELOPMENT_JWT_SECRET;
  return {
    url,
    signIn: async (who) => ({ authorization: `Bearer ${await signToken(who, secret)}` }),
    stop: () => stopChild(child),
  };
}
