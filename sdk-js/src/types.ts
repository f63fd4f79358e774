/**
 * The wire types the client speaks. Type-only: nothing from the API's schema library reaches a bundle.
 */
export type * from './internal/provisional-types.js';
