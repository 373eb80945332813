import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseEnv } from 'node:util';
import { z } from 'zod';
import { AppConfig, DEFAULT_JWT_SECRET, envSchema, toAppConfig } from './config.schema';

/** Thrown when the environment is invalid. Its message is one line that names each bad variable. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

type EnvSource = Record<string, string | undefined>;

function describe(issue: z.core.$ZodIssue, source: EnvSource): string {
  const variable = String(issue.path[0] ?? 'environment');
  const value = source[variable];
  if (value === undefined || value === '') return `${variable} is required`;
  const shown = /SECRET|PASSWORD|KEY/.test(variable) ? '' : ` (got "${value}")`;
  return `${variable} ${issue.message}${shown}`;
}

/** Production must not run on a guessable secret or weakened hashing (quality.md S8, S15). */
function productionProblems(config: AppConfig, source: EnvSource): string[] {
  if (!config.isProduction) return [];
  const problems: string[] = [];
  if (!source.JWT_SECRET) problems.push('JWT_SECRET is required in production');
  else if (config.auth.jwtSecret === DEFAULT_JWT_SECRET)
    problems.push('JWT_SECRET must not be the development default in production');
  if (config.auth.jwtPreviousSecret === DEFAULT_JWT_SECRET)
    problems.push('JWT_SECRET_PREVIOUS must not be the development default in production');
  if (config.auth.totpKey !== null && config.auth.totpKey === config.auth.jwtSecret)
    problems.push('TOTP_ENCRYPTION_KEY must differ from JWT_SECRET');
  if (config.auth.bcryptCost < 12) problems.push('BCRYPT_COST must be at least 12 in production');
  if (!config.appUrl.startsWith('https://') && !/^http:\/\/(localhost|127\.0\.0\.1)(:|$)/.test(config.appUrl))
    problems.push('APP_URL must use https:// in production');
  return problems;
}

/**
 * Parses and validates the environment. Empty strings count as unset so `.env` files can leave a
 * value blank. Throws ConfigError with a single line naming every invalid variable.
 */
export function parseConfig(source: EnvSource): AppConfig {
  const cleaned = Object.fromEntries(Object.entries(source).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = envSchema.safeParse(cleaned);
  if (!parsed.success) {
    const problems = [...new Set(parsed.error.issues.map((i) => describe(i, source)))];
    throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  }
  const config = toAppConfig(parsed.data);
  const problems = productionProblems(config, source);
  if (problems.length) throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
  return config;
}

/** Reads `.env` from the working directory (if present) under the real environment, which wins. */
export function readEnvironment(cwd = process.cwd()): EnvSource {
  const file = resolve(cwd, '.env');
  const fromFile = existsSync(file) ? parseEnv(readFileSync(file, 'utf8')) : {};
  return { ...fromFile, ...process.env };
}

export function loadConfig(overrides: EnvSource = {}): AppConfig {
  return parseConfig({ ...readEnvironment(), ...overrides });
}

/** For entry points: prints the one-line reason and exits instead of a stack trace. */
export function loadConfigOrExit(): AppConfig {
  try {
    return loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }
}
