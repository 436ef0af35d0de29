using System.Text;

namespace BotService.Channels.Twilio;

/// <summary>Renders the reply Twilio sends back to the texter: one &lt;Message&gt; per SMS, in order.</summary>
public static class Twiml
{
    public const string ContentType = "text/xml; charset=utf-8";

    /// <summary>The reply that sends nothing: used when there is nothing to say or when something went wrong.</summary>
    public static readonly string Empty = Render([]);

    public static string Render(IEnumerable<string> messages)
    {
        var builder = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response>");
        foreach (var message in messages)
        {
            if (string.IsNullOrWhiteSpace(message)) continue;
            builder.Append("<Message>");
            AppendEscaped(builder, message);
            builder.Append("</Message>");
        }
        return builder.Append("</Response>").ToString();
    }

    private static void AppendEscaped(StringBuilder builder, string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                default:
                    if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
                    {
                        builder.Append(c).Append(text[++i]);
                    }
                    // A control character or lone surrogate makes the whole document unparseable for Twilio,
                    // which would drop every message in it; losing one character is the lesser harm.
                    else if (System.Xml.XmlConvert.IsXmlChar(c))
                    {
                        builder.Append(c);
                    }
                    break;
            }
        }
    }
}
