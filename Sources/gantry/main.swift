import GantryCLI

await Entrypoint.main()
