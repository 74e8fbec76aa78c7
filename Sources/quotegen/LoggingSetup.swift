import Logging
import QuotegenApp

/// Logging goes to standard error, at `QUOTEGEN_LOG_LEVEL`, as text or JSON lines (`QUOTEGEN_LOG_FORMAT`).
/// Only the executable bootstraps it.
enum LoggingSetup {
    static func bootstrap(environment: [String: String]) throws -> Logger {
        let level = try ServerSettings.logLevel(environment: environment)
        let format = try ServerSettings.logFormat(environment: environment)
        LoggingSystem.bootstrap { label in
            var handler: any LogHandler = switch format {
            case .text: StreamLogHandler.standardError(label: label)
            case .json: JSONLogHandler.standardError(label: label)
            }
            handler.logLevel = level
            return handler
        }
        return Logger(label: "quotegen")
    }
}
