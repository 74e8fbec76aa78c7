import Foundation
import Hummingbird

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
        let body = (try? JSONResponse.encoder.encode(Body(problem: self))) ?? Data()
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: body)))
    }

    private struct Body: Encodable {
        let problem: Problem

        struct Key: CodingKey {
            var stringValue: String
            var intValue: Int? { nil }
            init(_ string: String) { stringValue = string }
            init?(stringValue: String) { self.stringValue = stringValue }
            init?(intValue: Int) { nil }
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: Key.self)
            // "about:blank": the status code says it all, as RFC 9457 §4.2.1 intends.
            try container.encode("about:blank", forKey: Key("type"))
            try container.encode(problem.status.reasonPhrase, forKey: Key("title"))
            try container.encode(problem.status.code, forKey: Key("status"))
            try container.encode(problem.detail, forKey: Key("detail"))
            for (name, value) in problem.members {
                try container.encode(value, forKey: Key(name))
            }
        }
    }
}
