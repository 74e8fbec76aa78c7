import Hummingbird
import QuotegenCore

/// A request's query string, read as `application/x-www-form-urlencoded` (what browsers' forms,
/// `URLSearchParams` and most HTTP clients send): `+` is a space, `%XX` a byte, and the bytes UTF-8.
/// A malformed escape, bytes that are not UTF-8, or a control character is the client's mistake (400); values
/// come out in Unicode NFC, like every stored text, so that filters compare as stored.
enum QueryString {
    /// Every `name=value` pair, in order.
    static func pairs(_ query: String) throws(Problem) -> [(name: String, value: String)] {
        var pairs: [(name: String, value: String)] = []
        for component in query.utf8.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = component.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            let name = try decode(parts[0], parameter: nil)
            let value = parts.count > 1 ? try decode(parts[1], parameter: name) : ""
            pairs.append((name, value))
        }
        return pairs
    }


    private static func decode(_ encoded: Substring.UTF8View.SubSequence, parameter: String?) throws(Problem) -> String {
        let what = parameter.map { "the value of '\($0)'" } ?? "a parameter name"
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var index = encoded.startIndex
        while index < encoded.endIndex {
            let byte = encoded[index]
            switch byte {
            case UInt8(ascii: "+"):
                bytes.append(0x20)
            case UInt8(ascii: "%"):
                let first = encoded.index(after: index)
                let second = first < encoded.endIndex ? encoded.index(after: first) : first
                guard second < encoded.endIndex, let high = hexValue(encoded[first]), let low = hexValue(encoded[second]) else {
                    let shown = String(decoding: encoded[index..<min(encoded.index(index, offsetBy: 3, limitedBy: encoded.endIndex) ?? encoded.endIndex, encoded.endIndex)], as: UTF8.self)
                    throw Problem(.badRequest, "the query string has an invalid percent-encoding '\(shown)' in \(what); write a byte as % and two hex digits")
                }
                bytes.append(high << 4 | low)
                index = second
            default:
                bytes.append(byte)
            }
            index = encoded.index(after: index)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw Problem(.badRequest, "\(what) in the query string is not UTF-8 once percent-decoded")
        }
        if let control = text.unicodeScalars.first(where: { $0.properties.generalCategory == .control }) {
            throw Problem(.badRequest, "\(what) in the query string contains the control character \(control.codePointName)")
        }
        return text.nfc
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
