import Foundation
import Logging
import Synchronization
import QuotegenJSON

/// swift-log's `StreamLogHandler` line format (`2026-11-30T19:09:04+0000 info quotegen: key=value [Module]
/// message`), written to a `LogOutput` rather than straight to the stream, with the timestamp formatted once
/// per second rather than once per line.
public struct TextLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let output: LogOutput

    public init(label: String, output: LogOutput) {
        self.label = label
        self.output = output
    }

    public func log(event: LogEvent) {
        var line = LocalTimestamp.now()
        line += " \(event.level)"
        if !label.isEmpty { line += " \(label)" }
        line += ":"
        for (key, value) in metadata(for: event).sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += " [\(event.source)] \(event.message)\n"
        output.write(line.utf8, urgent: event.level >= .warning)
    }
}

/// `strftime("%Y-%m-%dT%H:%M:%S%z")` in local time, computed once per second of the clock.
enum LocalTimestamp {
    private static let last = Mutex<(second: time_t, text: String)>((-1, ""))

    static func now() -> String {
        let second = time(nil)
        if let cached = last.withLock({ $0.second == second ? $0.text : nil }) { return cached }
        var moment = second
        var local = tm()
        var buffer = [CChar](repeating: 0, count: 64)
        guard localtime_r(&moment, &local) != nil else { return "<unknown>" }
        strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &local)
        let text = String(cString: buffer)
        last.withLock { $0 = (second, text) }
        return text
    }
}
