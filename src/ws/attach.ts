import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import type { Extra } from 'graphql-ws/use/ws';
import type { WebSocketServer } from 'ws';
import type { Logger } from '../observability/logger';

/**
 * graphql-ws on a `ws` server: the library's own `use/ws` adapter, except for what it does with
 * faults. That one prints them with `console.error` (a client that sent invalid UTF-8 or hung up
 * mid-write showed a stack on stderr) and puts the error's message in the close reason. Here a
 * socket's fault goes to the logger, one line without a stack, and the close reason says nothing
 * about our internals.
 */
export function attachGraphqlWs(
  wss: WebSocketServer,
  options: ServerOptions<Record<string, unknown> | undefined, Extra>,
  keepAliveMs: number,
  logger: Logger,
): { dispose(): Promise<void> } {
  const server = makeServer(options);
  wss.options.handleProtocols = handleProtocols;
  wss.on('error', (error) => logger.error({ err: error.message }, 'WebSocket server error'));

  wss.on('connection', (socket, request) => {
    // A peer's protocol fault (invalid UTF-8, an oversized frame) or a reset: `ws` closes the
    // socket itself with the right code (1007, 1009, 1006); ours is only to note it.
    socket.on('error', (error) => {
      logger.debug(
        { err: (error as NodeJS.ErrnoException).code ?? error.message },
        'WebSocket error',
      );
    });

    let pongWait: NodeJS.Timeout | null = null;
    const ping =
      keepAliveMs > 0 && Number.isFinite(keepAliveMs)
        ? setInterval(() => {
            if (socket.readyState !== socket.OPEN) return;
            pongWait = setTimeout(() => socket.terminate(), keepAliveMs);
            socket.once('pong', () => {
              if (pongWait) clearTimeout(pongWait);
              pongWait = null;
            });
            socket.ping();
          }, keepAliveMs)
        : null;

    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            // A write that fails means the peer left: its close ends the operations.
            socket.send(data, () => resolve());
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              logger.error(
                { err: error instanceof Error ? error.message : String(error) },
                'graphql-ws message handling failed',
              );
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );

    socket.once('close', (code, reason) => {
      if (pongWait) clearTimeout(pongWait);
      if (ping) clearInterval(ping);
      void closed(code, String(reason));
    });
  });

  return {
    async dispose() {
      for (const client of wss.clients) client.close(1001, 'Going away');
      wss.removeAllListeners();
      await new Promise<void>((resolve, reject) =>
        wss.close((error) => (error ? reject(error) : resolve())),
      );
    },
  };
}
