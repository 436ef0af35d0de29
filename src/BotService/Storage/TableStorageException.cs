namespace BotService.Storage;

/// <summary>Base of every storage failure, carrying the HTTP-like status and the service's error code.</summary>
public class TableStorageException : Exception
{
    public TableStorageException(int status, string errorCode, string message, Exception? inner = null) : base(message, inner)
    {
        Status = status;
        ErrorCode = errorCode;
    }

    public int Status { get; }
    public string ErrorCode { get; }
}
