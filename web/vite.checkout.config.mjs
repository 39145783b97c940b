// Vite config of the hosted checkout page (docs/checkout.md): its own entry (web/checkout.html),
// built into web/dist/checkout with base /pay/, so a proxy can expose /pay/* to payers without
// the dashboard. `npm run build:web` (web/build.mjs) builds it after the dashboard.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defaultClientConditions } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

export default {
  root,
  base: '/pay/',
  plugins: [react()],
  // The typed client (@keel/client) is read from its TypeScript sources, as in the dashboard.
  resolve: { conditions: ['keel-source', ...defaultClientConditions] },
  logLevel: 'warn',
  build: {
    outDir: fileURLToPath(new URL('./dist/checkout', import.meta.url)),
    emptyOutDir: true,
    rollupOptions: { input: fileURLToPath(new URL('./checkout.html', import.meta.url)) },
    // No inline scripts or data-URL modules: the page's CSP allows 'self' only.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
};
