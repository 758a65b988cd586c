using Tagloop.Core.Annotations;

namespace Tagloop.Core.Tests.Annotations;

public sealed class ConsensusTests
{
    [Fact]
    public void One_answer_is_its_own_consensus() =>
        Assert.Equal([0, 2], Consensus.Of([[2, 0]], multiLabel: true)!);

    [Fact]
    public void The_majority_label_wins_and_a_tie_leaves_the_document_out()
    {
        Assert.Equal([1], Consensus.Of([[1], [0], [1]], multiLabel: false)!);
        Assert.Null(Consensus.Of([[1], [0]], multiLabel: false));
        Assert.Null(Consensus.Of([[1], [0], [2], [2], [1]], multiLabel: false));
        Assert.Equal([2], Consensus.Of([[1], [0], [2], [2]], multiLabel: false)!);
    }

    [Fact]
    public void Multi_label_keeps_each_label_more_than_half_chose_and_a_tie_on_any_label_leaves_it_out()
    {
        Assert.Equal([0, 3], Consensus.Of([[0, 3], [0], [0, 3, 1]], multiLabel: true)!);
        Assert.Null(Consensus.Of([[0, 1], [0]], multiLabel: true));
        Assert.Equal([0], Consensus.Of([[0, 1], [0], [0]], multiLabel: true)!);
        Assert.Null(Consensus.Of([[0], [1], [2]], multiLabel: true));
    }
}
