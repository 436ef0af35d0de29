using System.Text;
using System.Xml.Linq;
using Twilio.TwiML;

namespace BotService.Channels.Twilio;

/// <summary>Renders the reply Twilio sends back to the texter: one &lt;Message&gt; per SMS, in order, with Twilio's SDK.</summary>
public static class Twiml
{
    public const string ContentType = "text/xml; charset=utf-8";

    /// <summary>The reply that sends nothing: used when there is nothing to say or when something went wrong.</summary>
    public static readonly string Empty = Render([]);

    public static string Render(IEnumerable<string> messages)
    {
        var response = new MessagingResponse();
        foreach (var message in messages)
        {
            if (string.IsNullOrWhiteSpace(message)) continue;
            response.Message(XmlSafe(message));
        }
        return response.ToString(SaveOptions.DisableFormatting);
    }

    /// <summary>
    /// The text without the characters XML cannot carry (control characters, lone surrogates). The SDK throws on them
    /// while writing the document, and a reply that fails to render sends the texter nothing at all; losing one
    /// character is the lesser harm.
    /// </summary>
    private static string XmlSafe(string text)
    {
        var clean = true;
        for (var i = 0; i < text.Length && clean; i++)
        {
            if (char.IsHighSurrogate(text[i]) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) i++;
            else clean = System.Xml.XmlConvert.IsXmlChar(text[i]);
        }
        if (clean) return text;

        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])) builder.Append(c).Append(text[++i]);
            else if (System.Xml.XmlConvert.IsXmlChar(c)) builder.Append(c);
        }
        return builder.ToString();
    }
}
