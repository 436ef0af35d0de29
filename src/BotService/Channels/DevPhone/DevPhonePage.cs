using System.Security.Cryptography;
using System.Text;

namespace BotService.Channels.DevPhone;

/// <summary>The dev phone page: one self-contained document, no external assets, locked down by a hash-based CSP.</summary>
internal static class DevPhonePage
{
    private const string Style = """
        :root { color-scheme: light dark; --bubble-in: #e9e9eb; --bubble-out: #0a66c2; --ink: #1c1c1e; }
        @media (prefers-color-scheme: dark) { :root { --bubble-in: #3a3a3c; --ink: #f2f2f7; } }
        * { box-sizing: border-box; }
        body { margin: 0; font: 16px/1.4 system-ui, sans-serif; color: var(--ink); display: flex; flex-direction: column; min-height: 100vh; }
        header, form { padding: .75rem 1rem; }
        header { border-bottom: 1px solid #8884; display: flex; flex-wrap: wrap; gap: .5rem; align-items: end; }
        h1 { font-size: 1.1rem; margin: 0 auto 0 0; width: 100%; }
        label { display: block; font-size: .85rem; font-weight: 600; }
        input, select, textarea, button { font: inherit; padding: .5rem; border-radius: .5rem; border: 1px solid #8888; }
        button { background: var(--bubble-out); color: #fff; border: 0; min-width: 5rem; cursor: pointer; }
        button:focus-visible, input:focus-visible, select:focus-visible, textarea:focus-visible { outline: 3px solid #f5a623; outline-offset: 1px; }
        main { flex: 1; overflow-y: auto; padding: 1rem; }
        ol { list-style: none; margin: 0; padding: 0; display: flex; flex-direction: column; gap: .5rem; }
        li { max-width: 80%; padding: .5rem .75rem; border-radius: 1rem; white-space: pre-wrap; overflow-wrap: anywhere; }
        li.sent { align-self: flex-end; background: var(--bubble-out); color: #fff; }
        li.received { align-self: flex-start; background: var(--bubble-in); }
        li small { display: block; opacity: .75; font-size: .7rem; }
        form { border-top: 1px solid #8884; display: flex; gap: .5rem; align-items: end; }
        form div { flex: 1; }
        textarea { width: 100%; resize: vertical; min-height: 2.6rem; }
        #status { min-height: 1.2em; font-size: .85rem; padding: 0 1rem; }
        .sr-only { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); }
        """;

    private const string Script = """
        const $ = id => document.getElementById(id);
        const numberInput = $('number'), preset = $('preset'), thread = $('thread'), status = $('status'), body = $('body');
        let lastSeen = -1, current = '';
        numberInput.value = localStorage.getItem('devphone.number') || preset.value;
        preset.addEventListener('change', () => { if (preset.value) { numberInput.value = preset.value; switchNumber(); } });
        numberInput.addEventListener('change', switchNumber);
        function switchNumber() { localStorage.setItem('devphone.number', numberInput.value); lastSeen = -1; thread.replaceChildren(); poll(); }
        function render(messages) {
          const newest = messages.length ? messages[messages.length - 1].sequence : 0;
          if (newest === lastSeen) return;
          lastSeen = newest;
          thread.replaceChildren(...messages.map(m => {
            const li = document.createElement('li');
            li.className = m.direction;
            li.dataset.source = m.source;
            const who = document.createElement('span');
            who.className = 'sr-only';
            who.textContent = m.direction === 'sent' ? 'You: ' : 'Bot: ';
            const text = document.createElement('span');
            text.className = 'text';
            text.textContent = m.body;
            const when = document.createElement('small');
            when.textContent = new Date(m.at).toLocaleTimeString() + (m.source === 'outbox' ? ' · outbox' : '');
            li.append(who, text, when);
            return li;
          }));
          thread.lastElementChild?.scrollIntoView({ block: 'end' });
        }
        async function poll() {
          const number = numberInput.value.trim();
          if (!number) return;
          try {
            const response = await fetch('/dev/phone/messages?number=' + encodeURIComponent(number), { cache: 'no-store' });
            if (!response.ok) { status.textContent = 'That is not a phone number.'; return; }
            const data = await response.json();
            if (data.number !== current) { current = data.number; lastSeen = -1; }
            render(data.messages);
          } catch { status.textContent = 'The bot is not answering; is it running?'; }
        }
        $('composer').addEventListener('submit', async e => {
          e.preventDefault();
          const text = body.value;
          if (!text.trim()) return;
          status.textContent = 'Sending…';
          const response = await fetch('/dev/phone/messages', { method: 'POST', headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify({ from: numberInput.value.trim(), body: text }) });
          if (response.ok) { body.value = ''; status.textContent = ''; }
          else { const problem = await response.json().catch(() => ({})); status.textContent = problem.title || 'Not sent.'; }
          poll();
        });
        body.addEventListener('keydown', e => { if (e.key === 'Enter' && !e.shiftKey) { e.preventDefault(); $('composer').requestSubmit(); } });
        setInterval(poll, 1000);
        poll();
        """;

    public static readonly string Html = $$"""
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>Dev phone</title>
        <style>{{Style}}</style>
        </head>
        <body>
        <header>
          <h1>Dev phone <small>(nothing leaves this machine)</small></h1>
          <div>
            <label for="preset">Who is texting</label>
            <select id="preset">
              <option value="+15555550100">Member A (+1 555 555 0100)</option>
              <option value="+15555550101">Member B (+1 555 555 0101)</option>
              <option value="+15555550110">Volunteer (+1 555 555 0110)</option>
              <option value="">Other number…</option>
            </select>
          </div>
          <div>
            <label for="number">Phone number</label>
            <input id="number" type="tel" inputmode="tel" autocomplete="off" placeholder="+15555550100">
          </div>
        </header>
        <main>
          <ol id="thread" aria-label="Conversation" aria-live="polite"></ol>
        </main>
        <p id="status" role="status"></p>
        <form id="composer">
          <div>
            <label for="body">Message</label>
            <textarea id="body" rows="2" maxlength="1600" placeholder="Text the bot"></textarea>
          </div>
          <button id="send" type="submit">Send</button>
        </form>
        <script>{{Script}}</script>
        </body>
        </html>
        """;

    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src '{Hash(Script)}'; style-src '{Hash(Style)}'; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static string Hash(string inline) => "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(inline)));
}
