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
