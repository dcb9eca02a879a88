/**
 * Who may import `electron`: only src-main/electron/ (the engine runs in plain Node), and
 * there only the modules that run inside Electron. The pure modules the unit tests load here
 * import it for types at most (loading the real package would try to download its binary).
 * The preload imports nothing but `electron` and the bridge types.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../../..');

interface ImportRef {
  specifier: string;
  typeOnly: boolean;
}

function importsOf(file: string): ImportRef[] {
  const source = ts.createSourceFile(file, fs.readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const refs: ImportRef[] = [];
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      // Only `import type` / `export type` is erased: under verbatimModuleSyntax,
      // `import { type A } from 'x'` still loads 'x' at run time.
      const typeOnly = ts.isImportDeclaration(node) ? (node.importClause?.isTypeOnly ?? false) : node.isTypeOnly;
      refs.push({ specifier: node.moduleSpecifier.text, typeOnly });
    } else if (ts.isImportEqualsDeclaration(node) && ts.isExternalModuleReference(node.moduleReference) && ts.isStringLiteral(node.moduleReference.expression)) {
      refs.push({ specifier: node.moduleReference.expression.text, typeOnly: node.isTypeOnly });
    } else if (ts.isCallExpression(node) && node.arguments.length > 0 && ts.isStringLiteral(node.arguments[0]!)) {
      const callee = node.expression;
      if (callee.kind === ts.SyntaxKind.ImportKeyword || (ts.isIdentifier(callee) && callee.text === 'require')) {
        refs.push({ specifier: (node.arguments[0] as ts.StringLiteral).text, typeOnly: false });
      }
    } else if (ts.isImportTypeNode(node) && ts.isLiteralTypeNode(node.argument) && ts.isStringLiteral(node.argument.literal)) {
      refs.push({ specifier: node.argument.literal.text, typeOnly: true });
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return refs;
}

function sourceFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...sourceFiles(full));
    else if (/\.(c|m)?(t|j)sx?$/.test(entry.name) && !entry.name.endsWith('.d.ts')) out.push(full);
  }
  return out;
}

const isElectron = (specifier: string) => specifier === 'electron' || specifier.startsWith('electron/');
const rel = (file: string) => path.relative(root, file).split(path.sep).join('/');

describe('electron import boundary', () => {
  it('the scanner sees static, dynamic, require and type imports', () => {
    const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'cr-scan-')), 'x.ts');
    try {
      fs.writeFileSync(
        tmp,
        "import a from 'electron';\nimport type { B } from 'electron/main';\nimport { type G } from 'electron';\nconst c = require('electron');\nconst d = import('electron');\nexport { e } from 'electron';\ntype F = import('electron').App;\n",
      );
      const refs = importsOf(tmp);
      expect(refs.filter((r) => isElectron(r.specifier))).toHaveLength(7);
      expect(refs.filter((r) => r.typeOnly).map((r) => r.specifier)).toEqual(['electron/main', 'electron']);
    } finally {
      fs.rmSync(path.dirname(tmp), { recursive: true, force: true });
    }
  });

  it('no file under src-main/ outside src-main/electron/ imports electron', () => {
    const electronDir = path.join(root, 'src-main', 'electron') + path.sep;
    const offenders = sourceFiles(path.join(root, 'src-main'))
      .filter((file) => !file.startsWith(electronDir))
      .filter((file) => importsOf(file).some((r) => isElectron(r.specifier)))
      .map(rel);
    expect(offenders).toEqual([]);
  });

  it('the pure shell modules (loaded by unit tests, and by the launcher in plain Node) import electron for types only', () => {
    const pure = ['window-security.ts', 'ipc-bridge.ts', 'quit-controller.ts', 'electron-binary.ts', 'desktop-args.ts', 'app-paths.ts', 'tray-status.ts', 'launcher.ts'];
    for (const name of pure) {
      const refs = importsOf(path.join(root, 'src-main', 'electron', name));
      expect(refs.filter((r) => isElectron(r.specifier) && !r.typeOnly), name).toEqual([]);
    }
  });

  it('the launcher reaches nothing that imports electron at run time', () => {
    const seen = new Set<string>();
    const resolve = (from: string, specifier: string): string | null => {
      if (!specifier.startsWith('.')) return null;
      const base = path.resolve(path.dirname(from), specifier);
      for (const candidate of [`${base}.ts`, `${base}.tsx`, path.join(base, 'index.ts'), base]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
      }
      return null;
    };
    const walk = (file: string): string[] => {
      if (seen.has(file)) return [];
      seen.add(file);
      const bad: string[] = [];
      for (const ref of importsOf(file)) {
        if (ref.typeOnly) continue;
        if (isElectron(ref.specifier)) bad.push(rel(file));
        const next = resolve(file, ref.specifier);
        if (next && /\.tsx?$/.test(next)) bad.push(...walk(next));
      }
      return bad;
    };
    expect(walk(path.join(root, 'src-main', 'electron', 'launcher.ts'))).toEqual([]);
  });

  it('the preload imports nothing but electron and the bridge types', () => {
    const specifiers = importsOf(path.join(root, 'src-preload', 'preload.ts')).map((r) => r.specifier);
    expect(new Set(specifiers)).toEqual(new Set(['electron', './bridge-types']));
    // …and the bridge types import nothing at all.
    expect(importsOf(path.join(root, 'src-preload', 'bridge-types.ts'))).toEqual([]);
  });
});
