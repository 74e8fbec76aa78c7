import Hummingbird
import QuotegenJSON

/// Errors under `/quotable/` are answered as Quotable answers them, `{"statusCode": 404, "statusMessage": "…"}`:
/// the same statuses, headers and messages as the rest of the API (`ProblemMiddleware` maps every error once and
/// asks this for the body when the path is Quotable's), except a 404's, which is Quotable's sentence.
enum QuotableError {
    static let pathPrefix = "/quotable/"
    /// Quotable's words for a miss, which some clients compare.
    static let notFoundMessage = "The requested resource could not be found"

    static func response(_ problem: Problem) -> Response {
        var headers = problem.headers
        headers[.contentType] = "application/json; charset=utf-8"
        let message = problem.status == .notFound ? notFoundMessage : problem.detail
        let body = QuotableErrorResource(statusCode: problem.status.code, statusMessage: message)
        return Response(status: problem.status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: JSONWriter.bytes(of: body))))
    }
}
