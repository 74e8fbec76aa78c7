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
        var records: [Record] = []
        var fields: [String] = []
        var field = String.UnicodeScalarView()
        var line = 1
        var recordLine = 1
        var inQuotes = false
        var quotedFieldEnded = false
        var error: String?
        var scalars = text.unicodeScalars.makeIterator()
        var pending: Unicode.Scalar? = nil

        func endField() {
            fields.append(String(field))
            field = String.UnicodeScalarView()
            quotedFieldEnded = false
        }
        func endRecord() {
            endField()
            if !(fields.count == 1 && fields[0].isEmpty && error == nil) {
                records.append(Record(fields: fields, line: recordLine, error: error))
            }
            fields = []
            error = nil
        }

        while let scalar = pending ?? scalars.next() {
            pending = nil
            if inQuotes {
                if scalar == "\"" {
                    if let next = scalars.next() {
                        if next == "\"" { field.append("\"") } else { inQuotes = false; quotedFieldEnded = true; pending = next }
                    } else {
                        inQuotes = false
                        quotedFieldEnded = true
                    }
                } else {
                    if scalar == "\n" { line += 1 }
                    field.append(scalar)
                }
                continue
            }
            switch scalar {
            case ",":
                endField()
            case "\n":
                endRecord()
                line += 1
                recordLine = line
            case "\r":
                // CRLF ends a record; a lone CR is kept as data.
                if let next = scalars.next() {
                    if next == "\n" { pending = next } else { field.append(scalar); pending = next }
                }
            case "\"":
                if field.isEmpty && !quotedFieldEnded { inQuotes = true }
                else { error = error ?? "a '\"' inside a field that is not quoted" }
            default:
                if quotedFieldEnded { error = error ?? "text after a quoted field's closing '\"'" }
                field.append(scalar)
            }
        }
        if inQuotes { error = error ?? "a quoted field is not closed before the end of the file" }
        if !fields.isEmpty || !field.isEmpty || error != nil { endRecord() }
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
