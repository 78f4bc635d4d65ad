export * from './html.js';
export * from './time.js';
export * from './layout.js';
export * from './components.js';
export * from './text.js';
export * from './forms.js';
export * from './site.js';
export { STYLE } from './style.js';
