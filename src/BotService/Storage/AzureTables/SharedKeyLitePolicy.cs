using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Azure.Core;
using Azure.Core.Pipeline;

namespace BotService.Storage.AzureTables;

/// <summary>
/// Signs each try with SharedKeyLite for the Table service. It must run per try: the signature covers x-ms-date, and
/// the service refuses a date more than 15 minutes off, so a retry after a long back-off needs a fresh one.
/// </summary>
internal sealed class SharedKeyLitePolicy(string accountName, string accountKey) : HttpPipelineSynchronousPolicy
{
    private readonly byte[] _key = Convert.FromBase64String(accountKey);

    public override void OnSendingRequest(HttpMessage message)
    {
        var date = DateTimeOffset.UtcNow.ToString("R", CultureInfo.InvariantCulture);
        message.Request.Headers.SetValue("x-ms-date", date);
        var stringToSign = date + "\n" + CanonicalizedResource(message.Request.Uri.ToUri());
        var signature = Convert.ToBase64String(HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(stringToSign)));
        message.Request.Headers.SetValue("Authorization", $"SharedKeyLite {accountName}:{signature}");
    }

    /// <summary>
    /// "/account" + the encoded path, plus ?comp= when present. With path-style URLs (Azurite) the path already starts
    /// with the account, so it appears twice: /devstoreaccount1/devstoreaccount1/Tables.
    /// </summary>
    internal string CanonicalizedResource(Uri uri)
    {
        var resource = "/" + accountName + uri.AbsolutePath;
        var query = uri.Query;
        if (query.Length > 1)
        {
            foreach (var pair in query[1..].Split('&'))
            {
                if (pair.StartsWith("comp=", StringComparison.OrdinalIgnoreCase))
                    return resource + "?comp=" + Uri.UnescapeDataString(pair[5..]);
            }
        }
        return resource;
    }
}
