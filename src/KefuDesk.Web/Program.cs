using KefuDesk.Infrastructure.Hosting;

var builder = WebApplication.CreateBuilder(args);
builder.AddKefuDesk();

var app = builder.Build();
app.MapKefuDesk();

if (!await app.PrepareDatabaseAsync())
{
    return 2;
}

await app.RunAsync();
return 0;

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
