using Tagloop.Core.Annotations;
using Tagloop.Learning.Evaluation;

namespace Tagloop.Server.Annotations;

/// <summary>An estimate and its 95% bootstrap interval; null where undefined (every answer the same label, or too few documents).</summary>
public sealed record EstimateDto(double? Value, double? Low, double? High)
{
    public static EstimateDto From(Estimate e) => new(Finite(e.Value), Finite(e.Low), Finite(e.High));

    internal static double? Finite(double x) => double.IsFinite(x) ? Math.Round(x, 4) : null;
}

/// <summary>Agreement per label (has it or not).</summary>
public sealed record LabelAgreementDto(string Label, EstimateDto Alpha);

/// <summary>Two annotators over the documents both answered.</summary>
public sealed record PairAgreementDto(string First, string Second, int Documents, double PercentAgreement, EstimateDto CohensKappa);

/// <summary>One annotator against the others.</summary>
public sealed record AnnotatorAgreementDto(string Annotator, int Documents, double? PercentAgreement, double? MeanKappa);

/// <summary>A project's inter-annotator agreement.</summary>
public sealed record AgreementDto(
    int Documents, int Annotators, EstimateDto? Alpha, EstimateDto? FleissKappa,
    IReadOnlyList<LabelAgreementDto> PerLabel, IReadOnlyList<PairAgreementDto> Pairs, IReadOnlyList<AnnotatorAgreementDto> PerAnnotator)
{
    public static AgreementDto From(AgreementReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        return new(
            report.Documents,
            report.Annotators,
            report.Alpha is { } alpha ? EstimateDto.From(alpha) : null,
            report.FleissKappa is { } fleiss ? EstimateDto.From(fleiss) : null,
            [.. report.PerLabel.Select(l => new LabelAgreementDto(l.Label, EstimateDto.From(l.Alpha)))],
            [.. report.Pairs.Select(p => new PairAgreementDto(p.First, p.Second, p.Documents, Math.Round(p.PercentAgreement, 4), EstimateDto.From(p.CohensKappa)))],
            [.. report.PerAnnotator.Select(a => new AnnotatorAgreementDto(a.Annotator, a.Documents, EstimateDto.Finite(a.PercentAgreement), EstimateDto.Finite(a.MeanKappa)))]);
    }
}
