/**
 * What the api and the web client share: the types generated from the OpenAPI document
 * (`npm run api:generate`; types only, no runtime bytes) and the limits both sides enforce.
 * Nothing here may import Node, Nest or Angular: the web bundle imports this lib.
 */
export type { components, operations, paths } from './generated/openapi';
export type * from './api-operations';
export * from './limits';
export * from './text-rules';
