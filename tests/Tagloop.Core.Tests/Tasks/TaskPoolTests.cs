using Tagloop.Core.Annotations;
using Tagloop.Core.Tasks;

namespace Tagloop.Core.Tests.Tasks;

/// <summary>The in-memory pool: deleted documents leave it (a stale ranking cannot serve them), relabels come first.</summary>
public sealed class TaskPoolTests
{
    [Fact]
    public void Deleted_documents_leave_the_pool_and_a_ranking_made_before_cannot_serve_them()
    {
        var pool = new TaskPool();
        pool.Add([1, 2, 3, 4, 5], [50, 40, 30, 20, 10]);
        pool.AddCurrent(100, 4, "ana", AnnotationKind.Skip);
        Assert.Equal([5L, 3, 2, 1, 4], pool.Candidates("ana", null));

        pool.Remove([3, 4, 42]);
        Assert.Equal(3, pool.Count);
        Assert.False(pool.Contains(3));
        Assert.False(pool.IsServableTo(4, "ana"));
        Assert.Equal([5L, 2, 1], pool.Candidates("ana", null));

        // The model ranked before the deletion (and names a document the pool never had).
        Assert.Equal([2L, 5, 1], pool.Candidates("bo", [3, 2, 77, 5]).Distinct());

        // Documents imported later are in.
        pool.Add([6], [45]);
        Assert.True(pool.Contains(6));
        Assert.Equal([5L, 2, 6, 1], pool.Candidates("bo", null));
    }

    [Fact]
    public void Documents_sent_back_for_relabelling_come_first_until_answered()
    {
        var pool = new TaskPool();
        pool.Add([1, 2, 3, 4], [10, 20, 30, 40]);
        pool.SetFront([4, 3]);
        Assert.Equal([4L, 3, 2, 1], pool.Candidates("ana", [2, 1, 4, 3]).Distinct());

        pool.SetCurrent(4, [(7, "bo", AnnotationKind.Answer)]);
        Assert.Equal([3L, 2, 1], pool.Candidates("ana", [2, 1, 4, 3]).Distinct());

        pool.Remove([3]);
        Assert.Equal([2L, 1], pool.Candidates("ana", [2, 1, 3]).Distinct());
    }
}
