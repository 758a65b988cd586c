using Tagloop.Tests.Storage;

namespace Tagloop.Server.Tests.WeakSupervision;

/// <summary>Every test of <see cref="RuleSuggestionApiTests"/>, on PostgreSQL.</summary>
public sealed class RuleSuggestionApiTestsOnPostgres() : RuleSuggestionApiTests(TestStorage.Postgres);
