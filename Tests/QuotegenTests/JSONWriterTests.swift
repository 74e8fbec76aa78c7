import Foundation
import Testing
@testable import QuotegenCore
@testable import QuotegenJSON
@testable import QuotegenHTTP

@Suite(.timeLimit(.minutes(1))) struct JSONWriterTests {
    /// The bytes Foundation's encoder wrote before (sorted keys, `/` unescaped), so ETags and clients see no change.
    @Test func writesWhatFoundationWroteForQuotes() throws {
        let texts = [
            "plain", "", "quote \" backslash \\ slash / end", "lines\nand\ttabs\r", "bell \u{7} and \u{1F} and \u{0}",
            "\u{8}\u{C}", "é, 中文, 😀, \u{2028}", String(repeating: "long ", count: 200),
        ]
        for (offset, text) in texts.enumerated() {
            let quote = Quote(
                id: Int64(offset), text: text, author: offset.isMultiple(of: 2) ? nil : "Ada \"the\" Countess",
                tags: offset.isMultiple(of: 3) ? [] : ["a", "b-2"], source: .api,
                createdAt: "2026-01-01T00:00:00.000Z", updatedAt: "2026-01-02T00:00:00.000Z", revision: 1
            )
            let ours = JSONWriter.bytes(of: QuoteResource(quote: quote))
            #expect(String(decoding: ours, as: UTF8.self) == (try foundationJSON(quote)), "text #\(offset)")
        }
    }

    @Test func pagesListsAndProblemsAreValidJSONWithNullWhereAbsent() throws {
        let page = Page(items: [TallyResource(Tally(name: "x\"y", count: 2))], next: String?.none)
        #expect(String(decoding: JSONWriter.bytes(of: page), as: UTF8.self) == #"{"items":[{"count":2,"name":"x\"y"}],"next":null}"#)
        let empty = Page<QuoteResource, Int64>(items: [], next: 7)
        #expect(String(decoding: JSONWriter.bytes(of: empty), as: UTF8.self) == #"{"items":[],"next":7}"#)
        let problem = Problem(.conflict, "already there", members: ["existing_id": 3])
        let parsed = try #require(JSONValue.parse(JSONWriter.bytes(of: problem)))
        #expect(parsed == .object([
            "type": .string("about:blank"), "title": .string("Conflict"), "status": .number(409),
            "detail": .string("already there"), "existing_id": .number(3),
        ]))
    }

    private func foundationJSON(_ quote: Quote) throws -> String {
        struct Mirror: Encodable {
            let id: Int64, quote: String, author: String?, author_slug: String?, tags: [String], source: String
            let created_at: String, updated_at: String
            enum CodingKeys: String, CodingKey { case id, quote, author, author_slug, tags, source, created_at, updated_at }
            func encode(to encoder: any Encoder) throws {
                var container = encoder.container(keyedBy: CodingKeys.self)
                try container.encode(id, forKey: .id)
                try container.encode(quote, forKey: .quote)
                try container.encode(author, forKey: .author)
                try container.encode(author_slug, forKey: .author_slug)
                try container.encode(tags, forKey: .tags)
                try container.encode(source, forKey: .source)
                try container.encode(created_at, forKey: .created_at)
                try container.encode(updated_at, forKey: .updated_at)
            }
        }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let mirror = Mirror(
            id: quote.id, quote: quote.text, author: quote.author, author_slug: quote.authorSlug, tags: quote.tags, source: quote.source.rawValue,
            created_at: quote.createdAt, updated_at: quote.updatedAt
        )
        return String(decoding: try encoder.encode(mirror), as: UTF8.self)
    }
}
