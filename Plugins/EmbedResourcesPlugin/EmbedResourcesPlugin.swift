import Foundation
import PackagePlugin

/// Embeds the package's top-level `migrations/*.sql` and `openapi.json` into the target as Swift source,
/// so that the installed binary needs nothing from the source tree.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let folder = context.package.directoryURL.appending(path: "migrations")
        let migrations = try FileManager.default
            .contentsOfDirectory(at: folder, includingPropertiesForKeys: nil)
            .filter { $0.pathExtension == "sql" }
            .sorted { $0.lastPathComponent < $1.lastPathComponent }
        let openAPI = context.package.directoryURL.appending(path: "openapi.json")
        let output = context.pluginWorkDirectoryURL.appending(path: "EmbeddedResources.swift")
        return [
            .buildCommand(
                displayName: "Embedding openapi.json and \(migrations.count) SQL migrations",
                executable: try context.tool(named: "EmbedResources").url,
                arguments: [output.path, openAPI.path] + migrations.map(\.path),
                inputFiles: [openAPI] + migrations,
                outputFiles: [output]
            ),
        ]
    }
}
