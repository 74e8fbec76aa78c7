import ArgumentParser
import Foundation
import Metrics
import Prometheus
import QuotegenRuntime
import QuotegenServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the quote API (the default command).",
        discussion: "Each option falls back to its QUOTEGEN_* environment variable, then to its default."
    )

    @OptionGroup var listen: ListenOptions
    @OptionGroup var database: DatabaseOptions
    @OptionGroup var seedFile: SeedFileOptions

    func run() async throws {
        try await runCommand { command in
            let settings = try ServerSettings.resolve(
                host: listen.host, port: listen.port, databasePath: database.db, seedPath: seedFile.seed, environment: command.environment
            )
            // The same registry for quotegen's own metrics and any library's that uses the global system.
            let metrics = ServerMetrics()
            MetricsSystem.bootstrap(PrometheusMetricsFactory(registry: metrics.registry))
            try await QuotegenServer.run(settings: settings, logger: command.logger, metrics: metrics)
        }
    }
}
