import { setupServer } from 'msw/node';

/** Requests leave the app through real fetch calls; MSW answers them at the network edge. */
export const server = setupServer();
