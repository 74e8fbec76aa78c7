import Hummingbird
import QuotegenJSON

/// An error answered as RFC 9457 problem details (`application/problem+json`).
public struct Problem: Error, HTTPResponseError, CustomStringConvertible {
    public let status: HTTPResponse.Status
    public let detail: String
    public var headers: HTTPFields = [:]
    /// Extension members, e.g. `existing_id` on a 409.
    public var members: [String: Int64] = [:]

    public init(_ status: HTTPResponse.Status, _ detail: String, headers: HTTPFields = [:], members: [String: Int64] = [:]) {
        self.status = status
        self.detail = detail
        self.headers = headers
        self.members = members
    }

    public var description: String { "\(status.code) \(status.reasonPhrase): \(detail)" }

    public func response(from request: Request, context: some RequestContext) throws -> Response {
        response()
    }

    func response() -> Response {
        var headers = self.headers
        headers[.contentType] = "application/problem+json"
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(of: self))))
    }
}

extension Problem: JSONWritable {
    public func write(to json: inout JSONWriter) {
        json.object { json in
            // "about:blank": the status code says it all, as RFC 9457 §4.2.1 intends.
            json.field("type") { $0.string("about:blank") }
            json.field("title") { $0.string(status.reasonPhrase) }
            json.field("status") { $0.integer(status.code) }
            json.field("detail") { $0.string(detail) }
            for (name, value) in members.sorted(by: { $0.key < $1.key }) {
                json.field(name) { $0.integer(value) }
            }
        }
    }
}
