import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { AssetError } from './asset-validation';

/** fc-list answers in well under a second; a hung one must not hang the engine. */
const FC_LIST_TIMEOUT_MS = 10_000;
const MAX_LISTED_IN_ERROR = 12;
/** Font files scanned when fc-list is absent (Windows, macOS); beyond this a folder is not a font folder. */
const MAX_FONT_FILES = 5_000;
const FONT_FILE = /\.(ttf|otf|ttc|otc)$/i;
/** name table IDs: the family, and the typographic family (fontconfig lists both). */
const NAME_FAMILY = 1;
const NAME_TYPOGRAPHIC_FAMILY = 16;

let fonts: Promise<string[]> | null = null;

/** Splits fc-list's family field: names are comma-separated, a literal comma is `\,`. */
export function parseFcListFamilies(output: string): string[] {
  const families = new Set<string>();
  for (const line of output.split('\n')) {
    for (const part of line.split(/(?<!\\),/)) {
      const name = part.replace(/\\(.)/g, '$1').trim();
      if (name) families.add(name);
    }
  }
  return [...families].sort((a, b) => a.localeCompare(b));
}

function fcList(): Promise<string[]> {
  return new Promise((resolve, reject) => {
    // A one-shot query (like FFmpeg's `-version` probe), not a supervised long-lived process.
    execFile('fc-list', ['--format', '%{family}\n'], { timeout: FC_LIST_TIMEOUT_MS, windowsHide: true, maxBuffer: 16 * 1024 * 1024 }, (err, stdout) => {
      if (err) reject(new Error(`fonts cannot be listed (fc-list: ${err.message.split('\n', 1)[0]})`));
      else resolve(parseFcListFamilies(stdout));
    });
  });
}

/** Where fontconfig looks on machines that have no fc-list (sharp's own fontconfig reads the system's fonts). */
export function defaultFontDirectories(): string[] {
  const home = os.homedir();
  if (process.platform === 'win32') {
    const windir = process.env.WINDIR ?? 'C:\\Windows';
    const local = process.env.LOCALAPPDATA ?? path.join(home, 'AppData', 'Local');
    return [path.join(windir, 'Fonts'), path.join(local, 'Microsoft', 'Windows', 'Fonts')];
  }
  if (process.platform === 'darwin') return ['/System/Library/Fonts', '/Library/Fonts', path.join(home, 'Library', 'Fonts')];
  return ['/usr/share/fonts', '/usr/local/share/fonts', path.join(home, '.local', 'share', 'fonts'), path.join(home, '.fonts')];
}

async function readAt(file: fs.FileHandle, offset: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, offset);
  if (bytesRead < length) throw new Error('truncated font file');
  return buffer;
}

/** English family names from one sfnt (TrueType/OpenType) font at `offset` in the file. */
async function sfntFamilies(file: fs.FileHandle, offset: number, into: Set<string>): Promise<void> {
  const header = await readAt(file, offset, 12);
  const numTables = header.readUInt16BE(4);
  const directory = await readAt(file, offset + 12, numTables * 16);
  for (let t = 0; t < numTables; t++) {
    if (directory.toString('latin1', t * 16, t * 16 + 4) !== 'name') continue;
    const tableOffset = directory.readUInt32BE(t * 16 + 8);
    const tableLength = Math.min(directory.readUInt32BE(t * 16 + 12), 1 << 20);
    const table = await readAt(file, tableOffset, tableLength);
    const count = table.readUInt16BE(2);
    const strings = table.readUInt16BE(4);
    for (let r = 0; r < count && 6 + r * 12 + 12 <= table.length; r++) {
      const at = 6 + r * 12;
      const [platform, encoding, language, nameId, length, start] = [0, 2, 4, 6, 8, 10].map((o) => table.readUInt16BE(at + o)) as [number, number, number, number, number, number];
      if (nameId !== NAME_FAMILY && nameId !== NAME_TYPOGRAPHIC_FAMILY) continue;
      const bytes = table.subarray(strings + start, strings + start + length);
      if (platform === 3 && (encoding === 1 || encoding === 10) && (language & 0xff) === 0x09) {
        into.add(Buffer.from(bytes).swap16().toString('utf16le').trim()); // UTF-16BE, English
      } else if (platform === 1 && encoding === 0 && language === 0) {
        into.add(bytes.toString('latin1').trim());
      }
    }
  }
}

/** Family names in a font file (a collection's every font); none when it cannot be read. */
export async function readFontFamilies(filePath: string): Promise<string[]> {
  const families = new Set<string>();
  let file: fs.FileHandle | null = null;
  try {
    file = await fs.open(filePath, 'r');
    const head = await readAt(file, 0, 12);
    if (head.toString('latin1', 0, 4) === 'ttcf') {
      const numFonts = Math.min(head.readUInt32BE(8), 256);
      const offsets = await readAt(file, 12, numFonts * 4);
      for (let i = 0; i < numFonts; i++) await sfntFamilies(file, offsets.readUInt32BE(i * 4), families);
    } else {
      await sfntFamilies(file, 0, families);
    }
  } catch {
    // Not a font, or a damaged one: it offers no family.
  } finally {
    await file?.close();
  }
  return [...families].filter(Boolean);
}

/** Families of the font files under `directories` (recursively), sorted. */
export async function scanFontDirectories(directories: string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (dir: string, depth: number): Promise<void> => {
    if (depth > 6 || files.length >= MAX_FONT_FILES) return;
    const entries = await fs.readdir(dir, { withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) await walk(full, depth + 1);
      else if (FONT_FILE.test(entry.name) && files.length < MAX_FONT_FILES) files.push(full);
    }
  };
  for (const dir of directories) await walk(dir, 0);
  const families = new Set<string>();
  for (const file of files) for (const family of await readFontFamilies(file)) families.add(family);
  return [...families].sort((a, b) => a.localeCompare(b));
}

/** fc-list, or where there is none (Windows, macOS) the fonts' own names read from the font folders. */
async function installedFamilies(): Promise<string[]> {
  try {
    return await fcList();
  } catch (err) {
    const scanned = await scanFontDirectories(defaultFontDirectories());
    if (scanned.length === 0) throw err;
    return scanned;
  }
}

/** Font families installed on this machine (fontconfig, which is what Pango draws text with); listed once. */
export function listFonts(): Promise<string[]> {
  if (!fonts) {
    fonts = installedFamilies();
    fonts.catch(() => {
      fonts = null; // not cached: a later call may succeed
    });
  }
  return fonts;
}

/** Throws an AssetError naming the family and some that exist when `family` is not installed (matched case-insensitively, as fontconfig does). */
export async function assertFontExists(family: string): Promise<void> {
  let available: string[];
  try {
    available = await listFonts();
  } catch (err) {
    throw new AssetError(`The font "${family}" cannot be checked: ${(err as Error).message}.`);
  }
  const wanted = family.trim().toLowerCase();
  if (available.some((name) => name.toLowerCase() === wanted)) return;
  const shown = available.slice(0, MAX_LISTED_IN_ERROR).join(', ');
  const more = available.length > MAX_LISTED_IN_ERROR ? `, … (${available.length} in all)` : '';
  throw new AssetError(`The font "${family}" is not installed on this machine. Available: ${shown || 'none'}${more}.`);
}
