import Foundation
import Hummingbird
import QuotegenJSON

/// Reads a request body that must be a JSON object, checking in order: media type (415),
/// size (413), JSON syntax and UTF-8 (400), top-level object (400).
enum JSONRequestBody {
    static let maxBytes = 64 * 1024

    static func object(of request: Request, acceptedTypes: [String] = ["application/json"]) async throws -> [String: JSONValue] {
        let parts = request.headers[.contentType]?.split(separator: ";").map { $0.trimmingWhitespace() }
        let mediaType = parts?.first?.lowercased()
        guard let mediaType, acceptedTypes.contains(mediaType) else {
            throw Problem(
                .unsupportedMediaType,
                "the body must be sent as \(acceptedTypes.joined(separator: " or ")); got \(mediaType.map { "'\($0)'" } ?? "no Content-Type")"
            )
        }
        if let charset = charset(parts?.dropFirst() ?? []), !["utf-8", "utf8"].contains(charset.lowercased()) {
            throw Problem(.unsupportedMediaType, "the body must be UTF-8; got charset '\(charset)'")
        }
        let buffer = try await request.body.collect(upTo: maxBytes)
        let value: JSONValue
        switch JSONValue.parseOrExplain(buffer.readableBytesView) {
        case .success(let parsed): value = parsed
        case .failure(let failure): throw Problem(.badRequest, failure.message)
        }
        guard case .object(let object) = value else {
            throw Problem(.badRequest, "the body must be a JSON object; got \(value.typeName)")
        }
        return object
    }

    /// The `charset` parameter of a Content-Type, without quotes.
    private static func charset(_ parameters: some Sequence<String>) -> String? {
        for parameter in parameters {
            let pair = parameter.split(separator: "=", maxSplits: 1)
            guard pair.count == 2, pair[0].trimmingWhitespace().lowercased() == "charset" else { continue }
            return pair[1].trimmingWhitespace().trimmingCharacters(in: ["\""])
        }
        return nil
    }
}
