// Webhook signature test vectors, made at test time by Twilio's own Node helper so the repository needs no vector file
// from elsewhere. Each case below names what it covers; the signature is the helper's, and the helper must accept its
// own vector (validateRequest / validateRequestWithBody) or the script fails rather than hand over a bad vector.
// stdout: { vectors: [{ name, authToken, url, params: [[name, value], ...], body?, signature, sdkDictionary }] }.
// "params" is a list of pairs because a form can repeat a name; sdkDictionary is false for such a form, since a
// validator that takes one value per name cannot be handed it.
import crypto from 'node:crypto';
import twilio from 'twilio';

const token = '12345';
const call = [
  ['CallSid', 'CA1234567890ABCDE'],
  ['Caller', '+14158675309'],
  ['Digits', '1234'],
  ['From', '+14158675309'],
  ['To', '+18005551212'],
];
const sms = [
  ['MessageSid', 'SM0123456789abcdef0123456789abcdef'],
  ['AccountSid', 'AC0123456789abcdef0123456789abcdef'],
  ['From', '+15555550123'],
  ['To', '+15550001111'],
  ['NumMedia', '0'],
];

const formCases = [
  { name: 'form params, url with a query string', url: 'https://mycompany.com/myapp.php?foo=1&bar=2', params: call },
  { name: 'same request, url written with the default port :443', url: 'https://mycompany.com:443/myapp.php?foo=1&bar=2', params: call },
  { name: 'plain http, url written with the default port :80', url: 'http://mycompany.com:80/sms/inbound', params: sms },
  { name: 'plain http, no port', url: 'http://mycompany.com/sms/inbound', params: sms },
  { name: 'a port that is not the default (:8443) is part of the url', url: 'https://mycompany.com:8443/sms/inbound', params: sms },
  { name: 'host casing changes the signature', url: 'https://MyCompany.com/myapp.php?foo=1&bar=2', params: call },
  {
    name: 'classic documentation example',
    url: 'https://mycompany.com/myapp.php?foo=1&bar=2',
    params: [['CallSid', 'CA1234567890ABCDE'], ['Caller', '+12349013030'], ['Digits', '1234'], ['From', '+12349013030'], ['To', '+18005551212']],
  },
  { name: 'no parameters at all', url: 'https://bot.example.org/sms/status', params: [] },
  {
    name: 'unicode in names and values (UTF-8 before hashing)',
    url: 'https://bot.example.org/sms/inbound',
    params: [...sms, ['Body', '¿Cómo estás hoy? 💜 Estamos aquí. 你好'], ['名', 'ключ']],
  },
  {
    name: 'reserved characters in values, an escaped query string, empty values',
    url: 'https://bot.example.org/sms/inbound?q=a%20b&r=%2B1',
    params: [...sms, ['Body', 'Tom & Jerry = +1 <ok> "100%"'], ['FromCity', ''], ['ToState', '']],
  },
  {
    name: 'names sort by UTF-16 code unit (upper case before lower, k10 before k2)',
    url: 'https://bot.example.org/sms/inbound',
    params: [['body', 'b'], ['Body', 'B'], ['k2', '2'], ['k10', '10'], ['a', 'x']],
  },
  {
    name: 'a repeated name: values sorted, a repeated value counted once',
    url: 'https://bot.example.org/sms/inbound',
    params: [...sms, ['MediaUrl', 'https://m.example.org/b.jpg'], ['MediaUrl', 'https://m.example.org/a.jpg'], ['MediaUrl', 'https://m.example.org/b.jpg']],
  },
];

const jsonCases = [
  { name: 'JSON body: url carries bodySHA256, no params', url: 'https://mycompany.com/myapp.php?foo=1&bar=2', body: '{"property": "value", "boolean": true}' },
  { name: 'JSON body with unicode, bodySHA256 the only query parameter', url: 'https://bot.example.org/events', body: '{"text":"¿Cómo estás? 💜","n":1}' },
];

// The helper takes a repeated name as an array of values, as Express's body parser hands it over.
function helperParams(pairs) {
  const out = {};
  for (const [name, value] of pairs) {
    if (!(name in out)) out[name] = value;
    else out[name] = [].concat(out[name], value);
  }
  return out;
}

const vectors = [];
for (const c of formCases) {
  const params = helperParams(c.params);
  const signature = twilio.getExpectedTwilioSignature(token, c.url, params);
  if (!twilio.validateRequest(token, signature, c.url, params)) throw new Error(`helper rejects its own vector: ${c.name}`);
  const names = c.params.map(([n]) => n);
  vectors.push({ name: c.name, authToken: token, url: c.url, params: c.params, signature, sdkDictionary: new Set(names).size === names.length });
}
for (const c of jsonCases) {
  const hash = crypto.createHash('sha256').update(c.body, 'utf8').digest('hex');
  const url = `${c.url}${c.url.includes('?') ? '&' : '?'}bodySHA256=${hash}`;
  const signature = twilio.getExpectedTwilioSignature(token, url, {});
  if (!twilio.validateRequestWithBody(token, signature, url, c.body)) throw new Error(`helper rejects its own vector: ${c.name}`);
  vectors.push({ name: c.name, authToken: token, url, params: [], body: c.body, signature, sdkDictionary: true });
}
process.stdout.write(JSON.stringify({ about: 'Made by tests/node/twilio-signature-vectors.mjs with the twilio npm package', vectors }));
