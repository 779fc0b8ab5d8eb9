import { createTestDatabase, type TestDatabase } from '../support/database';
import { createTestRedis, type TestRedis } from '../support/redis';
import { startApi, testConfig, type RunningApi } from '../support/apps';
import { TcpProxy } from '../support/tcp-proxy';

describe('health endpoints', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let postgresProxy: TcpProxy;
  let redisProxy: TcpProxy;
  let api: RunningApi;

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    postgresProxy = TcpProxy.for(database.url);
    redisProxy = TcpProxy.for(redis.url);
    await postgresProxy.start();
    await redisProxy.start();
    api = await startApi(
      testConfig({
        databaseUrl: postgresProxy.wrap(database.url),
        redisUrl: redisProxy.wrap(redis.url),
        redisPrefix: redis.prefix,
      }),
    );
  });

  afterAll(async () => {
    await api?.close();
    await postgresProxy?.stop();
    await redisProxy?.stop();
    await redis?.cleanup();
    await database?.drop();
  });

  const get = (path: string): Promise<Response> => fetch(`${api.url}${path}`);

  it('live answers 200 without looking at dependencies', async () => {
    const response = await get('/health/live');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('ready answers 200 when Postgres and Redis both answer', async () => {
    const response = await get('/health/ready');
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({
      status: 'ok',
      checks: { postgres: 'up', redis: 'up' },
    });
  });

  it('ready answers 503 naming Redis while Redis is down, and 200 again when it returns', async () => {
    await redisProxy.stop();
    const down = await get('/health/ready');
    expect(down.status).toBe(503);
    expect(await down.json()).toEqual({
      statusCode: 503,
      error: 'Service Unavailable',
      message: 'Not ready: redis did not answer',
      checks: { postgres: 'up', redis: 'down' },
    });
    expect((await get('/health/live')).status).toBe(200);

    await redisProxy.start();
    await expect(eventually(() => get('/health/ready').then((r) => r.status))).resolves.toBe(200);
  });

  it('ready answers 503 naming Postgres while Postgres is down, and 200 again when it returns', async () => {
    await postgresProxy.stop();
    const down = await get('/health/ready');
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({
      statusCode: 503,
      message: 'Not ready: postgres did not answer',
      checks: { postgres: 'down', redis: 'up' },
    });

    await postgresProxy.start();
    await expect(eventually(() => get('/health/ready').then((r) => r.status))).resolves.toBe(200);
  });

  it('echoes a caller-supplied request id and makes one up otherwise', async () => {
    const given = await get('/health/live').then(() =>
      fetch(`${api.url}/health/live`, { headers: { 'x-request-id': 'call-123' } }),
    );
    expect(given.headers.get('x-request-id')).toBe('call-123');
    const made = await get('/health/live');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('serves the OpenAPI document and its UI', async () => {
    const json = await get('/api/docs-json');
    expect(json.status).toBe(200);
    const document = (await json.json()) as { info: { title: string }; paths: object };
    expect(document.info.title).toBe('Front Door');
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining(['/health/live', '/health/ready']),
    );
    const ui = await get('/api/docs');
    expect(ui.status).toBe(200);
    expect(await ui.text()).toContain('swagger');
  });

  it('answers an unknown route with the contract error shape', async () => {
    const response = await get('/no/such/route');
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      statusCode: 404,
      error: 'Not Found',
      message: 'Cannot GET /no/such/route',
    });
  });
});

/** Polls until `read` gives 200 or a few seconds pass; returns the last answer. */
async function eventually(read: () => Promise<number>, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (last !== 200 && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await read();
  }
  return last;
}
