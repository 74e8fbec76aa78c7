import Foundation
import Logging

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
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// Writes to `output`.
    public init(label: String, output: LogOutput) {
        self.init(label: label) { line, level in output.write(line, urgent: level >= .warning) }
    }

    public init(label: String, write: @escaping @Sendable (Data, Logger.Level) -> Void) {
        self.label = label
        self.write = write
    }

    public func log(event: LogEvent) {
        var fields: [String: JSONLogValue] = [
            "timestamp": .string(Timestamp.string(from: Date())),
            "level": .string(event.level.rawValue),
            "label": .string(label),
            "message": .string(event.message.description),
        ]
        for (key, value) in metadata(for: event) {
            fields[Self.reserved.contains(key) ? "metadata.\(key)" : key] = JSONLogValue(value)
        }
        guard var line = try? Self.encoder.encode(fields) else { return }
        line.append(UInt8(ascii: "\n"))
        write(line, event.level)
    }
}

/// A metadata value as JSON: strings stay strings, dictionaries objects, arrays arrays.
private enum JSONLogValue: Encodable {
    case string(String)
    case array([JSONLogValue])
    case object([String: JSONLogValue])

    init(_ value: Logger.Metadata.Value) {
        switch value {
        case .string(let string): self = .string(string)
        case .stringConvertible(let convertible): self = .string(convertible.description)
        case .array(let values): self = .array(values.map(JSONLogValue.init))
        case .dictionary(let dictionary): self = .object(dictionary.mapValues(JSONLogValue.init))
        }
    }

    func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        switch self {
        case .string(let string): try container.encode(string)
        case .array(let values): try container.encode(values)
        case .object(let object): try container.encode(object)
        }
    }
}
