export { createStartTlsServer, createDirectTlsServer, type TcpListenerDeps } from './tcp-listeners.js';
export { createXmppHttpPlugin, type HttpPluginDeps } from './http-plugin.js';
export { SocketIo } from './socket-io.js';
export { WebSocketIo } from './websocket-io.js';
