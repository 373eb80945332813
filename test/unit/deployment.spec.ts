import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, parseAllDocuments } from 'yaml';
import { helmetHeaders, helmetOptions } from '../../apps/api/src/http/security';
import { envSchema } from '../../libs/platform/src/config/config.schema';
import { parseConfig } from '../../libs/platform/src/config/load-config';

/**
 * Issue 12 item 5, checked offline: the production compose file (through `docker-compose config`
 * when the binary is installed; .ci/run installs it), the Kubernetes manifests (parsed with `yaml`:
 * kinds, images, ports, probes, every variable in the config schema), that both say the same, and
 * that nginx sends the api's security headers.
 */
const ROOT = join(__dirname, '../..');
const DOCKER = join(ROOT, 'docker');
const K8S = join(DOCKER, 'k8s');
const read = (...parts: string[]) => readFileSync(join(...parts), 'utf8');

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Doc = any;

const SETTINGS = new Set(Object.keys(envSchema.shape));
/** Variables the mysql image reads, not Tally: allowed in the shared env file only. */
const MYSQL_ONLY = new Set(['MYSQL_PASSWORD']);
/** Compose names the database by parts (its own mysql); Kubernetes by URL (a managed one). */
const DATABASE_BY_PARTS = ['DB_HOST', 'DB_PORT', 'DB_USER', 'DB_NAME', 'DB_PASSWORD'];

/** KEY=value lines of an env file. */
function envFileKeys(text: string): string[] {
  return text
    .split('\n')
    .map((line) => /^([A-Z][A-Z0-9_]*)=/.exec(line)?.[1])
    .filter((k): k is string => Boolean(k));
}

const composeFile = read(DOCKER, 'compose.prod.yml');
/** The compose file as written (anchors and merge keys resolved). */
const compose: Doc = parse(composeFile, { merge: true });
const prodEnvKeys = envFileKeys(read(DOCKER, 'prod.env.example'));

const manifests: { file: string; doc: Doc }[] = readdirSync(K8S)
  .filter((f) => f.endsWith('.yaml'))
  .flatMap((file) =>
    parseAllDocuments(read(K8S, file)).map((d) => {
      if (d.errors.length) throw new Error(`${file}: ${d.errors.map((e) => e.message).join('; ')}`);
      return { file, doc: d.toJS() as Doc };
    }),
  );
const ofKind = (kind: string) => manifests.filter((m) => m.doc.kind === kind).map((m) => m.doc);
const named = (kind: string, name: string) => ofKind(kind).find((d) => d.metadata.name === name);
const configMap = named('ConfigMap', 'tally-config');
const secret = named('Secret', 'tally-secrets');

