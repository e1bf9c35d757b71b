/**
 * Submitting a batch input file: upload, then create. A small state machine that remembers the
 * uploaded file id, so that after a failed create "Retry Creating" reuses it (0 uploads, 1 create).
 * POSTs are never repeated by themselves: each run() is one user decision, and a second upload of
 * the same file happens only after forgetUpload(), i.e. when the user asks for it.
 * A create that failed in a way that may have taken effect (timeout, dropped connection, 5xx, abort
 * after sending) is never simply sent again: the next run first looks for a batch made from the
 * uploaded file (findCreatedBatch.ts) and adopts it; it creates only when there is none.
 */
import { MoonshotApiError, mayHaveTakenEffect } from '../api/errors';
import type { CallOptions, UploadFileParams, UploadSource } from '../api/client';
import type { Batch, CreateBatchRequest, FileObject } from '../api/types';
import { BatchLister, LookupOptions, findCreatedBatch } from './findCreatedBatch';
import { SUPPORTED_URL } from './rules';
import { l10n } from '../shared/l10n';

/** What the flow needs of the client (MoonshotClient fits). */
export interface SubmitClient extends BatchLister {
  uploadFile(params: UploadFileParams): Promise<FileObject>;
  createBatch(request: CreateBatchRequest, options?: CallOptions): Promise<Batch>;
}

export interface SubmitRequest {
  readonly filename: string;
  readonly source: UploadSource;
  readonly completionWindow: string;
  readonly metadata?: Readonly<Record<string, string>>;
}

export type SubmitOutcome =
  /** `adopted`: a create whose answer was lost had made it; found by the lookup, not created by this run. */
  | { readonly kind: 'created'; readonly batch: Batch; readonly fileId: string; readonly adopted: boolean }
  /**
   * No batch was created. `ambiguous`: the upload may have reached the server anyway, so a stray file
   * may exist (its id is unknown); uploading again is still the only way on.
   */
  | { readonly kind: 'uploadFailed'; readonly error: MoonshotApiError; readonly ambiguous: boolean }
  /**
   * The file is uploaded (fileId) but no batch is known: "Retry Creating" reuses the file. `ambiguous`:
   * the batch may exist anyway; the next run looks for it before creating.
   */
  | { readonly kind: 'createFailed'; readonly error: MoonshotApiError; readonly fileId: string; readonly ambiguous: boolean }
  /**
   * Looking for the batch read its page limit without reaching the upload time: whether the lost
   * create made a batch is not known. The next run creates (the user has been told).
   */
  | { readonly kind: 'lookupInconclusive'; readonly fileId: string; readonly pages: number };

export type SubmitState = 'ready' | 'uploading' | 'uploaded' | 'creating' | 'created';

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** One line for the log (never a key): the uploaded file id is written here as soon as it is known. */
  readonly log?: (line: string) => void;
  /**
   * Asked right before each upload after the first (Retry, Upload Again): false = the file is no longer
   * what was validated, and nothing is uploaded.
   */
  readonly sourceUnchanged?: () => Promise<boolean>;
}

export class SubmitFlow {
  private phase: SubmitState = 'ready';
  private uploaded: { readonly id: string; readonly createdAt: number } | undefined;
  private batch: Batch | undefined;
  /** A create of this file may have taken effect: look for its batch before anything else is sent. */
  private unsure: { readonly id: string; readonly createdAt: number } | undefined;
  private uploadsTried = 0;

  constructor(private readonly client: SubmitClient, readonly request: SubmitRequest, private readonly lookup: Omit<LookupOptions, 'signal'> = {}) {}

  get state(): SubmitState { return this.phase; }
  /** The id of the uploaded input file, once the upload succeeded. */
  get fileId(): string | undefined { return this.uploaded?.id; }

