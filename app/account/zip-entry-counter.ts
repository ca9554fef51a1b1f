// The account page's honest progress for the export: the zip streams in, and every file in it
// starts with a local file header (PK\x03\x04 … name). Counting those headers as the bytes
// arrive tells which file the server has made, out of the X-Export-Files it announced.

const SIGNATURE = [0x50, 0x4b, 0x03, 0x04];
const HEADER_LENGTH = 30;
const MAX_NAME = 512;

/** Counts the files of a zip as its bytes stream in (headers split across chunks included). */
export class ZipEntryCounter {
  /** The file names seen so far, in order. */
  readonly names: string[] = [];
  private pending = new Uint8Array(0);
  private readonly decoder = new TextDecoder("utf-8", { fatal: true });

  /** Feeds the next chunk; returns how many files have started so far. */
  push(chunk: Uint8Array): number {
    const buffer = new Uint8Array(this.pending.length + chunk.length);
    buffer.set(this.pending);
    buffer.set(chunk, this.pending.length);
    let keepFrom = Math.max(0, buffer.length - (HEADER_LENGTH - 1));
    for (let i = 0; i + 4 <= buffer.length; i++) {
      if (buffer[i] !== SIGNATURE[0] || buffer[i + 1] !== SIGNATURE[1] || buffer[i + 2] !== SIGNATURE[2] || buffer[i + 3] !== SIGNATURE[3]) continue;
      if (i + HEADER_LENGTH > buffer.length) {
        keepFrom = Math.min(keepFrom, i);
        break;
      }
      const nameLength = buffer[i + 26]! | (buffer[i + 27]! << 8);
      if (nameLength === 0 || nameLength > MAX_NAME) continue;
      if (i + HEADER_LENGTH + nameLength > buffer.length) {
        keepFrom = Math.min(keepFrom, i);
        break;
      }
      const name = this.nameAt(buffer.subarray(i + HEADER_LENGTH, i + HEADER_LENGTH + nameLength));
      if (name === null) continue; // compressed bytes that happened to look like a signature
      this.names.push(name);
      i += HEADER_LENGTH + nameLength - 1;
      keepFrom = Math.max(keepFrom, i + 1);
    }
    this.pending = buffer.slice(Math.min(keepFrom, buffer.length));
    return this.names.length;
  }

  private nameAt(bytes: Uint8Array): string | null {
    try {
      const name = this.decoder.decode(bytes);
      return /^[^\u0000-\u001f\u007f\\]+$/.test(name) ? name : null;
    } catch {
      return null;
    }
  }
}
