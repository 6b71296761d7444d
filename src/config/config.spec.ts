import { ConfigError, loadConfig, parseDatabaseUrl } from './config';

describe('DATABASE_URL', () => {
  it('unset means the embedded SQLite file data/salesgraph.sqlite', () => {
    expect(parseDatabaseUrl(undefined)).toEqual({ dialect: 'sqlite', file: 'data/salesgraph.sqlite', url: 'file:data/salesgraph.sqlite' });
    expect(parseDatabaseUrl('  ')).toMatchObject({ dialect: 'sqlite', file: 'data/salesgraph.sqlite' });
  });

  it('file:PATH is an SQLite file at PATH', () => {
    expect(parseDatabaseUrl('file:/var/lib/sg/db.sqlite')).toEqual({
      dialect: 'sqlite',
      file: '/var/lib/sg/db.sqlite',
      url: 'file:/var/lib/sg/db.sqlite',
    });
  });

  it('postgres:// and postgresql:// are PostgreSQL, with the database name from the path', () => {
    expect(parseDatabaseUrl('postgres://u:p@db:5432/sales')).toMatchObject({ dialect: 'postgresql', dbName: 'sales' });
    expect(parseDatabaseUrl('postgresql://db/sales%20eu')).toMatchObject({ dialect: 'postgresql', dbName: 'sales eu' });
  });

  it('anything else is a clear error that does not echo the password', () => {
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).toThrow(ConfigError);
    expect(() => parseDatabaseUrl('mysql://root:hunter2@db/x')).toThrow(/^(?!.*hunter2)/);
    expect(() => parseDatabaseUrl('file:')).toThrow(/needs a path/);
  });
});

describe('configuration', () => {
  it('defaults to 127.0.0.1:4000', () => {
    const config = loadConfig({});
    expect(config.port).toBe(4000);
    expect(config.host).toBe('127.0.0.1');
    expect(config.adminKey).toBeUndefined();
    expect(config.bodyLimitBytes).toBe(1024 * 1024);
  });

  it('lets a request body take an hour unless SALESGRAPH_REQUEST_TIMEOUT_MS says otherwise', () => {
    expect(loadConfig({}).requestTimeoutMs).toBe(3_600_000);
    expect(loadConfig({ SALESGRAPH_REQUEST_TIMEOUT_MS: '0' }).requestTimeoutMs).toBe(0);
    expect(loadConfig({ SALESGRAPH_REQUEST_TIMEOUT_MS: '120000' }).requestTimeoutMs).toBe(120_000);
  });

  it('reads PORT, HOST, SALESGRAPH_ADMIN_KEY, REDIS_URL and SALESGRAPH_PLUGINS', () => {
    const config = loadConfig({
      PORT: '8080',
      HOST: '0.0.0.0',
      SALESGRAPH_ADMIN_KEY: 'sg_x',
      REDIS_URL: 'redis://127.0.0.1:6379',
      SALESGRAPH_PLUGINS: ' ./my-plugin.js, @acme/salesgraph-tmall ,',
    });
    expect(config).toMatchObject({ port: 8080, host: '0.0.0.0', adminKey: 'sg_x', redisUrl: 'redis://127.0.0.1:6379' });
    expect(config.plugins).toEqual(['./my-plugin.js', '@acme/salesgraph-tmall']);
  });

  it('refuses a PORT that is not a number', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT must be a non-negative integer/);
  });
});

describe('SALESGRAPH_CORS_ORIGINS', () => {
  it('is off when unset or empty', () => {
    expect(loadConfig({}).corsOrigins).toEqual([]);
    expect(loadConfig({ SALESGRAPH_CORS_ORIGINS: ' , ' }).corsOrigins).toEqual([]);
  });

  it('reads exact origins, comma-separated, as browsers send them', () => {
    const config = loadConfig({ SALESGRAPH_CORS_ORIGINS: 'https://App.Example.com, http://localhost:5173/,https://shop.example.com:443' });
    expect(config.corsOrigins).toEqual(['https://app.example.com', 'http://localhost:5173', 'https://shop.example.com']);
  });

  it('takes * alone for any origin', () => {
    expect(loadConfig({ SALESGRAPH_CORS_ORIGINS: '*' }).corsOrigins).toEqual(['*']);
    expect(() => loadConfig({ SALESGRAPH_CORS_ORIGINS: '*,https://a.example' })).toThrow(ConfigError);
  });

  it.each(['app.example.com', 'https://app.example.com/graphql', 'ftp://app.example.com', 'https://*.example.com', 'https://app.example.com?x=1'])(
    'refuses %s, which is not an origin',
    (value) => {
      expect(() => loadConfig({ SALESGRAPH_CORS_ORIGINS: value })).toThrow(/SALESGRAPH_CORS_ORIGINS/);
    },
  );
});
