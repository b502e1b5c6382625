import '@mantine/core/styles.css';
import '@mantine/notifications/styles.css';
import '@mantine/spotlight/styles.css';
import './app/global.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/app';
import { createAppRouter } from './app/router';
import { prefetchAtBoot } from './app/boot-prefetch';
import { createAppServices } from './app/services';
import { defaultTrpcLink } from './lib/trpc';

const services = createAppServices({ link: defaultTrpcLink() });
// Who is signed in (and a plain queue's first page) asked now, while the route's chunks load, not after them.
prefetchAtBoot(services, window.location);
const router = createAppRouter(services);

const container = document.getElementById('root');
if (!container) throw new Error('index.html has no #root element');

createRoot(container).render(
  <StrictMode>
    <App services={services} router={router} />
  </StrictMode>,
);