  /**
   * Looks for the batch of an earlier create that may have taken effect, then uploads unless the file
   * is already uploaded, then creates the batch. One call = at most one upload and one create.
   */
  async run(options: RunOptions = {}): Promise<SubmitOutcome> {
    if (this.phase === 'uploading' || this.phase === 'creating') { throw new Error('A submission is already running.'); }
    if (this.batch && this.uploaded) { return { kind: 'created', batch: this.batch, fileId: this.uploaded.id, adopted: false }; }
    const unsure = this.unsure;
    if (unsure) {
      this.phase = 'creating';
      let found;
      try {
        found = await findCreatedBatch(this.client, unsure.id, unsure.createdAt, { ...this.lookup, signal: options.signal });
      } catch (e) {
        // Not knowing is no reason to create: the next run looks again.
        this.uploaded = unsure;
        this.phase = 'uploaded';
        const error = asApiError(e);
        options.log?.(`Looking for a batch created from ${unsure.id} failed; nothing was created: ${error.message}`);
        return { kind: 'createFailed', error, fileId: unsure.id, ambiguous: true };
      }
      if (found.kind === 'found') {
        this.uploaded = unsure;
        this.unsure = undefined;
        this.batch = found.batch;
        this.phase = 'created';
        options.log?.(`The lost create had made batch ${found.batch.id} from ${unsure.id} (found in ${found.pages} page(s) of GET /v1/batches); it is used, nothing new is created.`);
        return { kind: 'created', batch: found.batch, fileId: unsure.id, adopted: true };
      }
      this.unsure = undefined;
      if (found.kind === 'unknown') {
        this.uploaded = unsure;
        this.phase = 'uploaded';
        options.log?.(`No batch from ${unsure.id} in ${found.pages} page(s) of GET /v1/batches, but the pages did not reach the upload time: not known whether it was created.`);
        return { kind: 'lookupInconclusive', fileId: unsure.id, pages: found.pages };
      }
      options.log?.(`No batch was created from ${unsure.id} (${found.pages} page(s) of GET /v1/batches read back to the upload time).`);
      this.phase = this.uploaded ? 'uploaded' : 'ready';
    }
    if (this.uploaded === undefined) {
      // Stryker disable next-line ArrowFunction: a failed check giving undefined instead of false is the same "not unchanged"
      if (this.uploadsTried > 0 && options.sourceUnchanged && !await options.sourceUnchanged().catch(() => false)) {
        this.phase = 'ready';
        return { kind: 'uploadFailed', error: new MoonshotApiError('config', l10n.t('The file changed on disk since it was checked; nothing was uploaded. Submit it again to check it anew.')), ambiguous: false };
      }
      this.uploadsTried++;
      this.phase = 'uploading';
      try {
        const file = await this.client.uploadFile({
          filename: this.request.filename, content: this.request.source, purpose: 'batch', signal: options.signal, onProgress: options.onProgress,
        });
        this.uploaded = { id: file.id, createdAt: file.createdAt };
        options.log?.(`Uploaded ${this.request.filename} as ${file.id} (${file.bytes} bytes).`);
      } catch (e) {
        this.phase = 'ready';
        const error = asApiError(e);
        return { kind: 'uploadFailed', error, ambiguous: mayHaveTakenEffect(error) };
      }
    }
    const uploaded = this.uploaded;
    const fileId = uploaded.id;
    if (options.signal?.aborted) {
      // Stopped before the create was sent: nothing can have been created.
      this.phase = 'uploaded';
      return { kind: 'createFailed', error: new MoonshotApiError('cancelled', l10n.t('The request was cancelled.')), fileId, ambiguous: false };
    }
    this.phase = 'creating';
    try {
      const batch = await this.client.createBatch({
        inputFileId: fileId, endpoint: SUPPORTED_URL, completionWindow: this.request.completionWindow, metadata: this.request.metadata,
      }, { signal: options.signal });
      this.batch = batch;
      this.phase = 'created';
      options.log?.(`Created batch ${batch.id} from ${fileId}.`);
      return { kind: 'created', batch, fileId, adopted: false };
    } catch (e) {
      this.phase = 'uploaded';
      const error = asApiError(e);
      const ambiguous = mayHaveTakenEffect(error);
      if (ambiguous) { this.unsure = uploaded; }
      options.log?.(ambiguous
        ? `Creating the batch from ${fileId} may have succeeded although it failed here (${error.message}); before creating again, GET /v1/batches is searched for a batch with input_file_id ${fileId}.`
        : `Creating the batch failed; the uploaded file ${fileId} is kept for a retry: ${error.message}`);
      return { kind: 'createFailed', error, fileId, ambiguous };
    }
  }

  /** The next run() uploads the file again (only when the user asked for a fresh upload). */
  forgetUpload(): void {
    if (this.phase === 'uploading' || this.phase === 'creating') { return; }
    // A create of the old file that may have taken effect is still looked for first (see run()).
    this.uploaded = undefined;
    this.phase = 'ready';
  }
}

function asApiError(e: unknown): MoonshotApiError {
  return e instanceof MoonshotApiError ? e : new MoonshotApiError('network', `Unexpected error: ${e instanceof Error ? e.message : String(e)}`);
}
