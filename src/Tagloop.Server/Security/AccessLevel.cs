namespace Tagloop.Server.Security;

/// <summary>Who may call an endpoint, before any project role is looked at.</summary>
public enum AccessLevel
{
    /// <summary>Anyone, signed in or not (signing in, the OpenAPI document).</summary>
    Anyone,

    /// <summary>Anyone signed in, even one who must still change a generated password (to change it, to sign out).</summary>
    AccountHolder,

    /// <summary>Anyone signed in, with any token.</summary>
    SignedIn,

    /// <summary>Anyone signed in through a session or a token not narrowed to a project or role (making projects).</summary>
    SignedInUnnarrowed,

    /// <summary>A member of the project in the route with at least the rule's role (administrators always).</summary>
    Project,

    /// <summary>A site administrator, not through a narrowed token.</summary>
    Admin,
}
