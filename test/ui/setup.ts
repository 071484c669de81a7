import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

// jsdom has no layout, so no scrolling into view; the views call it, the tests check selection.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
