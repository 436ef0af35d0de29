using Microsoft.Extensions.Options;

namespace BotService.CoordinatorConsole;

/// <summary>
/// <c>GET /console/events</c>: server-sent events. Looks at the queue every <see cref="ConsoleOptions.QueueRefresh"/>
/// and sends the rows (event "queue") only when they changed, plus a comment now and then so a dead connection is noticed.
/// </summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "An HTTP event stream (text/event-stream) of the queue, not a System.IO.Stream.")]
public static class QueueEventStream
{
    public static async Task StreamAsync(HttpContext http, ConsoleQueue queue, IOptions<ConsoleOptions> options, TimeProvider time)
    {
        var ct = http.RequestAborted;
        http.Response.ContentType = "text/event-stream";
        http.Response.Headers.CacheControl = "no-store";
        http.Features.Get<Microsoft.AspNetCore.Http.Features.IHttpResponseBodyFeature>()?.DisableBuffering();
        string? last = null;
        var quietTicks = 0;
        try
        {
            while (!ct.IsCancellationRequested)
            {
                var rows = QueueFragment.Render(await queue.RowsAsync(ct));
                if (rows != last)
                {
                    // One data line: the fragment never holds a newline.
                    await http.Response.WriteAsync($"event: queue\ndata: {rows}\n\n", ct);
                    last = rows;
                    quietTicks = 0;
                }
                else if (++quietTicks >= 10)
                {
                    await http.Response.WriteAsync(": still here\n\n", ct);
                    quietTicks = 0;
                }
                await http.Response.Body.FlushAsync(ct);
                await Task.Delay(options.Value.QueueRefresh, time, ct);
            }
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            // The page was closed or navigated away.
        }
    }
}
