namespace Tagloop.Learning.WeakSupervision;

/// <summary>
/// Why a rule gave no votes: a regular expression that ran too long (on <see cref="Document"/>, or over its budget), or
/// an input the rule needs that the corpus lacks (vectors, an encoder, a label description, metadata).
/// </summary>
/// <param name="Rule">The rule's index in the rule set.</param>
/// <param name="Document">The document it failed on, or null when the failure is not about one document.</param>
public sealed record RuleFailure(int Rule, string RuleName, int? Document, string Message);
