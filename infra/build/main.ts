import { buildBundles } from '../launcher/src/build-bundles.js';

/** `npm run build`: bundles the relay and the five services into dist/ (see README.md). */
const { written, ms } = await buildBundles();
console.log(`[build] ${written.length === 0 ? 'dist/ up to date' : `wrote ${written.length} files`} in ${ms} ms`);
