export * from './problem/problem-error.js';
export * from './problem/problem-document.js';
export * from './problem/problem-from-error.js';
export * from './problem/problem-exception.filter.js';
export * from './problem/send-problem.js';
export * from './service/bootstrap-service.js';
export * from './service/service-name.js';
export * from './service/startup-signals.js';
