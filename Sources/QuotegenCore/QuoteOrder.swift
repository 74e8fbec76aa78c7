/// The orders `GET /quotes` lists in. Ties on `created_at` are broken by id, so every order is total
/// and paging with `after` never skips or repeats a quote.
public enum QuoteOrder: String, Sendable, CaseIterable {
    case id = "id"
    case idDescending = "-id"
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    /// Best match first (bm25), then by id; only with a search (`q`), and its default there.
    case relevance = "relevance"
}
