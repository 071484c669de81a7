import { cleanup, configure } from '@testing-library/react';
import { afterEach } from 'vitest';

// Vitest runs without globals, so Testing Library cannot register its own cleanup.
afterEach(cleanup);

// waitFor and findBy wait up to 5 s, not 1: a scan in the in-process worker that takes 0.3 s on
// an idle machine took over a second on a loaded two-core one. They still return at once when met.
configure({ asyncUtilTimeout: 5000 });

// jsdom has no layout, so no scrolling into view; the views call it, the tests check selection.
Element.prototype.scrollIntoView ??= function scrollIntoView() {};
