import Hummingbird
import QuotegenCore
import QuotegenJSON

/// `GET /authors` and `GET /tags`: names with their live quote counts, by count then name, paged.
struct TalliesController<Repository: QuoteRepository> {
    let repository: Repository

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("authors") { request, _ in
            try await page(try await repository.authors(), request, kind: "author", sameName: { $0.searchKey == $1.searchKey })
        }
        router.get("tags") { request, _ in
            try await page(try await repository.tags(), request, kind: "tag", sameName: { $0 == $1.lowercased() })
        }
        router.rejectOtherMethods(on: "authors", allowed: [.get])
        router.rejectOtherMethods(on: "tags", allowed: [.get])
    }

    /// `after` is the last name of the previous page (its `next`); the page starts right after it.
    private func page(
        _ tallies: [Tally], _ request: Request, kind: String, sameName: (String, String) -> Bool
    ) async throws -> Response {
        let query = try QuoteQueryParameters(request)
        let limit = try query.limit()
        var start = tallies.startIndex
        // An empty `after` is the first page, as for a form that leaves it blank.
        if let after = try query.string("after"), !after.isEmpty {
            guard let position = tallies.firstIndex(where: { sameName($0.name, after) }) else {
                throw Problem(.badRequest, "after: no \(kind) named '\(after)' has live quotes now; start again without after")
            }
            start = position + 1
        }
        let items = tallies[start...].prefix(limit)
        let next = start + limit < tallies.count ? items.last?.name : nil
        return JSONResponse.makeRevalidated(Page(items: items.map(TallyResource.init), next: next), for: request)
    }
}

struct TallyResource: JSONWritable {
    let name: String
    let count: Int

    init(_ tally: Tally) {
        name = tally.name
        count = tally.count
    }

    func write(to json: inout JSONWriter) {
        json.object { json in
            json.field("count") { $0.integer(count) }
            json.field("name") { $0.string(name) }
        }
    }
}
