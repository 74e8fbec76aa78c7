import Foundation
import Hummingbird

/// JSON responses, written with one encoder made once for the process.
enum JSONResponse {
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    static func make(
        _ value: some Encodable,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) throws -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        let body = try encoder.encode(value)
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// A 200 for a listing with a strong ETag derived from its bytes, or a bodiless 304 when the request's
    /// `If-None-Match` already names it. `no-cache` makes caches revalidate rather than serve a stale list.
    static func makeRevalidated(_ value: some Encodable, for request: Request) throws -> Response {
        let body = try encoder.encode(value)
        let etag = EntityTags.strongTag(for: body)
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "no-cache"]
        if let notModified = EntityTags.notModified(request, headers: headers) { return notModified }
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
