/**
 * Browser form uploads (`multipart/form-data`), the one way services accept files from a form: the
 * parser is registered per scope with limits (bytes per file, files, bytes per field, fields), each
 * file is read as a stream that stops at its limit, and what a file is comes from its bytes
 * (`detectFileKind`), never from the name or Content-Type the client sent. Every refusal is a
 * catalogued problem (413 `file_too_large`, `too_many_files`, `field_too_large`, `too_many_fields`;
 * 415 `unrecognized_file`, `file_type_not_allowed`; 422 `empty_file`): problem+json for an API
 * client, and the words of `@sinergi/ui`'s `uploadRefusalText` on a page.
 */
import multipart from '@fastify/multipart';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { detectFileKind, type FileKind } from '../files/kinds.js';
import { sharedProblems } from '../problems/kit.js';
import { ProblemError } from './problem.js';

export interface UploadLimits {
  /** Bytes per file; a larger one is refused while it streams, before it is all read. */
  fileBytes: number;
  /** Files per form (a field without a chosen file does not count). */
  files: number;
  /** Bytes per text field. */
  fieldBytes: number;
  /** Text fields per form. */
  fields: number;
}

export interface UploadedFile {
  /** The form field the file came in. */
  field: string;
  /** The name the client gave it: only for display, after `safeFileName`. */
  fileName: string | undefined;
  bytes: Buffer;
  /** What the content is; undefined when it is none of PDF, PNG, JPEG (or carries markup). */
  kind: FileKind | undefined;
}

export interface UploadedForm {
  fields: Record<string, string | string[]>;
  files: UploadedFile[];
}

const LIMITS = Symbol('sinergi.uploadLimits');

/** Lets routes in `scope` read `multipart/form-data` with `readUploadForm`, within `limits`. */
export async function acceptUploads(scope: FastifyInstance, limits: UploadLimits): Promise<void> {
  await scope.register(multipart, {
    throwFileSizeLimit: true,
    limits: {
      fileSize: limits.fileBytes,
      files: limits.files,
      fieldSize: limits.fieldBytes,
      fields: limits.fields,
      parts: limits.files + limits.fields,
      headerPairs: 100,
    },
  });
  scope.decorateRequest(LIMITS, null);
  scope.addHook('onRequest', async (request) => {
    (request as unknown as Record<symbol, UploadLimits>)[LIMITS] = limits;
  });
}

/** A multipart parser error as the catalogued problem an API client and a page both understand. */
function uploadProblem(err: unknown, limits: UploadLimits): unknown {
  const code = (err as { code?: unknown }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE')
    return sharedProblems.file_too_large(`A file may be at most ${limits.fileBytes} bytes.`, {
      extensions: { maxBytes: limits.fileBytes },
    });
  if (code === 'FST_FILES_LIMIT')
    return sharedProblems.too_many_files(`At most ${limits.files} files per form.`, {
      extensions: { maxFiles: limits.files },
    });
  if (code === 'FST_FIELDS_LIMIT' || code === 'FST_PARTS_LIMIT')
    return sharedProblems.too_many_fields(`At most ${limits.fields} fields per form.`);
  if (code === 'FST_INVALID_MULTIPART_CONTENT_TYPE')
    return new ProblemError(415, 'unsupported_media_type', 'Send the form as multipart/form-data.');
  return err;
}

/**
 * Reads a whole multipart form: text fields (repeated ones as lists) and files with their detected
 * kind. A file input left empty (no name, no bytes) is skipped, as a browser sends one anyway.
 */
export async function readUploadForm(request: FastifyRequest): Promise<UploadedForm> {
  const limits = (request as unknown as Record<symbol, UploadLimits | null>)[LIMITS];
  if (!limits) throw new Error('readUploadForm needs acceptUploads in the route’s scope');
  const form: UploadedForm = { fields: {}, files: [] };
  try {
    for await (const part of request.parts()) {
      if (part.type === 'file') {
        const bytes = await part.toBuffer();
        if (bytes.length === 0 && !part.filename) continue;
        form.files.push({
          field: part.fieldname,
          fileName: part.filename || undefined,
          bytes,
          kind: bytes.length ? detectFileKind(bytes) : undefined,
        });
        continue;
      }
      if (part.valueTruncated)
        throw sharedProblems.field_too_large(`Field ${part.fieldname} may be at most ${limits.fieldBytes} bytes.`, {
          extensions: { maxBytes: limits.fieldBytes },
          errors: [{ in: 'body', field: part.fieldname, message: `At most ${limits.fieldBytes} bytes.` }],
        });
      const value = String(part.value);
      const before = form.fields[part.fieldname];
      form.fields[part.fieldname] = before === undefined ? value : [...[before].flat(), value];
    }
  } catch (err) {
    throw uploadProblem(err, limits);
  }
  return form;
}

/**
 * The one check every upload passes: not empty, and by its content one of `allowed` kinds. Returns
 * the detected kind; the problem names the form field.
 */
export function requireFileKind(file: UploadedFile, allowed: readonly FileKind[]): FileKind {
  const errors = [{ in: 'body' as const, field: file.field, message: 'See detail.' }];
  if (file.bytes.length === 0) throw sharedProblems.empty_file('The file is empty.', { errors });
  if (!file.kind)
    throw sharedProblems.unrecognized_file('The content is not a PDF, PNG or JPEG file, whatever its name says.', {
      errors,
    });
  if (!allowed.includes(file.kind))
    throw sharedProblems.file_type_not_allowed(`Allowed here: ${allowed.join(', ')}; this file is ${file.kind}.`, {
      extensions: { allowed, detected: file.kind },
      errors,
    });
  return file.kind;
}

/** Whether a request is a multipart form (a form that may carry files); a urlencoded one is read as usual. */
export const isUploadForm = (request: FastifyRequest): boolean =>
  /^multipart\/form-data\b/i.test(request.headers['content-type'] ?? '');
