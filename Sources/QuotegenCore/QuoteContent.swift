/// What an admin may set on a quote, already validated and normalised:
/// trimmed text and author in Unicode NFC (author nil when absent), lower-case tags without repeats.
public struct QuoteContent: Sendable, Equatable {
    public static let maxTextLength = 1000
    /// Characters can be long (a letter with dozens of combining marks): the text is also bounded in bytes.
    public static let maxTextBytes = 4000
    public static let maxAuthorLength = 200
    public static let maxAuthorBytes = 800
    public static let maxTags = 10
    public static let maxTagLength = 40

    public let text: String
    public let author: String?
    public let tags: [String]

    /// Validates and normalises raw input. Lengths count user-perceived characters.
    public init(text: String, author: String?, tags: [String]) throws(QuoteValidationError) {
        let text = text.trimmingWhitespace().nfc
        guard !text.isEmpty else { throw QuoteValidationError("quote must not be empty") }
        guard text.hasVisibleCharacters else {
            throw QuoteValidationError("quote has no visible characters (only white space or invisible format characters)")
        }
        // Counting characters walks grapheme clusters; a text of no more bytes than the limit cannot exceed it.
        guard text.utf8.count <= Self.maxTextLength || text.count <= Self.maxTextLength else {
            throw QuoteValidationError("quote is \(text.count) characters long; the limit is \(Self.maxTextLength)")
        }
        guard text.utf8.count <= Self.maxTextBytes else {
            throw QuoteValidationError("quote is \(text.utf8.count) bytes long in UTF-8; the limit is \(Self.maxTextBytes)")
        }
        // Line breaks and tabs may shape a quote; other control characters (NUL, escape sequences) only break
        // the terminals, files and databases that show it.
        try Self.rejectControlCharacters(in: text, field: "quote", allowing: ["\t", "\n", "\r"])
        let author = author?.trimmingWhitespace().nfc
        if let author, !author.isEmpty {
            guard author.hasVisibleCharacters else {
                throw QuoteValidationError("author has no visible characters; send null for no author")
            }
            guard author.utf8.count <= Self.maxAuthorLength || author.count <= Self.maxAuthorLength else {
                throw QuoteValidationError("author is \(author.count) characters long; the limit is \(Self.maxAuthorLength)")
            }
            guard author.utf8.count <= Self.maxAuthorBytes else {
                throw QuoteValidationError("author is \(author.utf8.count) bytes long in UTF-8; the limit is \(Self.maxAuthorBytes)")
            }
            try Self.rejectControlCharacters(in: author, field: "author", allowing: [])
        }
        guard tags.count <= Self.maxTags else {
            throw QuoteValidationError("\(tags.count) tags given; the limit is \(Self.maxTags)")
        }
        var normalised: [String] = []
        for tag in tags {
            guard Self.isValidTag(tag) else {
                throw QuoteValidationError(
                    "tag \"\(tag)\" is invalid: a tag is 1 to \(Self.maxTagLength) letters, digits or '-'"
                )
            }
            let lowered = tag.nfc.lowercased()
            if !normalised.contains(lowered) { normalised.append(lowered) }
        }
        self.init(uncheckedText: text, author: author?.isEmpty == true ? nil : author, tags: normalised)
    }

    /// For content read back from the store, which only ever holds validated content.
    init(uncheckedText text: String, author: String?, tags: [String]) {
        self.text = text
        self.author = author
        self.tags = tags
    }

    static func rejectControlCharacters(in value: String, field: String, allowing allowed: Set<Unicode.Scalar>) throws(QuoteValidationError) {
        // Unicode's control characters (category Cc) are exactly C0 (< U+0020), DEL and C1 (U+0080–U+009F); in UTF-8
        // every one of them has a byte below 0x20, 0x7F, or the lead byte 0xC2. Most texts have none: skip the scan.
        guard value.utf8.contains(where: { $0 < 0x20 || $0 == 0x7F || $0 == 0xC2 }) else { return }
        for (offset, scalar) in value.unicodeScalars.enumerated()
        where scalar.properties.generalCategory == .control && !allowed.contains(scalar) {
            throw QuoteValidationError("\(field) contains the control character \(scalar.codePointName) at code point \(offset + 1)")
        }
    }

    public static func isValidTag(_ tag: String) -> Bool {
        (1...maxTagLength).contains(tag.count)
            && tag.allSatisfy { $0.isLetter || $0.isNumber || $0 == "-" }
    }
}

/// Input that is well-formed but breaks a rule of the quote store (HTTP 422).
public struct QuoteValidationError: Error, Equatable, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}

extension StringProtocol {
    /// Trims white space and line breaks at both ends, as Python's `str.strip()` did in the original service.
    public func trimmingWhitespace() -> String {
        guard let first = firstIndex(where: { !$0.isWhitespace }) else { return "" }
        let last = lastIndex(where: { !$0.isWhitespace })!
        return String(self[first...last])
    }
}
