// Vite builds the dashboard's browser code (web/) into static files the product serves at `/`. tools/build.mjs
// runs this configuration into each build's own directory; `npx vite --config apps/dashboard/vite.config.mjs`
// serves it for development, with the API of a running `npm start` behind it.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = path.dirname(fileURLToPath(import.meta.url));

export default defineConfig({
  root: path.join(here, 'web'),
  base: '/',
  // Preact through the automatic JSX runtime: no plugin needed.
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  resolve: { alias: { react: 'preact/compat', 'react-dom': 'preact/compat' } },
  logLevel: 'warn',
  build: {
    outDir: path.join(here, 'assets-dev'),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 400,
  },
  server: {
    port: 5173,
    proxy: { '/api': 'http://localhost:3000', '/health': 'http://localhost:3000', '/svar': 'http://localhost:3000' },
  },
});
