using Tagloop.Core.Users;

namespace Tagloop.Server.Security;

/// <summary>Gives an endpoint its access rule: the metadata the tests read and the policy that enforces it.</summary>
public static class AccessRules
{
    public static TBuilder ForAnyone<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new AccessRule(AccessLevel.Anyone)).AllowAnonymous();

    public static TBuilder ForAccountHolder<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Apply(builder, new AccessRule(AccessLevel.AccountHolder));

    public static TBuilder ForSignedIn<TBuilder>(this TBuilder builder, bool narrowedTokens = true)
        where TBuilder : IEndpointConventionBuilder =>
        Apply(builder, new AccessRule(narrowedTokens ? AccessLevel.SignedIn : AccessLevel.SignedInUnnarrowed));

    public static TBuilder ForAdmin<TBuilder>(this TBuilder builder)
        where TBuilder : IEndpointConventionBuilder => Apply(builder, new AccessRule(AccessLevel.Admin));

    public static TBuilder ForRole<TBuilder>(this TBuilder builder, ProjectRole role)
        where TBuilder : IEndpointConventionBuilder => Apply(builder, new AccessRule(AccessLevel.Project, role));

    public static IEnumerable<AccessRule> Policies =>
        [new(AccessLevel.AccountHolder), new(AccessLevel.SignedIn), new(AccessLevel.SignedInUnnarrowed), new(AccessLevel.Admin),
         .. ProjectRoles.All.Select(r => new AccessRule(AccessLevel.Project, r))];

    private static TBuilder Apply<TBuilder>(TBuilder builder, AccessRule rule)
        where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(rule).RequireAuthorization(rule.PolicyName);
}
