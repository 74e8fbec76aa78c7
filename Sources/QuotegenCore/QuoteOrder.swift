/// The orders `GET /quotes` lists in. Ties are broken by id, so every order is total and paging with `after`
/// never skips or repeats a quote.
public enum QuoteOrder: String, Sendable, CaseIterable {
    case id = "id"
    case idDescending = "-id"
    case createdAt = "created_at"
    case createdAtDescending = "-created_at"
    /// By author as filters compare it (case and accents folded; no author sorts as the empty name), then id.
    case author = "author"
    case authorDescending = "-author"
    /// By the text's first 64 characters in code point order, then id (`QuoteOrder.textKeyLength`).
    case text = "text"
    case textDescending = "-text"
    /// Best match first (bm25), then by id; only with a search (`q`), and its default there.
    case relevance = "relevance"
}

extension QuoteOrder {
    /// How many characters of a text the `text` order compares before the id breaks the tie.
    public static let textKeyLength = 64

    /// The same key, highest first (`.relevance` has no reverse).
    public var descending: QuoteOrder {
        switch self {
        case .id, .idDescending: .idDescending
        case .createdAt, .createdAtDescending: .createdAtDescending
        case .author, .authorDescending: .authorDescending
        case .text, .textDescending: .textDescending
        case .relevance: .relevance
        }
    }

    /// Whether the order is the reverse of its key's.
    public var isDescending: Bool {
        switch self {
        case .idDescending, .createdAtDescending, .authorDescending, .textDescending: true
        case .id, .createdAt, .author, .text, .relevance: false
        }
    }
}
