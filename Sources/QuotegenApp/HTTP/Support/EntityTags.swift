import Hummingbird

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
        tags(in: header).contains { $0 == "*" || weak($0) == weak(current) }
    }

    /// The request's `If-Match`, if it has one that is well formed: `*` or a list of entity tags (`"x"`, `W/"x"`).
    /// Anything else, an empty value included, is a 400: a precondition the server cannot read is not one that
    /// failed.
    static func ifMatch(_ request: Request) throws -> String? {
        guard let header = request.headers[.ifMatch] else { return nil }
        let elements = header.split(separator: ",", omittingEmptySubsequences: false).map { $0.trimmingWhitespace() }
        let wellFormed = header.trimmingWhitespace() == "*" || (!elements.allSatisfy(\.isEmpty) && elements.allSatisfy { element in
            element.isEmpty || isEntityTag(element)
        })
        guard wellFormed else {
            throw Problem(.badRequest, "If-Match must be * or a list of ETags such as \"1-3\"; got '\(header)'")
        }
        return header
    }

    /// `"etagc*"` or `W/"etagc*"` (RFC 9110 §8.8.3): no quote, control character or space inside.
    private static func isEntityTag(_ text: String) -> Bool {
        let tag = text.hasPrefix("W/") ? text.dropFirst(2) : Substring(text)
        guard tag.count >= 2, tag.first == "\"", tag.last == "\"" else { return false }
        return tag.dropFirst().dropLast().unicodeScalars.allSatisfy { $0.value == 0x21 || (0x23...0x7E).contains($0.value) || $0.value >= 0x80 }
    }

    /// `If-Match`: strong comparison; a weak tag never matches.
    static func matchHolds(_ header: String, current: String) -> Bool {
        tags(in: header).contains { $0 == "*" || $0 == current }
    }

    /// A strong tag for a representation's exact bytes (64-bit FNV-1a, in hex).
    static func strongTag(for bytes: some Sequence<UInt8>) -> String {
        "\"\(String(StableHash.fnv1a(bytes), radix: 16))\""
    }

    private static func tags(in header: String) -> [String] {
        header.split(separator: ",").map { $0.trimmingWhitespace() }.filter { !$0.isEmpty }
    }

    private static func weak(_ tag: String) -> String {
        tag.hasPrefix("W/") ? String(tag.dropFirst(2)) : tag
    }
}
