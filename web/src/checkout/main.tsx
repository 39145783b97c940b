import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { CheckoutPage } from './Checkout.tsx';
import './checkout.css';

// The intent id is the last path segment: /pay/pi_…
const id = decodeURIComponent(location.pathname.split('/').filter(Boolean).at(-1) ?? '');

createRoot(document.getElementById('checkout')!).render(
  <StrictMode>
    <CheckoutPage id={id} />
  </StrictMode>,
);
