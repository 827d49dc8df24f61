using OrthoRegen.Bench;

// Benchmarks: `dotnet run -c Release --project bench/OrthoRegen.Bench -- NAME [args]`. Each benchmark reports its
// figures as ratios against a baseline measured in the same run (see bench/README.md); none is a pass/fail test.
var all = typeof(IBenchmark).Assembly.GetTypes()
    .Where(t => typeof(IBenchmark).IsAssignableFrom(t) && t is { IsAbstract: false, IsInterface: false })
    .Select(t => (IBenchmark)Activator.CreateInstance(t)!)
    .OrderBy(b => b.Name)
    .ToList();
if (args.Length == 0 || all.All(b => b.Name != args[0]))
{
    Console.Error.WriteLine("usage: OrthoRegen.Bench NAME [args]\nbenchmarks:");
    foreach (var b in all) Console.Error.WriteLine($"  {b.Name,-24} {b.Description}");
    return args.Length == 0 ? 0 : 2;
}
return await all.First(b => b.Name == args[0]).RunAsync(args[1..]);

namespace OrthoRegen.Bench
{
    /// <summary>One benchmark; implementations are discovered by reflection, so adding one is adding a file.</summary>
    public interface IBenchmark
    {
        string Name { get; }
        string Description { get; }
        Task<int> RunAsync(string[] args);
    }
}
