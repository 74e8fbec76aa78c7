import Foundation

/// RFC 4180 CSV: fields separated by ',', records by CRLF or LF; a field holding ',', '"' or a line break is
/// quoted, with '"' doubled inside.
enum CSV {
    /// One record and the 1-based line it starts on; `error` when it is malformed.
    struct Record {
        var fields: [String]
        var line: Int
        var error: String?
    }

    /// Splits UTF-8 text into records. Blank lines are skipped.
    static func records(in text: String) -> [Record] {
        var text = text
        return text.withUTF8 { records(in: $0) }
    }

    /// The same over UTF-8 bytes: every byte the grammar cares about is ASCII, so fields are cut as byte
    /// ranges and decoded once, instead of being built a character at a time.
    static func records(in bytes: UnsafeBufferPointer<UInt8>) -> [Record] {
        let quote = UInt8(ascii: "\""), comma = UInt8(ascii: ","), newline = UInt8(ascii: "\n"), cr = UInt8(ascii: "\r")
        var records: [Record] = []
        var fields: [String] = []
        var error: String?
        var line = 1
        var recordLine = 1
        var position = 0
        let count = bytes.count

        func endRecord() {
            if !(fields.count == 1 && fields[0].isEmpty && error == nil) {
                records.append(Record(fields: fields, line: recordLine, error: error))
            }
            fields = []
            error = nil
        }

        while position < count {
            // One field, starting at `position`.
            if bytes[position] == quote {
                position += 1
                var field: [UInt8] = []
                var closed = false
                while position < count {
                    let byte = bytes[position]
                    position += 1
                    if byte == quote {
                        if position < count, bytes[position] == quote {
                            field.append(quote)
                            position += 1
                        } else {
                            closed = true
                            break
                        }
                    } else {
                        if byte == newline { line += 1 }
                        field.append(byte)
                    }
                }
                if !closed { error = error ?? "a quoted field is not closed before the end of the file" }
                fields.append(String(decoding: field, as: UTF8.self))
                // After the closing quote: a separator, a line end, or the end.
                let after = position
                while position < count, bytes[position] != comma, bytes[position] != newline,
                      !(bytes[position] == cr && position + 1 < count && bytes[position + 1] == newline) {
                    position += 1
                }
                if position > after { error = error ?? "text after a quoted field's closing '\"'" }
            } else {
                let start = position
                while position < count, bytes[position] != comma, bytes[position] != newline {
                    if bytes[position] == quote { error = error ?? "a '\"' inside a field that is not quoted" }
                    position += 1
                }
                var end = position
                // CRLF ends a record; a lone CR is kept as data.
                if position < count, bytes[position] == newline, end > start, bytes[end - 1] == cr { end -= 1 }
                fields.append(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<end]), as: UTF8.self))
            }
            if position >= count { break }
            if bytes[position] == cr { position += 1 }  // the CR of a CRLF after a quoted field
            let separator = bytes[position]
            position += 1
            if separator == newline {
                endRecord()
                line += 1
                recordLine = line
            } else if position == count {
                fields.append("")  // a trailing comma at the very end: one more, empty field
            }
        }
        if !fields.isEmpty || error != nil { endRecord() }
        return records
    }

    /// One record as a CSV line, with its line break.
    static func line(_ fields: [String]) -> String {
        fields.map(escape).joined(separator: ",") + "\r\n"
    }

    static func escape(_ field: String) -> String {
        guard field.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }) else { return field }
        return "\"" + field.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
