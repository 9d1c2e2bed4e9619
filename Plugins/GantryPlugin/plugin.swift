import PackagePlugin
@main struct GantryPlugin: CommandPlugin { func performCommand(context: PluginContext, arguments: [String]) async throws {} }
