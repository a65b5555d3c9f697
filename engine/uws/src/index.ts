export type {
  HttpRequest,
  HttpResponse,
  TemplatedApp,
  us_listen_socket,
  us_socket_context_t,
  WebSocket,
} from 'uWebSockets.js'
export { default as uWS } from 'uWebSockets.js'
export { closeListenSocket, diagnoseBind, ListenError, listen } from './listen'
export { parseQuery, readHeaders, remoteAddress } from './request'
export { delegateSocketEvents, endAll, type SocketEvents } from './socket-events'
