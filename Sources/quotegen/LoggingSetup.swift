import Logging
import QuotegenRuntime
import QuotegenServer

/// Logging goes to standard error, at `QUOTEGEN_LOG_LEVEL`, as text or JSON lines (`QUOTEGEN_LOG_FORMAT`).
/// Only the executable bootstraps it. Lines are buffered (`LogOutput`); `runCommand` flushes them.
enum LoggingSetup {
    static func bootstrap(environment: [String: String]) throws -> Logger {
        let level = try ServerSettings.logLevel(environment: environment)
        let format = try ServerSettings.logFormat(environment: environment)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = switch format {
            case .text: TextLogHandler(label: label, output: .standardError)
            case .json: JSONLogHandler(label: label, output: .standardError)
            }
            handler.logLevel = level
            return handler
        }
        return Logger(label: "quotegen")
    }
}
