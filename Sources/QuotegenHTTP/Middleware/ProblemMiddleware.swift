import Hummingbird
import Logging
import NIOCore
import NIOHTTP1
import QuotegenCore
import QuotegenJSON

/// Turns every error into problem details, so that no 4xx or 5xx leaves without a `application/problem+json` body
/// (under `/quotable/`, the same problem in Quotable's error body: `QuotableError`).
struct ProblemMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        do {
            return try await next(request, context)
        } catch {
            let problem = Self.problem(for: error, request: request, logger: context.logger)
            return request.uri.path.hasPrefix(QuotableError.pathPrefix) ? QuotableError.response(problem) : problem.response()
        }
    }

    static func problem(for error: any Error, request: Request, logger: Logger) -> Problem {
        switch error {
        case let problem as Problem:
            return problem
        case let body as QuoteBodyError:
            return Problem(body.isUnprocessable ? .unprocessableContent : .badRequest, body.detail)
        case let invalid as QuoteValidationError:
            return Problem(.unprocessableContent, invalid.description)
        case QuoteStoreError.notFound(let id):
            return Problem(.notFound, "there is no quote with id \(id)")
        case QuoteStoreError.duplicate(let existingID):
            return Problem(
                .conflict, "a quote with the same text already exists: id \(existingID)",
                headers: [.location: "/quotes/\(existingID)"], members: ["existing_id": existingID]
            )
        case QuoteStoreError.unknownCursor(let id):
            return Problem(.badRequest, "after must name a quote; there was never a quote with id \(id)")
        case QuoteStoreError.cursorOutsideSearch(let id):
            return Problem(
                .badRequest, "after: quote \(id) does not match q (any more); page with the same q and sort, or start again without after"
            )
        case QuoteStoreError.unknownRevision(let id, let revision, let latest):
            return Problem(
                .unprocessableContent, "the field 'revision': quote \(id) has no revision \(revision); its revisions run from 1 to \(latest) (GET /quotes/\(id)/history lists those kept)",
                members: ["latest_revision": latest]
            )
        case AuthorStoreError.notFound(let slug):
            return Problem(.notFound, "there is no author with slug '\(slug)'")
        case AuthorStoreError.preconditionFailed:
            return Problem(.preconditionFailed, "If-Match does not match the author's current ETag; nothing was changed")
        case QuoteStoreError.preconditionFailed:
            return Problem(.preconditionFailed, "If-Match does not match the quote's current ETag; nothing was changed")
        case let parserError as HTTPParserError:
            // A malformed body (a bad chunk size, a body cut short): the client's mistake, not the server's.
            logger.debug("request body rejected by the HTTP parser", metadata: ["error": "\(parserError)"])
            return Problem(.badRequest, HTTP1RequestHeadHandler.detail(parserError))
        case is ChannelError, is IOError:
            // The client went away while its request was being read; nobody will read this answer.
            logger.debug("client disconnected during the request", metadata: ["error": "\(error)"])
            return Problem(.badRequest, "the connection closed before the whole request arrived")
        case let error where DiskFull.matches(error):
            logger.error("write failed: the disk is full", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(
                HTTPResponse.Status(code: 507, reasonPhrase: "Insufficient Storage"),
                "the server's disk is full: nothing was saved; try again once space is freed"
            )
        case let gone as DatabaseFileGone:
            return Problem(.serviceUnavailable, gone.description)
        case let unavailable as StoreUnavailable:
            logger.warning("database unavailable", metadata: ["reason": "\(unavailable.reason)"])
            return Problem(.serviceUnavailable, unavailable.description, headers: [.retryAfter: "1"])
        case let httpError as HTTPError:
            return Problem(httpError.status, httpError.body ?? defaultDetail(httpError.status, request), headers: httpError.headers)
        case let responseError as any HTTPResponseError:
            return Problem(responseError.status, defaultDetail(responseError.status, request))
        default:
            logger.error("request failed", metadata: ["error": "\(String(reflecting: error))"])
            return Problem(.internalServerError, "the server failed to answer this request; the error is in its log")
        }
    }

    private static func defaultDetail(_ status: HTTPResponse.Status, _ request: Request) -> String {
        switch status {
        case .notFound: "there is nothing at \(request.uri.path)"
        case .contentTooLarge: "the body is larger than \(JSONRequestBody.maxBytes) bytes"
        default: status.reasonPhrase
        }
    }
}
