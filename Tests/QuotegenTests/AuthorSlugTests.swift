import Testing
@testable import QuotegenCore

/// What a slug is made of (`AuthorSlug`), and how collisions are numbered.
@Suite struct AuthorSlugTests {
    @Test(arguments: [
        ("Émile Zola", "emile-zola"),
        ("  Jean-Paul   Sartre ", "jean-paul-sartre"),
        ("Martin Luther King, Jr.", "martin-luther-king-jr"),
        ("O'Brien", "o-brien"),
        ("50 Cent", "50-cent"),
        ("Лев Толстой", "author"),
        ("!!!", "author"),
        ("Ångström & Čapek", "angstrom-capek"),
    ])
    func aSlugIsTheFoldedNameWithEveryOtherRunOfCharactersOneDash(name: String, slug: String) {
        #expect(AuthorSlug.base(for: name) == slug)
        #expect(AuthorSlug.isWellFormed(slug))
    }

    @Test func aLongNameIsCutAtTheLimitWithoutADashAtTheEnd() {
        let slug = AuthorSlug.base(for: String(repeating: "word ", count: 40))
        #expect(slug.count <= AuthorSlug.maxBaseLength)
        #expect(!slug.hasSuffix("-"))
    }

    @Test func collisionsAreNumberedFromTwoInTheOrderNamesArrive() {
        let slugs = AuthorSlug.assign(["Émile Zola", "Emile Zola!", "Лев Толстой", "emile-zola", "Анна", "Ada"], taken: ["ada"])
        #expect(slugs == ["emile-zola", "emile-zola-2", "author", "emile-zola-3", "author-2", "ada-2"])
    }

    @Test(arguments: ["", "-a", "a-", "a--b", "A", "a b", "é", "a_b", "a|b"])
    func whatIsNotASlugIsRecognised(text: String) {
        #expect(!AuthorSlug.isWellFormed(text))
    }
}
