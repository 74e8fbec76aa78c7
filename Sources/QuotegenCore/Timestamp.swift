import Foundation

/// How the store writes instants: RFC 3339 in UTC with milliseconds, e.g. `2026-11-30T14:15:57.123Z`.
/// The text sorts in time order, and the API shows it as stored.
public enum Timestamp {
    private static let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true, timeZone: .gmt)

    public static func string(from date: Date) -> String { style.format(date) }
}
