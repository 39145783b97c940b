// Vite config of the operator dashboard. `npm run build:web` (web/build.mjs) builds it into
// web/dist, which Keel serves under /dashboard. For UI work with hot reload:
// `npx vite --config web/vite.config.mjs` while `npm start` runs (API calls are proxied to it).
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default {
  root,
  base: '/dashboard/',
  plugins: [react()],
  // The typed client (clients/typescript, workspace package @keel/client) is read from its
  // TypeScript sources: no build of the client is needed before the dashboard's.
  resolve: { conditions: ['keel-source', ...defaultClientConditions] },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist', import.meta.url)),
    emptyOutDir: true,
    // No inline scripts or data-URL modules: the dashboard's CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
    chunkSizeWarningLimit: 1_000,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
};
