/**
 * What the api and the web client share: the limits both sides enforce.
 * Nothing here may import Node, Nest or Angular: the web bundle imports this lib.
 */
export * from './limits';
