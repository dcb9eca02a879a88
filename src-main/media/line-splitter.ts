import { StringDecoder } from 'node:string_decoder';

/**
 * Turns a byte stream into lines. Chunks may split anywhere (even inside a UTF-8 character);
 * `\n`, `\r\n` and a lone `\r` all end a line, because FFmpeg rewrites its status line with `\r`.
 * Empty lines are dropped.
 */
export class LineSplitter {
  private readonly decoder = new StringDecoder('utf8');
  private partial = '';

  constructor(private readonly onLine: (line: string) => void) {}

  push(chunk: Buffer | string): void {
    const text = this.partial + (typeof chunk === 'string' ? chunk : this.decoder.write(chunk));
    const parts = text.split(/\r\n|\r|\n/);
    // A trailing '\r' may be the first half of a '\r\n' split across chunks: keep it pending.
    this.partial = parts.pop() ?? '';
    if (text.endsWith('\r')) this.partial = '\r';
    for (const line of parts) if (line.length > 0) this.onLine(line);
  }

  /** Emits whatever is left after the stream ended without a final newline. */
  end(): void {
    const rest = (this.partial + this.decoder.end()).replace(/\r$/, '');
    this.partial = '';
    if (rest.length > 0) this.onLine(rest);
  }
}
