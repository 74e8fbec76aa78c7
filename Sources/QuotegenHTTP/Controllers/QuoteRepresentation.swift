import Hummingbird
import QuotegenCore
import QuotegenJSON

/// A single quote answered as JSON or, when `Accept` prefers it, as one line of plain text
/// (`text — author`), so that `curl -H 'Accept: text/plain'` fits a shell prompt or a login banner.
enum QuoteRepresentation {
    /// `mediaType` is negotiated by the caller, before any database work, so a 406 costs nothing.
    static func response(_ quote: Quote, as mediaType: QuoteMediaType, headers: HTTPFields = [:]) -> Response {
        var headers = headers
        headers[.vary] = "Accept"
        switch mediaType {
        case .json:
            return JSONResponse.make(QuoteResource(quote: quote), headers: headers)
        case .plainText:
            headers[.contentType] = "text/plain; charset=utf-8"
            return Response(status: .ok, headers: headers, body: .init(byteBuffer: ByteBuffer(string: line(quote))))
        }
    }

    static func line(_ quote: Quote) -> String {
        if let author = quote.author { "\(quote.text) — \(author)\n" } else { "\(quote.text)\n" }
    }
}
