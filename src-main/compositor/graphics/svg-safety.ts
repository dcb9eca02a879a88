/**
 * An SVG is rendered by librsvg here and may be opened by a browser from the asset URL, so it
 * must be inert and self-contained: no scripts or event handlers, no `<foreignObject>` (HTML
 * inside), no DOCTYPE or entities (billion laughs, external entities), no processing
 * instructions (`xml-stylesheet`), and every reference (href, xlink:href, url()) either a
 * `#fragment` in the file or an embedded `data:image/…` (an embedded SVG is checked the same
 * way). A small strict tokenizer reads it; whatever it cannot read is refused, never guessed.
 */

export class SvgSafetyError extends Error {
  override readonly name = 'SvgSafetyError';
}

/** Elements that run code or embed other documents. */
const FORBIDDEN_ELEMENTS = new Set(['script', 'foreignobject', 'iframe', 'embed', 'object', 'handler', 'listener', 'audio', 'video', 'canvas']);
const ANIMATION_ELEMENTS = new Set(['animate', 'set', 'animatemotion', 'animatetransform', 'animatecolor']);
const MAX_EMBED_DEPTH = 3;
const NAME = /^[A-Za-z_:][\w.:-]*/;

const shorten = (s: string): string => (s.length > 60 ? `${s.slice(0, 57)}…` : s);
const localName = (name: string): string => name.slice(name.lastIndexOf(':') + 1).toLowerCase();

const PREDEFINED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

/** Attribute values with character references resolved (`&#104;ttp:` is `http:`); an undeclared entity is refused. */
function decodeReferences(value: string): string {
  return value.replace(/&(#x[0-9a-f]+|#[0-9]+|[A-Za-z][\w.-]*);|&/gi, (match, ref: string | undefined) => {
    if (!ref) throw new SvgSafetyError('The SVG is not well-formed: a bare "&" in an attribute.');
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? Number.parseInt(ref.slice(2), 16) : Number.parseInt(ref.slice(1), 10);
      if (!Number.isFinite(code) || code > 0x10ffff) throw new SvgSafetyError(`The SVG has an invalid character reference "${shorten(match)}".`);
      return String.fromCodePoint(code);
    }
    const known = PREDEFINED[ref];
    if (known === undefined) throw new SvgSafetyError(`The SVG uses the entity "&${shorten(ref)};": entities are not allowed.`);
    return known;
  });
}

function checkReference(raw: string, depth: number, where: string): void {
  // Browsers drop whitespace and control characters inside URLs ("java\tscript:").
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const value = raw.replace(/[\s\u0000-\u001f\u007f]/g, '');
  if (value === '' || value.startsWith('#')) return;
  // The scheme is judged without whitespace; an embedded document is decoded as written.
  const data = /^data:image\/([a-z0-9.+-]+)((?:;[^,]*)?),(.*)$/is.exec(value) && /^\s*data:image\/([a-z0-9.+-]+)((?:;[^,]*)?),(.*)$/is.exec(raw);
  if (data) {
    const type = data[1]!.toLowerCase();
    if (['png', 'jpeg', 'jpg', 'gif', 'webp'].includes(type)) return;
    if (type === 'svg+xml') {
      if (depth >= MAX_EMBED_DEPTH) throw new SvgSafetyError('The SVG nests embedded SVGs too deeply.');
      let inner: string;
      try {
        inner = /;base64$/i.test(data[2]!.trim()) ? Buffer.from(data[3]!, 'base64').toString('utf8') : decodeURIComponent(data[3]!);
      } catch {
        throw new SvgSafetyError('The SVG embeds an SVG that cannot be decoded.');
      }
      checkSvgText(inner, depth + 1);
      return;
    }
  }
  throw new SvgSafetyError(
    `The SVG refers to "${shorten(raw.trim())}" (${where}): only references inside the file (#id) and embedded data:image/… are allowed.`,
  );
}

