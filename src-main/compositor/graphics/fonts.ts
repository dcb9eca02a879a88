import { execFile } from 'node:child_process';
import { AssetError } from './asset-validation';

/** fc-list answers in well under a second; a hung one must not hang the engine. */
const FC_LIST_TIMEOUT_MS = 10_000;
const MAX_LISTED_IN_ERROR = 12;

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

/** Font families installed on this machine (fontconfig, which is what Pango draws text with); listed once. */
export function listFonts(): Promise<string[]> {
  if (!fonts) {
    fonts = fcList();
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
