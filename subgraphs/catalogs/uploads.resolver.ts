import { Arg, Args, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import type { Context } from '../../src/context';
import { DATASET_EDITOR } from '../../src/auth/roles';
import { Connection, PageArgs } from '../../src/pagination';
import { Upload } from './entities';
import * as uploads from './uploads';
import { CreateUploadInput, UploadFilter } from './uploads';

export const UploadConnection = Connection(Upload, 'Upload');

@Resolver(() => Upload)
export class UploadResolver {
  @Authorized()
  @Query(() => UploadConnection, { description: "Your tenant's uploads, newest first." })
  uploads(
    @Args(() => PageArgs) page: PageArgs,
    @Arg('filter', () => UploadFilter, { nullable: true, description: 'Status.' }) filter: UploadFilter | undefined,
    @Ctx() ctx: Context,
  ) {
    return uploads.listUploads(ctx, filter, page);
  }

  @Authorized()
  @Query(() => Upload, { description: 'One upload.' })
  upload(@Arg('id', () => ID, { description: 'Upload id.' }) id: string, @Ctx() ctx: Context) {
    return uploads.getUpload(ctx, id);
  }

  @Authorized(DATASET_EDITOR)
  @Mutation(() => Upload, { description: 'Upload a file inline (REST clients POST raw bytes to /v1/files). Larger than UPLOAD_MAX_BYTES is PAYLOAD_TOO_LARGE.' })
  createUpload(@Arg('input', () => CreateUploadInput, { nullable: true, description: 'The file; omitted on REST, where the body is the file.' }) input: CreateUploadInput | undefined, @Ctx() ctx: Context) {
    return uploads.createUpload(ctx, input);
  }
}
