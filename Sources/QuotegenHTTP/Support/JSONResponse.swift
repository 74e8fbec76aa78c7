import Hummingbird
import QuotegenJSON

/// JSON responses, written by `JSONWriter`.
enum JSONResponse {
    static func make(
        _ value: some JSONWritable,
        status: HTTPResponse.Status = .ok,
        headers: HTTPFields = [:]
    ) -> Response {
        var headers = headers
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(of: value))))
    }

    /// A 200 for a listing with a strong ETag derived from its bytes, or a bodiless 304 when the request's
    /// `If-None-Match` already names it. `no-cache` makes caches revalidate rather than serve a stale list.
    static func makeRevalidated(_ value: some JSONWritable, for request: Request) -> Response {
        let body = JSONWriter.bytes(of: value)
        let etag = EntityTags.strongTag(for: body)
        var headers: HTTPFields = [.eTag: etag, .cacheControl: "no-cache"]
        if let notModified = EntityTags.notModified(request, headers: headers) { return notModified }
        headers[.contentType] = "application/json; charset=utf-8"
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }
}
