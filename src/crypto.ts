import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Config } from './config';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;

const keys = new WeakMap<Config, Buffer>();

/** The AES-256 key for stored secrets: SECRETS_KEY, or one generated once into the data folder. */
export function resolveSecretsKey(config: Config): Buffer {
  const cached = keys.get(config);
  if (cached) return cached;
  const encoded = config.secretsKey ?? readOrCreateKeyFile(join(config.dataDir, 'secrets-key'));
  const key = Buffer.from(encoded, 'base64');
  if (key.length !== 32) throw new Error('SECRETS_KEY must be 32 bytes, base64-encoded');
  keys.set(config, key);
  return key;
}

function readOrCreateKeyFile(file: string): string {
  if (!existsSync(file)) writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600 });
  return readFileSync(file, 'utf8').trim();
}

/** Encrypts with a fresh IV; the result (iv | tag | ciphertext, base64) is what gets stored. */
export function encrypt(key: Buffer, plaintext: string, associatedData: string): string {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key, iv);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), ciphertext]).toString('base64');
}

/** Decrypts what `encrypt` produced; throws if it was tampered with or moved to another record. */
export function decrypt(key: Buffer, sealed: string, associatedData: string): string {
  const bytes = Buffer.from(sealed, 'base64');
  const decipher = createDecipheriv(ALGORITHM, key, bytes.subarray(0, IV_BYTES));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(bytes.subarray(IV_BYTES, IV_BYTES + TAG_BYTES));
  return Buffer.concat([decipher.update(bytes.subarray(IV_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
}
