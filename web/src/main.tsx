import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './App.tsx';
import './styles.css';

/** Live data: every query polls every few seconds while the tab is visible. */
const client = new QueryClient({
  defaultOptions: {
    queries: {
      refetchInterval: 4_000,
      refetchOnWindowFocus: true,
      staleTime: 1_000,
      // No retry here: the typed client (api.ts) retries what Keel's catalogue calls retryable
      // (network errors, 429, 502/503/504), and polling asks again a few seconds later anyway.
      retry: false,
    },
  },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={client}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
