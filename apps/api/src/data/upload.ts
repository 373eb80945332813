import { BadRequestError, DomainError, PayloadTooLargeError } from '@tally/platform';
import type {} from '@fastify/multipart'; // request.file() and isMultipart()
import type { FastifyRequest } from 'fastify';
import { finished } from 'node:stream/promises';

const HOW_TO = 'send the file as multipart/form-data in a field named "file"';

/** An uploaded file, read as it arrives. */
export interface Upload {
  filename: string;
  /** The file's bytes as they arrive; throws the upload's own errors (413, 400) as domain errors. */
  chunks: AsyncIterable<Buffer>;
  /**
   * Reads and drops whatever was not read (an import stops at its first problems), so the
   * request ends and its connection can serve the next one; throws 413 if the file was over the limit.
   */
  finish(): Promise<void>;
}

/** The upload's own failures, in the API's terms. */
function uploadError(error: unknown, limitMb: number): DomainError {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: string }).code ?? '';
  if (code === 'FST_REQ_FILE_TOO_LARGE') return tooLarge(limitMb);
  if (['FST_PARTS_LIMIT', 'FST_FILES_LIMIT', 'FST_FIELDS_LIMIT'].includes(code))
    return new PayloadTooLargeError(`The upload has too many parts: ${HOW_TO}, and nothing else`);
  // Everything else here is the upload itself being broken: a body cut short before the closing
  // boundary, a malformed part header, a "__proto__" field. Busboy throws plain Errors for those,
  // which would otherwise be a 500.
  return new BadRequestError(`The upload is not well-formed multipart/form-data: ${HOW_TO}`);
}

const tooLarge = (limitMb: number) =>
  new PayloadTooLargeError(`The file is larger than the ${limitMb} MB import limit: split it into smaller files`);

/**
 * The multipart file of an import request, streamed: nothing of it is buffered here, so a 32 MB
 * upload is read (and checked) as it arrives instead of being gathered first (quality.md R11).
 */
export async function openUpload(request: FastifyRequest, limitMb: number): Promise<Upload> {
  if (!request.isMultipart()) throw new BadRequestError(`Not a file upload: ${HOW_TO}`);
  let part;
  try {
    part = await request.file();
  } catch (error) {
    throw uploadError(error, limitMb);
  }
  if (!part || part.type !== 'file' || part.fieldname !== 'file') throw new BadRequestError(`No file: ${HOW_TO}`);
  const file = part.file;
  async function* chunks(): AsyncGenerator<Buffer> {
    try {
      // Not destroyed when the reader stops early: `finish` reads the rest.
      for await (const chunk of file.iterator({ destroyOnReturn: false })) yield chunk as Buffer;
    } catch (error) {
      throw uploadError(error, limitMb);
    }
    // Busboy ends a file at the size limit and marks it truncated: never take that for the whole file.
    if (file.truncated) throw tooLarge(limitMb);
  }
  return {
    filename: part.filename,
    chunks: chunks(),
    finish: async () => {
      if (!file.readableEnded && !file.destroyed) {
        file.on('data', () => undefined);
        file.resume();
        await finished(file).catch(() => undefined);
      }
      if (file.truncated) throw tooLarge(limitMb);
    },
  };
}
