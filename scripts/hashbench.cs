#:project ../BigTechChat.UserService/BigTechChat.UserService.csproj
// Single-hash time of each bcrypt the user service can use (docs/benchmarks.md, "Password hashing").
// Run: dotnet run -c Release scripts/hashbench.cs -- [cost, default 12] [rounds, default 10]
using System.Diagnostics;
using BigTechChat.UserService.Passwords;

var cost = args.Length > 0 ? int.Parse(args[0]) : 12;
var rounds = args.Length > 1 ? int.Parse(args[1]) : 10;
IBcrypt[] implementations =
[
    LibxcryptBcrypt.TryLoad(LibxcryptBcrypt.DefaultLibrary, out var reason) ?? throw new InvalidOperationException(reason),
    new ManagedBcrypt(),
];
const string Password = "Secret#123";
var stored = implementations.ToDictionary(b => b.Name, b => b.Hash(Password, cost)); // also the warm-up
var hashMs = implementations.ToDictionary(b => b.Name, _ => new List<double>());
var verifyMs = implementations.ToDictionary(b => b.Name, _ => new List<double>());

// Alternating, so a change in the shared machine's load hits both alike.
for (var i = 0; i < rounds; i++)
{
    foreach (var bcrypt in implementations)
    {
        var sw = Stopwatch.StartNew();
        var hash = bcrypt.Hash(Password, cost);
        hashMs[bcrypt.Name].Add(sw.Elapsed.TotalMilliseconds);
        sw.Restart();
        // Each verifies the other's hash: the timing also proves they are interchangeable.
        var verified = bcrypt.Verify(Password, stored[implementations.First(o => o != bcrypt).Name]);
        verifyMs[bcrypt.Name].Add(sw.Elapsed.TotalMilliseconds);
        if (!verified || hash.Length != 60)
        {
            throw new InvalidOperationException($"{bcrypt.Name} did not verify the other's hash");
        }
    }
}

static string Stats(List<double> ms) => $"median {ms.Order().ElementAt(ms.Count / 2),6:F1} ms (min {ms.Min():F1}, max {ms.Max():F1})";
foreach (var bcrypt in implementations)
{
    Console.WriteLine($"{bcrypt.Name,-16} $2b${cost:D2}$  hash {Stats(hashMs[bcrypt.Name])}  verify {Stats(verifyMs[bcrypt.Name])}  ({rounds} each)");
}
