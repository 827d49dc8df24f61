using System.Reflection;
using OrthoRegen.Data;
using Xunit.Sdk;

namespace OrthoRegen.Testing;

/// <summary>Runs a theory once on SQLite and once on PostgreSQL (the test receives the <see cref="DatabaseProvider"/>).</summary>
public sealed class BothEnginesAttribute : DataAttribute
{
    public override IEnumerable<object[]> GetData(MethodInfo testMethod) =>
        [[DatabaseProvider.Sqlite], [DatabaseProvider.Postgres]];
}
