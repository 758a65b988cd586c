using Tagloop.Core.Simulation;

namespace Tagloop.Cli;

/// <summary>
/// Draws every strategy's learning curve (mean accuracy, with a band of ± one standard deviation) and the full-data
/// accuracy; for span tagging, the mean entity F1 over sentences labelled instead.
/// </summary>
public static class SimulationPlot
{
    public static void Save(SimulationReport report, string path, string title)
    {
        var plot = new ScottPlot.Plot();
        var palette = new ScottPlot.Palettes.Category10();
        var spans = report.FullData.EntityF1 is not null;
        var i = 0;
        foreach (var (name, strategy) in report.Strategies)
        {
            var color = palette.GetColor(i++);
            var xs = strategy.Curve.Select(p => (double)p.Labels).ToArray();
            var mean = strategy.Curve.Select(p => spans ? p.EntityF1 ?? 0 : p.Accuracy).ToArray();
            if (!spans)
            {
                var band = plot.Add.FillY(xs, [.. strategy.Curve.Select(p => p.Accuracy - p.AccuracySd)], [.. strategy.Curve.Select(p => p.Accuracy + p.AccuracySd)]);
                band.FillColor = color.WithAlpha(0.2);
                band.LineWidth = 0;
            }

            var line = plot.Add.Scatter(xs, mean, color);
            line.MarkerSize = 0;
            line.LineWidth = 2;
            line.LegendText = name;
        }

        var full = plot.Add.HorizontalLine(spans ? report.FullData.EntityF1 ?? 0 : report.FullData.Accuracy);
        full.LinePattern = ScottPlot.LinePattern.Dashed;
        full.Color = ScottPlot.Colors.Gray;
        full.LegendText = spans ? $"all {report.Train} sentences" : $"all {report.Train} labels";
        plot.Title(title);
        plot.XLabel(spans ? "sentences labelled" : "labels");
        plot.YLabel(spans ? "test entity F1" : "test accuracy");
        plot.ShowLegend(ScottPlot.Alignment.LowerRight);
        plot.SavePng(path, 900, 560);
    }
}
