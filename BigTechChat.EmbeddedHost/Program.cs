using BigTechChat.EmbeddedHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

// The generic host owns Ctrl+C and SIGTERM; the four web hosts inside run under EmbeddedSystemService.
var builder = Host.CreateApplicationBuilder(args);
builder.Services.AddSingleton(EmbeddedHostSettings.Options(builder.Configuration, builder.Environment, args));
builder.Services.AddHostedService<EmbeddedSystemService>();
await builder.Build().RunAsync();
