using Tagloop.Core.Annotations;
using Tagloop.Core.Tasks;

namespace Tagloop.Core.Tests.Tasks;

/// <summary>Where a span task's region stands in its document: "sentence 2 of 3, 1 done".</summary>
public sealed class SpanTaskPlaceTests
{
    // Three sentences; the first is 17 code units long ("Ada met Bob here."), then a space.
    private const string Text = "Ada met Bob here. They went to Oslo. Nobody else came.";

    private static readonly Dictionary<int, string> Labels = new() { [1] = "PER", [2] = "LOC" };

    [Fact]
    public void A_document_nobody_answered_starts_at_its_first_sentence_of_three_with_none_done()
    {
        var task = SpanTask.Describe(Text, null, Labels, null, teach: false);

        Assert.Equal(new TextRange(0, 17), task.Region);
        Assert.Equal((1, 3, 0), (task.RegionNumber, task.RegionCount, task.RegionsAnswered));
    }

    [Fact]
    public void After_the_first_sentence_is_answered_the_task_is_the_second_of_three_with_one_done()
    {
        var mine = new Annotation { Author = "ann", Kind = AnnotationKind.Answer, Regions = SpanRegions.Format([new TextRange(0, 17)]) };

        var task = SpanTask.Describe(Text, mine, Labels, null, teach: false);

        Assert.Equal(new TextRange(18, 36), task.Region);
        Assert.Equal((2, 3, 1), (task.RegionNumber, task.RegionCount, task.RegionsAnswered));
    }

    [Fact]
    public void A_document_answered_whole_shows_its_first_sentence_again_with_all_three_done()
    {
        var mine = new Annotation { Author = "ann", Kind = AnnotationKind.Answer, Regions = null };

        var task = SpanTask.Describe(Text, mine, Labels, null, teach: false);

        Assert.Equal((1, 3, 3), (task.RegionNumber, task.RegionCount, task.RegionsAnswered));
    }
}
