import Foundation
import Hummingbird

/// Reads a request body that must be a JSON object, checking in order: media type (415),
/// size (413), JSON syntax and UTF-8 (400), top-level object (400).
enum JSONRequestBody {
    static let maxBytes = 64 * 1024

    static func object(of request: Request, acceptedTypes: [String] = ["application/json"]) async throws -> [String: JSONValue] {
        let mediaType = request.headers[.contentType]
            .map { $0.split(separator: ";", maxSplits: 1)[0].trimmingWhitespace().lowercased() }
        guard let mediaType, acceptedTypes.contains(mediaType) else {
            throw Problem(
                .unsupportedMediaType,
                "the body must be sent as \(acceptedTypes.joined(separator: " or ")); got \(mediaType.map { "'\($0)'" } ?? "no Content-Type")"
            )
        }
        let buffer = try await request.body.collect(upTo: maxBytes)
        guard let value = JSONValue.parse(buffer.readableBytesView) else {
            throw Problem(.badRequest, "the body is not valid JSON in UTF-8")
        }
        guard case .object(let object) = value else {
            throw Problem(.badRequest, "the body must be a JSON object; got \(value.typeName)")
        }
        return object
    }
}
