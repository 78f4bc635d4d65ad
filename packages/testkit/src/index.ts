export * from './infrastructure.js';
export * from './global-setup.js';
export * from './scratch.js';
export * from './environment.js';
export * from './tokens.js';
export * from './tcp-proxy.js';
export * from './regions.js';
export * from './service.js';
