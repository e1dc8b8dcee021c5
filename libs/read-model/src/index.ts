export * from './sqlite-read-model.js';
export * from './read-model-error.js';
