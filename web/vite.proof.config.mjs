// Vite config of the public proof page (docs/proof-of-reserves-construction.md): its own entry
// (web/proof.html), built into web/dist/proof with base /proof/. The page verifies inclusion
// proofs in the browser with clients/verify. `npm run build:web` (web/build.mjs) builds it last.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default {
  root,
  base: '/proof/',
  plugins: [react()],
  // The typed client (@keel/client) is read from its TypeScript sources, as in the dashboard.
  resolve: { conditions: ['keel-source', ...defaultClientConditions] },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/proof', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: { input: fileURLToPath(new URL('./proof.html', import.meta.url)) },
    // No inline scripts or data-URL modules: the page's CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
};
