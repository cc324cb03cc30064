import type { Reply } from '../http';
import { fail, jsonReply } from '../http';
import type { WireFeedMessage } from '../model';
import type { RouteContext } from '../router';
import { checkAccount, headerValue, requireSession } from './guards';

/**
 * GET /api/messages/client[?last=<id>]: without last, the synthetic "init" message carrying the head id;
 * with it, the newer messages, held as a long poll while there are none.
 */
export async function readMessages(ctx: RouteContext): Promise<Reply> {
  const session = requireSession(ctx);
  const accountId = headerValue(ctx, 'x-account-id');
  if (accountId) checkAccount(ctx, session, accountId);
  const { queues, knobs } = ctx.services;
  const lastText = ctx.query.last;
  if (lastText === undefined || lastText === '') {
    const head = knobs.headId ?? String(queues.head(session.token));
    const init = { requestId: 'init', clientId: 'init', agentId: 'init' };
    return jsonReply(200, [{ id: head, header: init, payload: { init: {} } }]);
  }
  if (!/^\d+$/.test(lastText)) fail(400, 'querystring/last must be a decimal message id');
  // The inclusive-cursor knob answers the message `last` itself too, as a broken upstream would.
  const last = Number(lastText) - (knobs.inclusiveLast ? 1 : 0);
  const page = (messages: WireFeedMessage[]) =>
    jsonReply(200, knobs.reversePages ? [...messages].reverse() : messages);
  const ready = queues.after(session.token, last);
  if (ready.length > 0) return page(ready);
  return page(await queues.wait(session.token, last, knobs.longPollMs, ctx.signal));
}
