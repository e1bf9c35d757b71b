/** Just enough multipart/form-data parsing for `POST /v1/files` (fields `file` and `purpose`). */

export interface FormPart {
  readonly name: string;
  readonly filename?: string;
  readonly data: Buffer;
}

export function parseMultipart(body: Buffer, contentType: string): FormPart[] | undefined {
  const m = /boundary=(?:"([^"]+)"|([^;]+))/i.exec(contentType);
  const boundary = m?.[1] ?? m?.[2];
  if (!boundary) { return undefined; }
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) { return undefined; }
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') { return parts; }
    pos += 2; // CRLF after the delimiter
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) { return undefined; }
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(delimiter, headerEnd + 4);
    if (next < 0) { return undefined; }
    const data = body.subarray(headerEnd + 4, next - 2); // minus the CRLF before the delimiter
    const disposition = /content-disposition:([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1];
    if (name !== undefined) { parts.push({ name, filename, data }); }
    pos = next;
  }
}
