/**
 * Submitting a batch input file: upload, then create. A small state machine that remembers the
 * uploaded file id, so that after a failed create "Retry Creating" reuses it (0 uploads, 1 create).
 * POSTs are never repeated by themselves: each run() is one user decision, and a second upload of
 * the same file happens only after forgetUpload(), i.e. when the user asks for it.
 */
import { MoonshotApiError } from '../api/errors';
import type { CallOptions, UploadFileParams, UploadSource } from '../api/client';
import type { Batch, CreateBatchRequest, FileObject } from '../api/types';
import { SUPPORTED_URL } from './rules';

/** What the flow needs of the client (MoonshotClient fits). */
export interface SubmitClient {
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
  | { readonly kind: 'created'; readonly batch: Batch; readonly fileId: string }
  /** Nothing was created; the upload may be tried again. */
  | { readonly kind: 'uploadFailed'; readonly error: MoonshotApiError }
  /** The file is uploaded (fileId) but no batch was created: "Retry Creating" reuses the file. */
  | { readonly kind: 'createFailed'; readonly error: MoonshotApiError; readonly fileId: string };

export type SubmitState = 'ready' | 'uploading' | 'uploaded' | 'creating' | 'created';

export interface RunOptions {
  readonly signal?: AbortSignal;
  readonly onProgress?: (sentBytes: number, totalBytes: number) => void;
  /** One line for the log (never a key): the uploaded file id is written here as soon as it is known. */
  readonly log?: (line: string) => void;
}

export class SubmitFlow {
  private phase: SubmitState = 'ready';
  private uploaded: string | undefined;
  private batch: Batch | undefined;

  constructor(private readonly client: SubmitClient, readonly request: SubmitRequest) {}

  get state(): SubmitState { return this.phase; }
  /** The id of the uploaded input file, once the upload succeeded. */
  get fileId(): string | undefined { return this.uploaded; }

  /** Uploads unless the file is already uploaded, then creates the batch. One call = at most one upload and one create. */
  async run(options: RunOptions = {}): Promise<SubmitOutcome> {
    if (this.phase === 'uploading' || this.phase === 'creating') { throw new Error('A submission is already running.'); }
    if (this.batch && this.uploaded) { return { kind: 'created', batch: this.batch, fileId: this.uploaded }; }
    if (this.uploaded === undefined) {
      this.phase = 'uploading';
      try {
        const file = await this.client.uploadFile({
          filename: this.request.filename, content: this.request.source, purpose: 'batch', signal: options.signal, onProgress: options.onProgress,
        });
        this.uploaded = file.id;
        options.log?.(`Uploaded ${this.request.filename} as ${file.id} (${file.bytes} bytes).`);
      } catch (e) {
        this.phase = 'ready';
        return { kind: 'uploadFailed', error: asApiError(e) };
      }
    }
    const fileId = this.uploaded;
    this.phase = 'creating';
    try {
      const batch = await this.client.createBatch({
        inputFileId: fileId, endpoint: SUPPORTED_URL, completionWindow: this.request.completionWindow, metadata: this.request.metadata,
      }, { signal: options.signal });
      this.batch = batch;
      this.phase = 'created';
      options.log?.(`Created batch ${batch.id} from ${fileId}.`);
      return { kind: 'created', batch, fileId };
    } catch (e) {
      this.phase = 'uploaded';
      const error = asApiError(e);
      options.log?.(`Creating the batch failed; the uploaded file ${fileId} is kept for a retry: ${error.message}`);
      return { kind: 'createFailed', error, fileId };
    }
  }

  /** The next run() uploads the file again (only when the user asked for a fresh upload). */
  forgetUpload(): void {
    if (this.phase === 'uploading' || this.phase === 'creating') { return; }
    this.uploaded = undefined;
    this.phase = 'ready';
  }
}

function asApiError(e: unknown): MoonshotApiError {
  return e instanceof MoonshotApiError ? e : new MoonshotApiError('network', `Unexpected error: ${e instanceof Error ? e.message : String(e)}`);
}
