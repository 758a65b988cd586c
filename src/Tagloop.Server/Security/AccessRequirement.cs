using Microsoft.AspNetCore.Authorization;

namespace Tagloop.Server.Security;

/// <summary>An <see cref="AccessRule"/> as an authorization requirement, judged by <see cref="AccessHandler"/>.</summary>
internal sealed record AccessRequirement(AccessRule Rule) : IAuthorizationRequirement;