/** url(...) and other CSS functions that fetch, in a style sheet, a style attribute or a presentation attribute. */
function checkUrls(text: string, depth: number, where: string): void {
  if (/javascript:/i.test(text.replace(/\s/g, ''))) throw new SvgSafetyError(`The SVG has a javascript: URL (${where}).`);
  if (/\b(?:image-set|image|cross-fade|element|src)\s*\(/i.test(text)) throw new SvgSafetyError(`The SVG loads an image through CSS (${where}).`);
  for (const m of text.matchAll(/url\s*\(\s*(?:"([^"]*)"|'([^']*)'|([^)]*))\s*\)/gi)) {
    checkReference(m[1] ?? m[2] ?? m[3] ?? '', depth, where);
  }
  // A url( that did not match the forms above (unclosed, odd quoting) is refused rather than guessed at.
  const opened = (text.match(/url\s*\(/gi) ?? []).length;
  const read = [...text.matchAll(/url\s*\(\s*(?:"[^"]*"|'[^']*'|[^)]*)\s*\)/gi)].length;
  if (opened !== read) throw new SvgSafetyError(`The SVG has a url() that cannot be read (${where}).`);
}

function checkCss(css: string, depth: number, where: string): void {
  if (css.includes('\\')) throw new SvgSafetyError(`The SVG's CSS uses escapes (${where}): not allowed.`);
  if (/@import/i.test(css)) throw new SvgSafetyError(`The SVG's CSS imports another style sheet (${where}).`);
  checkUrls(css, depth, where);
}

/** Throws SvgSafetyError with a user-facing message when the SVG document is not safe to keep. */
export function checkSvgText(text: string, depth = 0): void {
  const s = text.replace(/^\ufeff/, '');
  const stack: string[] = [];
  let sawRoot = false;
  let i = 0;
  const malformed = (what: string): SvgSafetyError => new SvgSafetyError(`The SVG is not well-formed XML (${what} at character ${i}).`);
  while (i < s.length) {
    const lt = s.indexOf('<', i);
    const chars = s.slice(i, lt === -1 ? s.length : lt);
    if (stack.at(-1) === 'style') checkCss(chars, depth, '<style>');
    if (lt === -1) break;
    i = lt;
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      if (end === -1) throw malformed('an unclosed comment');
      i = end + 3;
    } else if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i + 9);
      if (end === -1) throw malformed('an unclosed CDATA section');
      if (stack.at(-1) === 'style') checkCss(s.slice(i + 9, end), depth, '<style>');
      i = end + 3;
    } else if (s.startsWith('<!', i)) {
      throw new SvgSafetyError('The SVG has a DOCTYPE or entity declaration: not allowed.');
    } else if (s.startsWith('<?', i)) {
      const end = s.indexOf('?>', i + 2);
      if (end === -1) throw malformed('an unclosed processing instruction');
      const body = s.slice(i + 2, end);
      const target = NAME.exec(body)?.[0] ?? '';
      if (target !== 'xml' || i !== 0) throw new SvgSafetyError(`The SVG has a processing instruction "<?${shorten(target)}": not allowed.`);
      const encoding = /encoding\s*=\s*["']([^"']*)["']/.exec(body)?.[1];
      if (encoding && !/^utf-?8$/i.test(encoding)) throw new SvgSafetyError(`The SVG is encoded as ${shorten(encoding)}: only UTF-8 is accepted.`);
      i = end + 2;
    } else if (s.startsWith('</', i)) {
      const name = NAME.exec(s.slice(i + 2))?.[0];
      const end = s.indexOf('>', i);
      if (!name || end === -1) throw malformed('a broken end tag');
      if (localName(name) !== stack.pop()) throw malformed(`a mismatched </${shorten(name)}>`);
      i = end + 1;
    } else {
      const name = NAME.exec(s.slice(i + 1))?.[0];
      if (!name) throw malformed('a broken tag');
      const element = localName(name);
      if (!sawRoot && element !== 'svg') throw new SvgSafetyError(`The file's root element is <${shorten(name)}>, not <svg>.`);
      sawRoot = true;
      if (FORBIDDEN_ELEMENTS.has(element)) throw new SvgSafetyError(`The SVG contains a <${shorten(name)}> element: scripts and embedded documents are not allowed.`);
      i += 1 + name.length;
      let selfClosing = false;
      for (;;) {
        const ws = /^\s*/.exec(s.slice(i, i + 4096))![0].length;
        i += ws;
        if (s.startsWith('/>', i)) {
          selfClosing = true;
          i += 2;
          break;
        }
        if (s[i] === '>') {
          i += 1;
          break;
        }
        if (ws === 0) throw malformed('attributes not separated by spaces');
        const attr = NAME.exec(s.slice(i, i + 256))?.[0];
        if (!attr) throw malformed('a broken attribute');
        i += attr.length;
        const eq = /^\s*=\s*(["'])/.exec(s.slice(i, i + 256));
        if (!eq) throw malformed(`attribute ${shorten(attr)} without a quoted value`);
        i += eq[0].length;
        const close = s.indexOf(eq[1]!, i);
        if (close === -1) throw malformed('an unclosed attribute value');
        const rawValue = s.slice(i, close);
        if (rawValue.includes('<')) throw malformed('a "<" inside an attribute value');
        i = close + 1;
        const value = decodeReferences(rawValue);
        const attrName = localName(attr);
        const where = `${shorten(attr)} on <${shorten(name)}>`;
        if (attrName.startsWith('on')) throw new SvgSafetyError(`The SVG has an event handler attribute (${where}): scripts are not allowed.`);
        if (attrName === 'href' || attrName === 'src') checkReference(value, depth, where);
        if (attrName === 'style') checkCss(value, depth, where);
        else checkUrls(value, depth, where);
        if (ANIMATION_ELEMENTS.has(element) && attrName === 'attributename') {
          const target = localName(value.trim());
          if (target === 'href' || target.startsWith('on') || target === 'style') throw new SvgSafetyError(`The SVG animates "${shorten(value)}" (${where}): not allowed.`);
        }
      }
      if (!selfClosing) stack.push(element);
    }
  }
  if (!sawRoot) throw new SvgSafetyError('The file has no <svg> element.');
  if (stack.length > 0) throw new SvgSafetyError(`The SVG is not well-formed XML (<${shorten(stack.at(-1)!)}> is never closed).`);
}