function which(binary: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${binary}`]).status === 0;
}

describe('docker/compose.prod.yml', () => {
  const hasCompose = which('docker-compose');
  const itWithCompose = hasCompose ? it : it.skip;
  if (!hasCompose) {
    process.stdout.write(
      'SKIPPED: docker-compose is not installed (apt-get install -y docker-compose; .ci/run does), so ' +
        '`docker-compose config` was not run; the YAML checks below still ran.\n',
    );
  }

  itWithCompose('is valid for docker-compose config, and resolves to the services the checks below expect', () => {
    const run = spawnSync('docker-compose', ['-f', join(DOCKER, 'compose.prod.yml'), 'config'], {
      env: { ...process.env, TALLY_ENV_FILE: 'prod.env.example' },
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/ERROR/);
    expect(run.status).toBe(0);
    const resolved: Doc = parse(run.stdout);
    expect(Object.keys(resolved.services).sort()).toEqual(Object.keys(compose.services).sort());
    // The env file's settings reached the app containers; the fixed ones win over it.
    expect(resolved.services['api-1'].environment).toMatchObject({
      APP_URL: 'https://tally.example.com',
      REDIS_URL: 'redis://redis-queue:6379',
      CACHE_REDIS_URL: 'redis://redis-cache:6379',
    });
    expect(resolved.services['worker-2'].build.target).toBe('worker');
  });

  itWithCompose('docker/compose.yml (the single-host quick start) is valid too', () => {
    const run = spawnSync('docker-compose', ['-f', join(DOCKER, 'compose.yml'), 'config', '-q'], {
      env: { ...process.env, APP_URL: 'https://t.example', JWT_SECRET: 'x'.repeat(40), DB_PASSWORD: 'p' },
      encoding: 'utf8',
    });
    expect(run.stderr).not.toMatch(/ERROR/);
    expect(run.status).toBe(0);
  });

  it('runs api x2 and worker x2 from the api and worker image variants, behind nginx', () => {
    const s = compose.services;
    for (const name of ['api-1', 'api-2']) {
      expect(s[name]).toMatchObject({ command: ['api'], build: { target: 'api' } });
    }
    for (const name of ['worker-1', 'worker-2']) {
      expect(s[name]).toMatchObject({ command: ['worker'], build: { target: 'worker' }, shm_size: '1gb' });
    }
    expect(s.migrate).toMatchObject({ command: ['migrate'], restart: 'no' });
    expect(s.nginx.build.target).toBe('proxy');
    // Only nginx is published.
    const published = Object.entries(s)
      .filter(([, svc]) => (svc as Doc).ports)
      .map(([n]) => n);
    expect(published).toEqual(['nginx']);
    expect(s.mysql.image).toBe('mysql:8.4');
  });

  it('keeps queues in a persistent noeviction Redis and the cache in an LRU Redis with a memory cap', () => {
    const queue = compose.services['redis-queue'].command.join(' ');
    expect(queue).toMatch(/--appendonly yes/);
    expect(queue).toMatch(/--maxmemory-policy noeviction/);
    const cache = compose.services['redis-cache'].command.join(' ');
    expect(cache).toMatch(/--maxmemory-policy allkeys-lru/);
    expect(cache).toMatch(/--maxmemory \S+/);
    const env = compose.services['api-1'].environment;
    expect(env.REDIS_URL).toBe('redis://redis-queue:6379');
    expect(env.CACHE_REDIS_URL).toBe('redis://redis-cache:6379');
  });

  it('gates every depends_on on a healthcheck or a successful exit', () => {
    for (const [name, service] of Object.entries<Doc>(compose.services)) {
      for (const [dependency, { condition }] of Object.entries<Doc>(service.depends_on ?? {})) {
        const target = compose.services[dependency];
        expect({ name, dependency, exists: Boolean(target) }).toEqual({ name, dependency, exists: true });
        if (dependency === 'migrate') expect(condition).toBe('service_completed_successfully');
        else {
          expect({ name, dependency, condition }).toEqual({ name, dependency, condition: 'service_healthy' });
          expect(target.healthcheck?.test).toBeDefined();
        }
      }
    }
    for (const name of ['api-1', 'worker-1', 'nginx']) expect(compose.services[name].healthcheck).toBeDefined();
  });

  it('sets only variables of the config schema, secrets via an env file that git ignores', () => {
    const appEnv = Object.keys(compose.services['api-1'].environment);
    expect(appEnv.filter((k) => !SETTINGS.has(k))).toEqual([]);
    expect(prodEnvKeys.filter((k) => !SETTINGS.has(k) && !MYSQL_ONLY.has(k))).toEqual([]);
    expect(compose.services['api-1'].env_file).toEqual(['${TALLY_ENV_FILE:-prod.env}']);
    // The template holds no secret values.
    for (const key of ['JWT_SECRET', 'DB_PASSWORD', 'MYSQL_PASSWORD', 'TOTP_ENCRYPTION_KEY']) {
      expect(read(DOCKER, 'prod.env.example')).toMatch(new RegExp(`^${key}=$`, 'm'));
    }
    const ignored = read(ROOT, '.gitignore').split('\n');
    expect(ignored).toEqual(expect.arrayContaining(['docker/*.env', 'docker/k8s/secret.yaml']));
    // The whole app environment parses as a production configuration once secrets are filled in.
    const env = {
      ...Object.fromEntries(
        Object.entries<string>(compose.services['api-1'].environment).map(([k, v]) => [k, String(v)]),
      ),
      APP_URL: 'https://tally.example.com',
      JWT_SECRET: 'x'.repeat(48),
    };
    expect(parseConfig(env).cache.redisUrl).toBe('redis://redis-cache:6379');
  });
});

describe('docker/Dockerfile', () => {
  const dockerfile = read(DOCKER, 'Dockerfile');
  const stage = (name: string) => {
    const start = dockerfile.search(new RegExp(`^FROM \\S+ AS ${name}$`, 'm'));
    expect(start).toBeGreaterThanOrEqual(0);
    const next = dockerfile.slice(start + 1).search(/^FROM /m);
    return next < 0 ? dockerfile.slice(start) : dockerfile.slice(start, start + 1 + next);
  };

  it('builds the api, worker and proxy variants on Node 22 slim, non-root, under tini', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22-[a-z]+-slim$/m);
    expect(stage('api')).toMatch(/^USER node$/m);
    expect(stage('api')).toMatch(/ENTRYPOINT \["\/usr\/bin\/tini", "--"/);
    expect(stage('api')).not.toMatch(/apt-get install[^&]*\bchromium\b/);
    const worker = stage('worker');
    expect(worker).toMatch(/^FROM api AS worker$/m);
    for (const pkg of ['chromium', 'fonts-noto-cjk', 'fonts-noto-color-emoji']) expect(worker).toContain(pkg);
    expect(
      worker
        .trim()
        .split('\n')
        .filter((l) => l.startsWith('USER'))
        .pop(),
    ).toBe('USER node');
    expect(stage('proxy')).toContain('docker/nginx/tally.conf');
    for (const target of new Set(
      Object.values<Doc>(compose.services)
        .map((s) => s.build?.target)
        .filter(Boolean),
    )) {
      expect(dockerfile).toMatch(new RegExp(`AS ${target}$`, 'm'));
    }
  });
});

describe('docker/nginx/tally.conf', () => {
  const conf = read(DOCKER, 'nginx', 'tally.conf');

  it('proxies to the compose api services on their port and hides /metrics', () => {
    const port = compose.services['api-1'].environment.PORT;
    const upstreams = [...conf.matchAll(/^\s*server (\S+):(\d+)/gm)].map((m) => `${m[1]}:${m[2]}`);
    expect(upstreams).toEqual(['api-1', 'api-2'].map((n) => `${n}:${port}`));
    expect(conf).toMatch(/location = \/metrics \{\s*return 404;/);
    expect(compose.services.nginx.healthcheck.test.join(' ')).toContain('/nginx-health');
    expect(conf).toContain('location = /nginx-health');
  });

  it("sends exactly the api's production security headers with what it serves itself", () => {
    const expected = helmetHeaders(
      helmetOptions(parseConfig({ NODE_ENV: 'production', APP_URL: 'https://t.example', JWT_SECRET: 'x'.repeat(48) })),
    );
    const snippet = read(DOCKER, 'nginx', 'security-headers.conf');
    const sent = Object.fromEntries(
      [...snippet.matchAll(/^add_header (\S+) "([^"]*)" always;$/gm)].map((m) => [m[1].toLowerCase(), m[2]]),
    );
    expect(sent).toEqual(expected);
    // At server level and again in each static location that sets a header of its own (nginx does
    // not inherit add_header into those); the proxied locations pass the api's own headers.
    expect(conf.match(/include \/etc\/nginx\/snippets\/tally-security-headers\.conf;/g)).toHaveLength(3);
    expect(read(DOCKER, 'Dockerfile')).toContain(
      'COPY docker/nginx/security-headers.conf /etc/nginx/snippets/tally-security-headers.conf',
    );
  });

  const itWithNginx = which('nginx') ? it : it.skip;
  itWithNginx('passes nginx -t (upstream hosts replaced by loopback)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'tally-nginx-'));
    try {
      writeFileSync(join(dir, 'headers.conf'), read(DOCKER, 'nginx', 'security-headers.conf'));
      const site = conf
        .replace(/server api-\d:(\d+)/g, 'server 127.0.0.1:$1')
        .replaceAll('/etc/nginx/snippets/tally-security-headers.conf', join(dir, 'headers.conf'))
        .replace('listen 80 default_server', 'listen 127.0.0.1:18080');
      writeFileSync(join(dir, 'site.conf'), site);
      writeFileSync(
        join(dir, 'nginx.conf'),
        `pid ${dir}/nginx.pid; error_log ${dir}/error.log; events {} http { access_log off; include ${dir}/site.conf; }\n`,
      );
      const run = spawnSync('nginx', ['-t', '-p', dir, '-c', join(dir, 'nginx.conf')], { encoding: 'utf8' });
      expect(run.stderr).toMatch(/syntax is ok/);
      expect(run.status).toBe(0);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('docker/k8s manifests', () => {
  const KINDS: Record<string, string> = {
    Deployment: 'apps/v1',
    Service: 'v1',
    ConfigMap: 'v1',
    Secret: 'v1',
    Job: 'batch/v1',
    HorizontalPodAutoscaler: 'autoscaling/v2',
    Ingress: 'networking.k8s.io/v1',
    Kustomization: 'kustomize.config.k8s.io/v1beta1',
  };

  it('are known kinds with their current apiVersion and a name', () => {
    expect(manifests.length).toBeGreaterThanOrEqual(9);
    for (const { file, doc } of manifests) {
      expect({ file, kind: doc.kind, apiVersion: doc.apiVersion }).toEqual({
        file,
        kind: doc.kind,
        apiVersion: KINDS[doc.kind] ?? 'an unknown kind',
      });
      if (doc.kind !== 'Kustomization') expect(doc.metadata?.name).toMatch(/^[a-z0-9-]+$/);
    }
    const kustomization = ofKind('Kustomization')[0];
    const listed = new Set(kustomization.resources);
    // Every manifest but the Secret template is applied.
    for (const file of new Set(manifests.map((m) => m.file))) {
      if (file !== 'kustomization.yaml')
        expect({ file, listed: listed.has(file) }).toEqual({ file, listed: file !== 'secret.example.yaml' });
    }
  });

  const roles = [
    { deployment: 'tally-api', image: 'tally:api', role: 'api', path: '/api/v1/health', portVar: 'PORT' },
    {
      deployment: 'tally-worker',
      image: 'tally:worker',
      role: 'worker',
      path: '/health',
      portVar: 'WORKER_HEALTH_PORT',
    },
  ];

  it.each(roles)(
    '$deployment: image, role, ports and probes on its health endpoint',
    ({ deployment, image, role, path, portVar }) => {
      const d = named('Deployment', deployment);
      expect(d).toBeDefined();
      expect(d.spec.template.metadata.labels).toMatchObject(d.spec.selector.matchLabels);
      const [c] = d.spec.template.spec.containers;
      expect(c.image).toBe(image);
      expect(c.args).toEqual([role]);
      expect(d.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
      const port = Number(configMap.data[portVar]);
      const portOf = (ref: string | number) =>
        typeof ref === 'number' ? ref : c.ports.find((p: Doc) => p.name === ref)?.containerPort;
      for (const probe of [c.readinessProbe, c.livenessProbe]) {
        expect(probe.httpGet.path).toBe(path);
        expect(portOf(probe.httpGet.port)).toBe(port);
      }
      // The same endpoints the image's HEALTHCHECK (compose) asks.
      expect(read(DOCKER, 'healthcheck.mjs')).toContain(`${portVar} || `);
      expect(read(DOCKER, 'healthcheck.mjs')).toContain(path);
      // Scraped where the metrics are: METRICS_PORT on the api, the health port on the worker.
      const scrapePort = Number(d.spec.template.metadata.annotations['prometheus.io/port']);
      expect(scrapePort).toBe(Number(configMap.data[role === 'api' ? 'METRICS_PORT' : 'WORKER_HEALTH_PORT']));
      expect(c.ports.map((p: Doc) => p.containerPort)).toContain(scrapePort);
      expect(c.envFrom).toEqual([{ configMapRef: { name: 'tally-config' } }, { secretRef: { name: 'tally-secrets' } }]);
    },
  );

  it('migrates in a Job with the api image, scales the api with an HPA, and routes the Ingress to its Service', () => {
    const job = named('Job', 'tally-migrate');
    expect(job.spec.template.spec.restartPolicy).toBe('Never');
    expect(job.spec.template.spec.containers[0]).toMatchObject({ image: 'tally:api', args: ['migrate'] });
    const hpa = ofKind('HorizontalPodAutoscaler')[0];
    expect(hpa.spec.scaleTargetRef).toEqual({ apiVersion: 'apps/v1', kind: 'Deployment', name: 'tally-api' });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const service = named('Service', 'tally-api');
    const api = named('Deployment', 'tally-api');
    expect(service.spec.selector).toEqual(api.spec.selector.matchLabels);
    const target = service.spec.ports[0].targetPort;
    expect(api.spec.template.spec.containers[0].ports.find((p: Doc) => p.name === target)?.containerPort).toBe(
      Number(configMap.data.PORT),
    );
    const backend = ofKind('Ingress')[0].spec.rules[0].http.paths[0].backend.service;
    expect(backend).toEqual({ name: 'tally-api', port: { name: service.spec.ports[0].name } });
    expect(ofKind('Ingress')[0].spec.tls).toHaveLength(1);
  });

  it('set only variables of the config schema, with the managed MySQL and Redis URLs in the Secret', () => {
    const keys = [
      ...Object.keys(configMap.data),
      ...Object.keys(secret.stringData),
      ...manifests.flatMap(({ doc }) =>
        (doc.spec?.template?.spec?.containers ?? []).flatMap((c: Doc) => (c.env ?? []).map((e: Doc) => e.name)),
      ),
    ];
    expect(keys.filter((k) => !SETTINGS.has(k))).toEqual([]);
    for (const key of ['DATABASE_URL', 'REDIS_URL', 'CACHE_REDIS_URL', 'JWT_SECRET', 'SMTP_URL']) {
      expect(Object.keys(secret.stringData)).toContain(key);
      expect(configMap.data[key]).toBeUndefined();
    }
    const env = { ...configMap.data, ...secret.stringData };
    const config = parseConfig(env);
    expect(config).toMatchObject({ isProduction: true, metrics: { port: 9464 } });
    expect(config.cache.redisUrl).not.toBe(config.redis.url);
  });

  it('agree with compose: the same settings, ports, images and roles', () => {
    const composeKeys = new Set(
      [...Object.keys(compose.services['api-1'].environment), ...prodEnvKeys].filter((k) => !MYSQL_ONLY.has(k)),
    );
    const k8sKeys = new Set([...Object.keys(configMap.data), ...Object.keys(secret.stringData)]);
    const onlyCompose = [...composeKeys].filter((k) => !k8sKeys.has(k)).sort();
    const onlyK8s = [...k8sKeys].filter((k) => !composeKeys.has(k)).sort();
    expect(onlyCompose).toEqual([...DATABASE_BY_PARTS].sort());
    expect(onlyK8s).toEqual(['DATABASE_URL']);
    const composeEnv = compose.services['api-1'].environment;
    for (const key of ['PORT', 'WORKER_HEALTH_PORT', 'METRICS_PORT', 'NODE_ENV', 'TRUST_PROXY', 'HOST']) {
      expect({ key, value: String(configMap.data[key]) }).toEqual({ key, value: String(composeEnv[key]) });
    }
    const imageOf = (service: string) => `tally:${compose.services[service].build.target}`;
    expect(named('Deployment', 'tally-api').spec.template.spec.containers[0].image).toBe(imageOf('api-1'));
    expect(named('Deployment', 'tally-worker').spec.template.spec.containers[0].image).toBe(imageOf('worker-1'));
    expect(named('Job', 'tally-migrate').spec.template.spec.containers[0].image).toBe(imageOf('api-1'));
    expect(compose.services.migrate.image).toBe('${TALLY_API_IMAGE:-tally:api}');
  });

  const itWithKubectl = which('kubectl') ? it : it.skip;
  itWithKubectl('build with kubectl kustomize (offline)', () => {
    const run = spawnSync('kubectl', ['kustomize', K8S], { encoding: 'utf8', timeout: 60_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const kinds = parseAllDocuments(run.stdout).map((d) => (d.toJS() as Doc).kind);
    expect(kinds.sort()).toEqual([
      'ConfigMap',
      'Deployment',
      'Deployment',
      'HorizontalPodAutoscaler',
      'Ingress',
      'Job',
      'Service',
    ]);
  });
});
