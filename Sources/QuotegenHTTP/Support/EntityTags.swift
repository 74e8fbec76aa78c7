import Hummingbird
import QuotegenCore

/// Conditional request headers (RFC 9110 §13.1) against a resource's current ETag.
enum EntityTags {
    /// The bodiless 304 for a GET whose `If-None-Match` already names `headers[.eTag]`, or nil to answer in full.
    /// `headers` are the ones the full answer would carry (ETag, Cache-Control, Vary).
    static func notModified(_ request: Request, headers: HTTPFields) -> Response? {
        guard let condition = request.headers[.ifNoneMatch], let etag = headers[.eTag],
              noneMatchHits(condition, current: etag) else { return nil }
        return Response(status: .notModified, headers: headers)
    }

    /// `If-None-Match`: weak comparison, so `W/"x"` matches `"x"`.
    static func noneMatchHits(_ header: String, current: String) -> Bool {
        header.trimmingWhitespace() == "*" || (entityTags(header) ?? []).contains { weak($0) == weak(current) }
    }

    /// Whether an `If-Match` holds for a resource whose current ETag is `current` (strong comparison: a weak tag
    /// never matches). A header that is not `*` or a list of entity tags (`"x"`, `W/"x"`), an empty one included,
    /// is a 400: a precondition the server cannot read is not one that failed. The document's `If-Match` pattern
    /// says the same.
    static func ifMatchHolds(_ header: String, current: String) throws -> Bool {
        if header.trimmingWhitespace() == "*" { return true }
        guard let tags = entityTags(header) else {
            throw Problem(.badRequest, "If-Match must be * or a list of ETags such as \"1-3\"; got '\(header)'")
        }
        return tags.contains(current)
    }

    /// The tags of a list such as `"a", W/"b,c"` (RFC 9110 §8.8.3: `[W/] DQUOTE *etagc DQUOTE`, etagc being visible
    /// ASCII but the quote; a comma may sit inside a tag), or nil when it is not one.
    /// Throws `QuoteStoreError.preconditionFailed` unless `condition` (an `If-Match` value, if any) names the
    /// quote's current state.
    static func check(ifMatch condition: String?, _ current: Quote) throws {
        if let condition, try !ifMatchHolds(condition, current: current.etag) {
            throw QuoteStoreError.preconditionFailed
        }
    }

    static func entityTags(_ header: String) -> [String]? {
        var tags: [String] = []
        var rest = Substring(header)
        while true {
            rest = rest.drop { $0 == " " || $0 == "\t" }
            let start = rest.startIndex
            if rest.hasPrefix("W/") { rest = rest.dropFirst(2) }
            guard rest.first == "\"" else { return nil }
            rest = rest.dropFirst()
            guard let close = rest.firstIndex(of: "\""),
                  rest[..<close].unicodeScalars.allSatisfy({ $0.value == 0x21 || (0x23...0x7E).contains($0.value) }) else { return nil }
            tags.append(String(header[start...close]))
            rest = rest[rest.index(after: close)...].drop { $0 == " " || $0 == "\t" }
            if rest.isEmpty { return tags }
            guard rest.first == "," else { return nil }
            rest = rest.dropFirst()
        }
    }

    /// A strong tag for a representation's exact bytes (64-bit FNV-1a, in hex).
    static func strongTag(for bytes: some Sequence<UInt8>) -> String {
        "\"\(String(StableHash.fnv1a(bytes), radix: 16))\""
    }

    private static func weak(_ tag: String) -> String {
        tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
    }
}
