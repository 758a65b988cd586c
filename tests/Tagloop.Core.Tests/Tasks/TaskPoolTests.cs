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

    [Fact]
    public void Documents_set_aside_for_someone_go_to_them_first_and_to_no_one_else_until_they_answer()
    {
        var pool = new TaskPool();
        pool.Add([1, 2, 3, 4, 5], [10, 20, 30, 40, 50]);
        pool.Reserve([(4, "ana"), (2, "ana"), (5, "bo")]);

        // Ana's own come first (in the ranking's order when there is one, else the shuffle order); Bo's never reach her.
        Assert.Equal([2L, 4, 1, 3], pool.Candidates("ana", null).Distinct());
        Assert.Equal([4L, 2, 3, 1], pool.Candidates("ana", [5, 4, 3, 2, 1]).Distinct());
        Assert.Equal([5L, 1, 3], pool.Candidates("bo", null).Distinct());
        Assert.Equal([1L, 3], pool.Candidates("cy", null).Distinct());
        Assert.True(pool.IsAssignedTo(4, "ana"));
        Assert.False(pool.IsAssignedTo(4, "bo"));
        Assert.False(pool.IsServableTo(4, "bo"));

        // A skip keeps it hers (it comes back to her last); an answer makes it done for everyone.
        pool.SetCurrent(2, [(8, "ana", AnnotationKind.Skip)]);
        Assert.Equal([4L, 1, 3, 2], pool.Candidates("ana", null).Distinct());
        Assert.Equal([1L, 3], pool.Candidates("cy", null).Distinct());
        pool.SetCurrent(4, [(9, "ana", AnnotationKind.Answer)]);
        Assert.Equal([1L, 3, 2], pool.Candidates("ana", null).Distinct());

        // A document imported later that an assignment takes in, and a deleted one, are followed.
        pool.Add([6], [5]);
        pool.Reserve([(6, "bo")]);
        Assert.Equal([6L, 5, 1, 3], pool.Candidates("bo", null).Distinct());
        pool.Remove([5]);
        Assert.Equal([6L, 1, 3], pool.Candidates("bo", null).Distinct());
    }

    [Fact]
    public void An_overlap_document_set_aside_for_one_person_opens_to_others_once_they_have_answered()
    {
        var pool = new TaskPool(overlapShare: 1, overlapAnswers: 2);
        pool.Add([1, 2], [10, 20]);
        pool.Reserve([(2, "ana"), (2, "bo")]);
        Assert.Equal([1L], pool.Candidates("cy", null).Distinct());
        Assert.Equal([2L, 1], pool.Candidates("ana", null).Distinct());

        pool.SetCurrent(2, [(1, "ana", AnnotationKind.Answer)]);
        Assert.Equal([1L], pool.Candidates("cy", null).Distinct());
        Assert.Equal([2L, 1], pool.Candidates("bo", null).Distinct());

        // Both assignees answered: the document has its two answers and is done.
        pool.SetCurrent(2, [(1, "ana", AnnotationKind.Answer), (2, "bo", AnnotationKind.Answer)]);
        Assert.Equal([1L], pool.Candidates("cy", null).Distinct());

        // Set aside for one person only, it needs a second answer from someone else once they have answered.
        var single = new TaskPool(overlapShare: 1, overlapAnswers: 2);
        single.Add([7], [1]);
        single.Reserve([(7, "ana")]);
        Assert.Empty(single.Candidates("cy", null).Distinct());
        single.SetCurrent(7, [(1, "ana", AnnotationKind.Answer)]);
        Assert.Equal([7L], single.Candidates("cy", null).Distinct());
        Assert.Empty(single.Candidates("ana", null).Distinct());
    }
}
