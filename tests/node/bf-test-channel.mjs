// A Bot Framework channel stand-in for the .NET tests. It plays both halves of a channel:
//  - the connector our bot calls: POST /v3/conversations/:id/activities[/:replyToId], recorded (GET /recorded);
//  - the channel service that posts activities to the bot: POST /control/post {botUrl, token, activity}.
// Activity shapes and type names come from botframework-schema, Microsoft's own definitions, so the bot is tested
// against the protocol as the SDK describes it rather than against our reading of it.
import http from 'node:http';
import { ActivityTypes, RoleTypes, ActionTypes } from 'botframework-schema';

const recorded = [];
// Fault injection: the next `times` connector calls answer `status` (with an optional Retry-After).
let fault = null;
let nextId = 1;
let baseUrl = '';

const knownTypes = new Set(Object.values(ActivityTypes));
const knownActions = new Set(Object.values(ActionTypes));

function readJson(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      if (!text) return resolve(undefined);
      try { resolve(JSON.parse(text)); } catch (e) { reject(e); }
    });
    req.on('error', reject);
  });
}

function send(res, status, body, headers = {}) {
  const text = body === undefined ? '' : JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', ...headers });
  res.end(text);
}

// Problems a real connector would reject, reported with the recording so the tests can assert there are none.
function protocolProblems(activity, conversationId) {
  const problems = [];
  if (!activity || typeof activity !== 'object') return ['body is not an activity'];
  if (!knownTypes.has(activity.type)) problems.push(`unknown activity type ${activity.type}`);
  if (activity.type === ActivityTypes.Message && typeof activity.text !== 'string') problems.push('message without text');
  if (activity.conversation?.id !== conversationId) problems.push('conversation.id differs from the URL');
  if (!activity.from?.id) problems.push('from.id missing');
  if (!activity.recipient?.id) problems.push('recipient.id missing');
  for (const a of activity.suggestedActions?.actions ?? []) {
    if (!knownActions.has(a.type)) problems.push(`unknown action type ${a.type}`);
    if (!a.title) problems.push('action without title');
  }
  return problems;
}

// Fills in what a channel service always sends, so a test only states what it is about.
function channelActivity(partial) {
  return {
    channelId: 'test',
    serviceUrl: baseUrl,
    timestamp: new Date().toISOString(),
    id: `act-${nextId++}`,
    conversation: { id: 'conv-1', conversationType: 'personal', isGroup: false },
    recipient: { id: 'bot-id', name: 'Peer Support', role: RoleTypes.Bot },
    from: { id: 'user-1', name: 'Member', role: RoleTypes.User },
    ...partial,
  };
}

async function postToBot({ botUrl, token, activity, rawBody }) {
  const headers = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const full = channelActivity(activity ?? {});
  const response = await fetch(botUrl, { method: 'POST', headers, body: rawBody ?? JSON.stringify(full) });
  return { status: response.status, activity: full };
}

const connectorPath = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

const server = http.createServer(async (req, res) => {
  try {
    const url = new URL(req.url, baseUrl);
    const match = connectorPath.exec(url.pathname);
    if (req.method === 'POST' && match) {
      const conversationId = decodeURIComponent(match[1]);
      const replyToId = match[2] ? decodeURIComponent(match[2]) : null;
      const activity = await readJson(req);
      const entry = { conversationId, replyToId, authorization: req.headers.authorization ?? null, activity,
        problems: protocolProblems(activity, conversationId) };
      if (fault && fault.times > 0) {
        fault.times--;
        entry.answeredStatus = fault.status;
        recorded.push(entry);
        const headers = fault.retryAfter ? { 'retry-after': String(fault.retryAfter) } : {};
        return send(res, fault.status, { error: { code: 'Injected', message: 'test fault' } }, headers);
      }
      const id = `reply-${nextId++}`;
      entry.answeredStatus = 200;
      entry.id = id;
      recorded.push(entry);
      return send(res, 200, { id });
    }
    if (req.method === 'GET' && url.pathname === '/recorded') return send(res, 200, recorded);
    if (req.method === 'DELETE' && url.pathname === '/recorded') { recorded.length = 0; return send(res, 200, {}); }
    if (req.method === 'POST' && url.pathname === '/control/fail') { fault = await readJson(req); return send(res, 200, {}); }
    if (req.method === 'POST' && url.pathname === '/control/post') return send(res, 200, await postToBot(await readJson(req)));
    return send(res, 404, { error: { code: 'NotFound', message: `${req.method} ${url.pathname}` } });
  } catch (e) {
    return send(res, 500, { error: { code: 'TestChannelError', message: String(e?.message ?? e) } });
  }
});

server.listen(0, '127.0.0.1', () => {
  const { port } = server.address();
  baseUrl = `http://127.0.0.1:${port}/`;
  // The test reads this line to learn the port.
  console.log(`LISTENING ${port}`);
});

// The test owns this process: end when it closes our stdin (or kills us).
process.stdin.on('end', () => server.close(() => process.exit(0)));
process.stdin.resume();
