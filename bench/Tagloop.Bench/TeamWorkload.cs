namespace Tagloop.Bench;

/// <summary>A project's overlap setting for the team benchmark: the share of documents several people answer, and how many.</summary>
internal sealed record TeamWorkload(string Name, double Share, int Answers);
