import Logging
import QuotegenApp

/// Logging goes to standard error, at `QUOTEGEN_LOG_LEVEL`. Only the executable bootstraps it.
enum LoggingSetup {
    static func bootstrap(environment: [String: String]) throws -> Logger {
        let level = try ServerSettings.logLevel(environment: environment)
        LoggingSystem.bootstrap { label in
            var handler = StreamLogHandler.standardError(label: label)
            handler.logLevel = level
            return handler
        }
        return Logger(label: "quotegen")
    }
}
