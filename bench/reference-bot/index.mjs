// Reference bot on Microsoft's official Bot Framework SDK for JavaScript: the baseline our bot is compared with.
// It does the work of one check-in (mood 1-5, urge 0-10, a note) as the SDK's samples do it: a waterfall with
// prompts, ConversationState on MemoryStorage, BotFrameworkAdapter with auth disabled, replies sent to the
// activity's serviceUrl (the load driver's no-op connector sink).
//
// Usage: node bench/reference-bot/index.mjs --port 3978 [--host 127.0.0.1]
// Modules are loaded from $NODE_MODULES_DIR (default: tests/node/node_modules), which run-side-by-side.sh installs.
import http from 'node:http';
import path from 'node:path';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const modulesDir = path.resolve(process.env.NODE_MODULES_DIR || path.join(here, '..', '..', 'tests', 'node', 'node_modules'));
// createRequire from inside the modules folder: the packages live with the test peers, not beside this file.
const require = createRequire(path.join(modulesDir, 'noop.js'));
const { BotFrameworkAdapter, ConversationState, MemoryStorage, ActivityTypes } = require('botbuilder');
const { DialogSet, DialogTurnStatus, NumberPrompt, TextPrompt, WaterfallDialog } = require('botbuilder-dialogs');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}
const port = Number(arg('--port', '3978'));
const host = arg('--host', '127.0.0.1');
if (host !== '127.0.0.1' && host !== 'localhost') throw new Error('the reference bot listens on loopback only');

// No app id and no password: the adapter skips JWT validation on the way in and sends no token on the way out.
const adapter = new BotFrameworkAdapter({ appId: '', appPassword: '' });
adapter.onTurnError = async (context, error) => {
  console.error('turn error:', error && error.message);
  await context.sendActivity('Sorry, something went wrong.');
};

const conversationState = new ConversationState(new MemoryStorage());
const dialogState = conversationState.createProperty('dialogState');
const dialogs = new DialogSet(dialogState);

const inRange = (min, max) => async (prompt) =>
  prompt.recognized.succeeded && Number.isInteger(prompt.recognized.value) &&
  prompt.recognized.value >= min && prompt.recognized.value <= max;

dialogs.add(new NumberPrompt('mood', inRange(1, 5), 'en-us'));
dialogs.add(new NumberPrompt('urge', inRange(0, 10), 'en-us'));
dialogs.add(new TextPrompt('note'));
dialogs.add(new WaterfallDialog('checkin', [
  async (step) => step.prompt('mood', {
    prompt: 'Hi, it is check-in time. How is your mood today, 1 (low) to 5 (great)?',
    retryPrompt: 'Please answer with a number from 1 to 5.',
  }),
  async (step) => {
    step.values.mood = step.result;
    return step.prompt('urge', {
      prompt: 'Thanks. How strong are cravings right now, 0 (none) to 10 (very strong)?',
      retryPrompt: 'Please answer with a number from 0 to 10.',
    });
  },
  async (step) => {
    step.values.urge = step.result;
    return step.prompt('note', { prompt: 'Anything you want to tell your peer supporter? Or reply SKIP.' });
  },
  async (step) => {
    const note = String(step.result || '').trim();
    await step.context.sendActivity(
      `Got it: mood ${step.values.mood}, cravings ${step.values.urge}${note && note.toUpperCase() !== 'SKIP' ? ', note saved' : ''}. Proud of you for checking in.`);
    return step.endDialog();
  },
]));

// Parity with our bot's first pipeline stage: a crisis message is answered with safety resources before anything else.
const crisis = /\b(kill myself|suicide|end my life|want to die|hurt myself)\b/i;

async function onTurn(context) {
  if (context.activity.type !== ActivityTypes.Message) return;
  const text = context.activity.text || '';
  if (crisis.test(text)) {
    await context.sendActivity('You matter. If you are in danger call 911, or call or text 988 any time. A peer supporter has been told and will text you.');
  } else {
    const dc = await dialogs.createContext(context);
    const result = await dc.continueDialog();
    if (result.status === DialogTurnStatus.empty) await dc.beginDialog('checkin');
  }
  await conversationState.saveChanges(context, false);
}

const server = http.createServer((req, res) => {
  if (req.method === 'GET' && req.url === '/healthz') {
    res.writeHead(200, { 'content-type': 'text/plain' });
    res.end('ok');
    return;
  }
  if (req.method !== 'POST' || req.url !== '/api/messages') {
    res.writeHead(404);
    res.end();
    return;
  }
  // BotFrameworkAdapter wants restify/express-style status()/send()/end(); plain node http has writeHead/end.
  const shim = {
    statusCode: 200,
    body: undefined,
    status(code) { this.statusCode = code; },
    send(body) { this.body = body; },
    end() {
      if (res.headersSent) return;
      const payload = this.body === undefined ? '' : (typeof this.body === 'string' ? this.body : JSON.stringify(this.body));
      res.writeHead(this.statusCode, { 'content-type': typeof this.body === 'string' ? 'text/plain' : 'application/json' });
      res.end(payload);
    },
  };
  adapter.processActivity(req, shim, onTurn).catch((err) => {
    // processActivity already answered with the error status; log the first line only.
    console.error(String(err && err.message).split('\n')[0]);
  });
});
server.keepAliveTimeout = 65_000;
server.listen(port, host, () => console.log(`reference bot listening on http://${host}:${port}/api/messages`));

for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.close(() => process.exit(0)));
