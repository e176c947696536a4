import { randomUUID } from 'node:crypto';
import { createWriteStream, mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { Request } from 'express';
import type { Config } from '../config';
import type { StagedBody } from '../context';
import { PayloadTooLargeError } from '../errors';

/** Where raw request bodies wait for their operation (removed once it has run). */
export function stagingDir(config: Config): string {
  return join(config.dataDir, 'staging');
}

/**
 * Streams a raw request body to a staging file without holding it in memory, stopping with
 * PayloadTooLargeError (and no file left) as soon as it passes `UPLOAD_MAX_BYTES`.
 */
export async function stageBody(req: Request, config: Config): Promise<StagedBody> {
  const declared = Number(req.headers['content-length'] ?? 0);
  if (declared > config.uploadMaxBytes) {
    req.resume(); // drain what the client sends so the 413 reaches it
    throw new PayloadTooLargeError(config.uploadMaxBytes);
  }
  mkdirSync(stagingDir(config), { recursive: true });
  const file = join(stagingDir(config), randomUUID());
  let sizeBytes = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      sizeBytes += chunk.length;
      if (sizeBytes > config.uploadMaxBytes) callback(new PayloadTooLargeError(config.uploadMaxBytes));
      else callback(null, chunk);
    },
  });
  try {
    await pipeline(req, counter, createWriteStream(file));
  } catch (error) {
    rmSync(file, { force: true });
    if (error instanceof PayloadTooLargeError) req.resume();
    throw error;
  }
  const contentType = req.headers['content-type'];
  return { file, sizeBytes, contentType: contentType ? String(contentType).slice(0, 200) : undefined };
}
