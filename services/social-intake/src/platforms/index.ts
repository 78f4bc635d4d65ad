/*
 * Platform adapters of social-intake: verification, normalization into NormalizedPost, reply rules
 * and texts, outbound reply clients, masking of personal data. Pure functions over raw bodies,
 * headers and configuration; routes, storage and consumers live elsewhere.
 */
export * from './post.js';
export * from './signature.js';
export * from './meta.js';
export * from './x.js';
export * from './telegram.js';
export * from './generic.js';
export * from './reply.js';
export * from './outbound.js';
