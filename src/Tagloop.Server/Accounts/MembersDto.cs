namespace Tagloop.Server.Accounts;

/// <summary>A project's members; site administrators act as owners without being listed.</summary>
public sealed record MembersDto(IReadOnlyList<MemberDto> Members);
