// What a browser bundle gets for `@miq/sdk-js/node` (package.json `exports` condition `browser`).
throw new Error(
  '@miq/sdk-js/node is server-side only: it mints tokens with secret keys. Do not bundle it for a browser.',
);
