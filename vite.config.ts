import { fileURLToPath } from 'node:url';
import path from 'node:path';
import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';

/**
 * Builds the renderer (the operator UI) once for both shells: the Electron window loads it from
 * file:// and the headless engine serves it over HTTP, hence the relative `base`.
 */
const repoRoot = path.dirname(fileURLToPath(import.meta.url));
const rendererRoot = path.resolve(repoRoot, 'src-renderer');

/** Vitest falls back to this file when it has no config of its own: tests live at the repo root. */
const loadedByVitest = process.env.VITEST !== undefined;

/**
 * index.html carries a strict CSP. The dev server needs an inline React-refresh preamble and
 * injects CSS as <style> elements, so only while serving is the policy loosened for inline
 * code. Production builds keep the policy exactly as written.
 */
function relaxCspForDevServer(): Plugin {
  return {
    name: 'control-room:relax-csp-for-dev-server',
    apply: 'serve',
    transformIndexHtml(html) {
      return html
        .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
        .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'");
    },
  };
}

export default defineConfig({
  root: loadedByVitest ? repoRoot : rendererRoot,
  base: './',
  plugins: [react(), relaxCspForDevServer()],
  build: {
    outDir: path.resolve(repoRoot, 'dist/renderer'),
    emptyOutDir: true,
    // The polyfill is only for old browsers; Chromium and Electron support modulepreload.
    modulePreload: { polyfill: false },
    sourcemap: true,
  },
});
