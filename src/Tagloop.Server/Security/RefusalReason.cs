namespace Tagloop.Server.Security;

/// <summary>Which check refused a request.</summary>
public enum RefusalReason
{
    /// <summary>The Host header names another server (DNS rebinding).</summary>
    Host,

    /// <summary>Fetch Metadata says another site's page made the request.</summary>
    FetchMetadata,

    /// <summary>The Origin header names another site.</summary>
    Origin,
}
