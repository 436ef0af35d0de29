// Computes Twilio webhook signatures with Twilio's own Node helper, as an independent reference for the .NET tests.
// stdin: JSON array of { authToken, url, params } where a repeated parameter is an array of values (how the helper,
// like Express's body parser, represents repeated keys). stdout: JSON array of { signature, valid } in the same order;
// "valid" is the helper's own validateRequest on the same input, which also exercises its URL port handling.
import twilio from 'twilio';

let input = '';
process.stdin.setEncoding('utf8');
for await (const chunk of process.stdin) input += chunk;

const cases = JSON.parse(input);
const results = cases.map(({ authToken, url, params }) => {
  const signature = twilio.getExpectedTwilioSignature(authToken, url, params);
  return { signature, valid: twilio.validateRequest(authToken, signature, url, params) };
});
process.stdout.write(JSON.stringify(results));
