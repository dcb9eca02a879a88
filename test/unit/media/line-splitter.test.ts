import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../../src-main/media/line-splitter';

function split(chunks: Array<string | Buffer>): string[] {
  const lines: string[] = [];
  const splitter = new LineSplitter((line) => lines.push(line));
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return lines;
}

describe('LineSplitter', () => {
  it('splits on LF, CRLF and a lone CR, dropping empty lines', () => {
    expect(split(['a\nb\r\nc\rd\n\n', 'e'])).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('keeps a CRLF split across chunks as one line end', () => {
    expect(split(['a\r', '\nb\r', '\r\n'])).toEqual(['a', 'b']);
  });

  it('keeps a UTF-8 character split across chunks intact', () => {
    const bytes = Buffer.from('café\n');
    expect(split([bytes.subarray(0, 4), bytes.subarray(4)])).toEqual(['café']);
  });
});
