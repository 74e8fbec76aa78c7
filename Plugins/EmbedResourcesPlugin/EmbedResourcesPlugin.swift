import Foundation
import PackagePlugin

/// Embeds the package's top-level files into the target that owns them, as Swift source, so that the installed
/// binary needs nothing from the source tree: `migrations/sqlite/*.sql` into QuotegenSQLite,
/// `migrations/postgres/*.sql` into QuotegenPostgres, `openapi.json`, `openapi-quotable.json` and the admin console (`console/`) into
/// QuotegenHTTP.
@main
struct EmbedResourcesPlugin: BuildToolPlugin {
    func createBuildCommands(context: PluginContext, target: Target) throws -> [Command] {
        let root = context.package.directoryURL
        let (kind, inputs): (String, [URL])
        func migrations(_ engine: String) throws -> [URL] {
            try FileManager.default
                .contentsOfDirectory(at: root.appending(path: "migrations/\(engine)"), includingPropertiesForKeys: nil)
                .filter { $0.pathExtension == "sql" }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
        }
        switch target.name {
        case "QuotegenSQLite":
            (kind, inputs) = ("migrations", try migrations("sqlite"))
        case "QuotegenPostgres":
            (kind, inputs) = ("postgres-migrations", try migrations("postgres"))
        case "QuotegenHTTP":
            kind = "http"
            let console = try FileManager.default
                .contentsOfDirectory(at: root.appending(path: "console"), includingPropertiesForKeys: nil)
                .filter { !$0.lastPathComponent.hasPrefix(".") }
                .sorted { $0.lastPathComponent < $1.lastPathComponent }
            inputs = [root.appending(path: "openapi.json"), root.appending(path: "openapi-quotable.json")] + console
        default:
            throw EmbedError(description: "EmbedResourcesPlugin knows nothing to embed into \(target.name)")
        }
        let output = context.pluginWorkDirectoryURL.appending(path: "Embedded-\(kind).swift")
        return [
            .buildCommand(
                displayName: "Embedding \(inputs.count) file(s) into \(target.name)",
                executable: try context.tool(named: "EmbedResources").url,
                arguments: [kind, output.path] + inputs.map(\.path),
                inputFiles: inputs,
                outputFiles: [output]
            ),
        ]
    }
}

struct EmbedError: Error, CustomStringConvertible {
    let description: String
}
