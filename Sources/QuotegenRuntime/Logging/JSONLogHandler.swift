import Foundation
import Logging
import QuotegenCore
import QuotegenJSON

/// One JSON object per line, for log collectors (`QUOTEGEN_LOG_FORMAT=json`): `timestamp` (RFC 3339, UTC),
/// `level`, `label`, `message`, then each metadata key at the top level (a key that would shadow one of those
/// four is written as `metadata.KEY`).
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?

    private let label: String
    private let write: @Sendable (Data, Logger.Level) -> Void

    private static let reserved: Set<String> = ["timestamp", "level", "label", "message"]

    /// Writes to `output`.
    public init(label: String, output: LogOutput) {
        self.init(label: label) { line, level in output.write(line, urgent: level >= .warning) }
    }

    public init(label: String, write: @escaping @Sendable (Data, Logger.Level) -> Void) {
        self.label = label
        self.write = write
    }

    public func log(event: LogEvent) {
        var fields: [String: Logger.MetadataValue] = [
            "timestamp": .string(Timestamp.string(from: Date())),
            "level": .string(event.level.rawValue),
            "label": .string(label),
            "message": .string(event.message.description),
        ]
        for (key, value) in metadata(for: event) {
            fields[Self.reserved.contains(key) ? "metadata.\(key)" : key] = value
        }
        var json = JSONWriter()
        json.value(fields)
        write(Data(json.bytes + [UInt8(ascii: "\n")]), event.level)
    }
}

/// Metadata as JSON: strings stay strings, dictionaries objects (keys sorted), arrays arrays.
extension Logger.MetadataValue: JSONWritable {
    public func write(to json: inout JSONWriter) {
        switch self {
        case .string(let string): json.string(string)
        case .stringConvertible(let convertible): json.string(convertible.description)
        case .array(let values): json.array(values) { $0.value($1) }
        case .dictionary(let dictionary): json.value(dictionary)
        }
    }
}
