open System
open Microsoft.Extensions.Hosting

[<EntryPoint>]
let main args =
    let host = Host.CreateDefaultBuilder(args).Build()
    printfn "worker started at %O" DateTime.UtcNow
    host.Run()
    0
