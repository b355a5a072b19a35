using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace BigTechChat.ChatService.Infrastructure;

/// <summary>
/// An EF compiled query kept once per model: a compiled query refuses a second model, and the SQLite and MySQL models
/// differ (tests use both in one process). A hot path's query then skips EF's expression-tree walk, parameter
/// extraction and query-cache lookup on every call (issue 10, docs/benchmarks.md).
/// </summary>
/// <param name="compile">Makes the delegate, e.g. with <see cref="EF.CompileAsyncQuery{TContext, TParam1, TResult}(System.Linq.Expressions.Expression{Func{TContext, TParam1, CancellationToken, TResult}})"/>.</param>
internal sealed class CompiledPerModel<TQuery>(Func<TQuery> compile) where TQuery : class
{
    private readonly ConditionalWeakTable<IModel, TQuery> _byModel = [];

    public TQuery For(DbContext db) => _byModel.GetValue(db.Model, _ => compile());
}
