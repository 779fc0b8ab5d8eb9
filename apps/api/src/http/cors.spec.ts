import cors from '@fastify/cors';
import Fastify from 'fastify';
import { corsOptions } from './cors';

describe('corsOptions', () => {
  const app = async (origins: string[]) => {
    const fastify = Fastify();
    await fastify.register(cors, corsOptions(origins));
    fastify.get('/thing', () => ({ ok: true }));
    return fastify;
  };
  const preflight = {
    method: 'OPTIONS' as const,
    url: '/thing',
    headers: { origin: 'https://a.nhs.uk', 'access-control-request-method': 'GET' },
  };

  it('with no origins listed, allows no cross-origin access and answers no preflight', async () => {
    const fastify = await app([]);
    const simple = await fastify.inject({ url: '/thing', headers: { origin: 'https://a.nhs.uk' } });
    expect(simple.headers['access-control-allow-origin']).toBeUndefined();
    const response = await fastify.inject(preflight);
    expect(response.statusCode).toBe(404);
    expect(response.headers['access-control-allow-origin']).toBeUndefined();
    await fastify.close();
  });

  it('allows exactly the origins listed', async () => {
    const fastify = await app(['https://a.nhs.uk']);
    expect((await fastify.inject(preflight)).headers['access-control-allow-origin']).toBe(
      'https://a.nhs.uk',
    );
    const lookalike = await fastify.inject({
      url: '/thing',
      headers: { origin: 'https://a.nhs.uk.example.com' },
    });
    expect(lookalike.headers['access-control-allow-origin']).toBeUndefined();
    await fastify.close();
  });
});
