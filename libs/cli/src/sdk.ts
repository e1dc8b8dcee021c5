export * from '@market/client';
