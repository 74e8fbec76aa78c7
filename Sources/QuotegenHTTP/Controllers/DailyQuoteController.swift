import Foundation
import Hummingbird
import QuotegenCore

/// `GET /quote/today`: the same quote for every caller for the whole day.
struct DailyQuoteController<Repository: QuoteRepository> {
    let repository: Repository
    let now: @Sendable () -> Date

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("quote/today", use: today)
        router.rejectOtherMethods(on: "quote/today", allowed: [.get])
    }

    @Sendable func today(_ request: Request, context: some RequestContext) async throws -> Response {
        let zone = try QuoteDay.timeZone(named: try QuoteQueryParameters(request).string("tz"))
        let mediaType = try QuoteMediaType.negotiate(request.headers[.accept])
        let day = QuoteDay(at: now(), in: zone)
        guard let quote = try await repository.dailyQuote(
            day: day.name, createdBefore: Timestamp.string(from: day.candidatesCreatedBefore)
        ) else {
            throw Problem(.notFound, "the store has no quotes")
        }
        // The tag names the day, the quote's state and the representation, so a cache never serves
        // yesterday's quote, an edited one, or text to a JSON client.
        let etag = "\"\(day.name)-\(quote.id)-\(quote.revision)\(mediaType == .plainText ? "-text" : "")\""
        let headers: HTTPFields = [.eTag: etag, .cacheControl: "public, max-age=\(day.secondsLeft)", .vary: "Accept"]
        if let notModified = EntityTags.notModified(request, headers: headers) { return notModified }
        return QuoteRepresentation.response(quote, as: mediaType, headers: headers)
    }
}
