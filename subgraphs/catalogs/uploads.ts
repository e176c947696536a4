import { randomUUID } from 'node:crypto';
import { openSync, readSync, closeSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { IsIn, IsOptional, MaxLength } from 'class-validator';
import { Field, InputType } from 'type-graphql';
import type { Context } from '../../src/context';
import { requireIdentity } from '../../src/context';
import type { SourceFormat } from '../../src/engine/engine';
import { prepareFile, uploadFile } from '../../src/engine/storage';
import { BadInputError, NotFoundError, PayloadTooLargeError } from '../../src/errors';
import { paginate, type Page, type PageArgs } from '../../src/pagination';
import { Upload, UPLOAD_STATUSES } from './entities';
import { transactCatalogs, UPLOAD_TOPIC } from './events';

@InputType({ description: 'A file sent inline (GraphQL clients); REST clients POST raw bytes to /v1/files instead.' })
export class CreateUploadInput {
  @Field(() => String, { description: 'The file content: text as is, or base64 when `base64` is true.' })
  content!: string;
  @Field(() => Boolean, { nullable: true, description: 'The content is base64 (binary files such as Parquet). Default false.' })
  @IsOptional()
  base64?: boolean | null;
  @Field(() => String, { nullable: true, description: 'Content type, e.g. text/csv, application/json, application/vnd.apache.parquet.' })
  @IsOptional()
  @MaxLength(200)
  contentType?: string | null;
}

@InputType({ description: 'Which uploads to list.' })
export class UploadFilter {
  @Field(() => String, { nullable: true, description: `Only uploads in this status: ${UPLOAD_STATUSES.join(' or ')}.` })
  @IsOptional()
  @IsIn(UPLOAD_STATUSES, { message: `status must be one of ${UPLOAD_STATUSES.join(', ')}` })
  status?: string | null;
}

export async function getUpload(ctx: Context, id: string): Promise<Upload> {
  requireIdentity(ctx);
  const upload = await ctx.em.findOne(Upload, { id });
  if (!upload) throw new NotFoundError('Upload', id);
  return upload;
}

export function listUploads(ctx: Context, filter: UploadFilter | undefined, page: PageArgs): Promise<Page<Upload>> {
  requireIdentity(ctx);
  return paginate(ctx.em, Upload, filter?.status ? { status: filter.status } : {}, page, { orderBy: { createdAt: 'desc' } });
}

/**
 * Stores an upload: the bytes of this REST request (already streamed to a staging file), or the
 * inline content of the GraphQL input. The file moves into the tenant's folder only once its
 * row is written; on any failure nothing stays behind.
 */
export async function createUpload(ctx: Context, input: CreateUploadInput | undefined): Promise<Upload> {
  const identity = requireIdentity(ctx);
  const id = randomUUID();
  const target = prepareFile(uploadFile(ctx.config, identity.tenantId, id));
  let sizeBytes: number;
  if (input?.content !== undefined && input.content !== null) {
    const bytes = input.base64 ? Buffer.from(input.content, 'base64') : Buffer.from(input.content, 'utf8');
    if (bytes.length > ctx.config.uploadMaxBytes) throw new PayloadTooLargeError(ctx.config.uploadMaxBytes);
    writeFileSync(target, bytes);
    sizeBytes = bytes.length;
  } else if (ctx.stagedBody) {
    renameSync(ctx.stagedBody.file, target);
    sizeBytes = ctx.stagedBody.sizeBytes;
  } else {
    throw new BadInputError('Send the file: `content` on GraphQL, or the raw bytes as the body of POST /v1/files');
  }
  try {
    return await transactCatalogs(ctx, async (em, emit) => {
      const upload = em.create(Upload, { id, tenantId: identity.tenantId, sizeBytes, contentType: input?.contentType ?? ctx.stagedBody?.contentType ?? null });
      emit(UPLOAD_TOPIC, 'created', upload.id, { id: upload.id, sizeBytes });
      return upload;
    });
  } catch (error) {
    rmSync(target, { force: true });
    throw error;
  }
}

/** The format of an upload: from its content type, else from its first bytes. */
export function detectFormat(config: Context['config'], upload: Upload): SourceFormat {
  const type = (upload.contentType ?? '').toLowerCase();
  if (type.includes('parquet')) return 'parquet';
  if (type.includes('json')) return 'json';
  if (type.includes('csv')) return 'csv';
  const head = Buffer.alloc(16);
  const fd = openSync(uploadFile(config, upload.tenantId, upload.id), 'r');
  const read = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const start = head.subarray(0, read).toString('latin1');
  if (start.startsWith('PAR1')) return 'parquet';
  if (/^\s*[[{]/.test(start)) return 'json';
  return 'csv';
}
