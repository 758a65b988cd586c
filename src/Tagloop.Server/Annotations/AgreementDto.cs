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
    /// <summary>Span-tagging projects: pairwise exact-match span F1 over the parts of documents both people answered completely.</summary>
    public SpanAgreementDto? Spans { get; init; }

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
            [.. report.PerAnnotator.Select(a => new AnnotatorAgreementDto(a.Annotator, a.Documents, EstimateDto.Finite(a.PercentAgreement), EstimateDto.Finite(a.MeanKappa)))])
        {
            Spans = report.Spans is { } spans ? new SpanAgreementDto(
                EstimateDto.Finite(spans.MeanF1),
                [.. spans.Pairs.Select(p => new SpanPairAgreementDto(p.First, p.Second, p.Documents, p.Matched, p.FirstSpans, p.SecondSpans, EstimateDto.Finite(p.F1)))],
                [.. spans.PerType.Select(t => new SpanTypeAgreementDto(t.Type, t.Matched, t.Spans, EstimateDto.Finite(t.F1)))]) : null,
        };
    }
}

/// <summary>Span agreement: the mean of the pairs' F1, each pair's counts and F1, and per entity type over all pairs.</summary>
public sealed record SpanAgreementDto(double? MeanF1, IReadOnlyList<SpanPairAgreementDto> Pairs, IReadOnlyList<SpanTypeAgreementDto> PerType);

/// <summary>Two annotators: documents with parts both answered completely, spans marked alike (matched) and by each, and 2·matched/(first+second).</summary>
public sealed record SpanPairAgreementDto(string First, string Second, int Documents, int Matched, int FirstSpans, int SecondSpans, double? F1);

/// <summary>One entity type over every pair: matched spans, all spans counted, and 2·matched/spans.</summary>
public sealed record SpanTypeAgreementDto(string Type, int Matched, int Spans, double? F1);
