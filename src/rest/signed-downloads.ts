import { createHmac, timingSafeEqual } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { Router } from 'express';
import { Directive, Field, ObjectType } from 'type-graphql';
import type { Config } from '../config';
import { resolveSecretsKey } from '../crypto';
import { exportFile } from '../engine/storage';

/** How long a signed download URL works. */
export const DOWNLOAD_URL_TTL_MS = 15 * 60 * 1000;
/** Path of the file route under the datacovey base path; `{id}` is the export id. */
const FILE_PATH = '/exports/:id/file';

/** What a signed URL names: the file of one export of one tenant, until a time. */
interface SignedFile {
  tenantId: string;
  exportId: string;
  fileName: string;
  /** Unix seconds. */
  expires: number;
}

// The signing key is derived from the secrets key (SECRETS_KEY, or the generated one), so no new setting is needed.
const signingKey = (config: Config) => createHmac('sha256', resolveSecretsKey(config)).update('download-url').digest();
const signatureOf = (config: Config, f: SignedFile) =>
  createHmac('sha256', signingKey(config)).update([f.tenantId, f.exportId, f.fileName, f.expires].join('\n')).digest('hex');

/** What the API hands out for a file: a signed link, shared by every domain that writes files. */
@Directive('@shareable')
@ObjectType({ description: "A short-lived link to an export's file that needs no credentials." })
export class SignedDownload {
  @Field(() => String, { description: 'Path (on this server) of the signed URL; GET it to receive the file.' })
  path!: string;
  @Field(() => Date, { description: 'When the link stops working (15 minutes, or the export expiring, whichever is first).' })
  expiresAt!: Date;
}

/** A short-lived URL path (datacovey base) that downloads an export's file without credentials. */
export function signedDownloadPath(config: Config, file: Omit<SignedFile, 'expires'>, notAfter: Date): SignedDownload {
  const expires = Math.floor(Math.min(Date.now() + DOWNLOAD_URL_TTL_MS, notAfter.getTime()) / 1000);
  const query = new URLSearchParams({ tenant: file.tenantId, name: file.fileName, expires: String(expires), signature: signatureOf(config, { ...file, expires }) });
  return { path: `${config.restBasePaths.datacovey}${FILE_PATH.replace(':id', file.exportId)}?${query}`, expiresAt: new Date(expires * 1000) };
}

/** datacovey's answer to a download request: the signed URL made absolute on the host the caller used. */
export function signedUrlJson(download: { path: string; expiresAt: unknown }, req: { headers: Record<string, string | string[] | undefined> }) {
  return { signed_url: `http://${String(req.headers.host ?? 'localhost')}${download.path}`, expires_at: download.expiresAt };
}

/** Content type of an export file by its name's extensions. */
export function contentTypeOf(fileName: string): string {
  if (fileName.endsWith('.gz')) return 'application/gzip';
  if (fileName.endsWith('.deflate')) return 'application/zlib';
  if (fileName.endsWith('.csv')) return 'text/csv; charset=utf-8';
  if (fileName.endsWith('.json')) return 'application/x-ndjson';
  return 'application/vnd.apache.parquet';
}

/**
 * The one plain HTTP route outside GraphQL and the REST routes (server.ts mounts it): it streams
 * an export's file (query result or table export) to whoever holds a valid signed URL. It runs no
 * GraphQL operation (a file is not JSON) and checks no credentials:
 * the HMAC signature over tenant, export, file name and expiry is the authorization, and the
 * path is built from those signed values only. Bad or expired signatures are 403 (datacovey's
 * `{"detail"}`), a file that is gone is 404.
 */
export function signedDownloadRouter(config: Config): Router {
  const router = Router();
  router.get(`${config.restBasePaths.datacovey}${FILE_PATH}`, (req, res) => {
    const q = req.query as Record<string, string | undefined>;
    const file: SignedFile = { tenantId: String(q.tenant ?? ''), exportId: req.params.id, fileName: String(q.name ?? ''), expires: Number(q.expires) };
    const given = Buffer.from(String(q.signature ?? ''), 'hex');
    const expected = Buffer.from(signatureOf(config, file), 'hex');
    if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
      res.status(403).json({ detail: 'Invalid download signature' });
      return;
    }
    if (!(file.expires * 1000 > Date.now())) {
      res.status(403).json({ detail: 'Download link expired; ask for a new one' });
      return;
    }
    // Signed values came from the server, but the path stays ids-only all the same.
    const path = /^[0-9a-f-]{36}$/.test(file.tenantId) && /^[0-9a-f-]{36}\.[a-z.]+$/.test(file.fileName) ? exportFile(config, file.tenantId, file.fileName) : undefined;
    if (!path || !existsSync(path)) {
      res.status(404).json({ detail: 'Export file not found' });
      return;
    }
    res.setHeader('Content-Type', contentTypeOf(file.fileName));
    res.setHeader('Content-Disposition', `attachment; filename="${file.fileName}"`);
    createReadStream(path).on('error', () => res.destroy()).pipe(res);
  });
  return router;
}
