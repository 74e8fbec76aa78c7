/// The URL-safe name of an author (`albert-einstein`), made once from the author's name when the store first
/// meets the author and never changed after: links and bookmarks to `/authors/{slug}` keep working when a quote's
/// spelling of the name is edited. The one place that says what a slug is.
public enum AuthorSlug {
    /// At most this many characters before a collision's number.
    public static let maxBaseLength = 80

    /// The slug a name asks for before collisions: case and accents folded (as `author=` compares names), every
    /// run of characters other than ASCII letters and digits one `-`, none at either end. A name with no ASCII
    /// letter or digit ("Лев Толстой") asks for `author`; its collisions are numbered like any other.
    public static func base(for name: String) -> String {
        var slug = ""
        var pendingDash = false
        for scalar in name.searchKey.unicodeScalars {
            if scalar.isASCII, scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) {
                let dash = pendingDash && !slug.isEmpty
                if slug.unicodeScalars.count + (dash ? 2 : 1) > maxBaseLength { break }
                if dash { slug.append("-") }
                pendingDash = false
                slug.unicodeScalars.append(scalar)
            } else {
                pendingDash = true
            }
        }
        return slug.isEmpty ? "author" : slug
    }

    /// The slug to try after `attempt` earlier candidates were taken by other authors: the base, then `base-2`,
    /// `base-3`, …
    public static func candidate(_ base: String, attempt: Int) -> String {
        attempt == 0 ? base : "\(base)-\(attempt + 1)"
    }

    /// Whether `text` could be a slug at all: what a route checks before asking the store.
    public static func isWellFormed(_ text: some StringProtocol) -> Bool {
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        return !text.isEmpty && parts.allSatisfy { part in
            !part.isEmpty && part.utf8.allSatisfy { (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) }
        }
    }
}

extension AuthorSlug {
    /// Slugs for `names` in order, none of them in `taken` nor given twice: what a migration gives the authors a
    /// store already has, in one pass.
    public static func assign(_ names: [String], taken: Set<String>) -> [String] {
        var taken = taken
        var nextAttempt: [String: Int] = [:]
        return names.map { name in
            let base = base(for: name)
            var attempt = nextAttempt[base, default: 0]
            while taken.contains(candidate(base, attempt: attempt)) { attempt += 1 }
            let slug = candidate(base, attempt: attempt)
            taken.insert(slug)
            nextAttempt[base] = attempt + 1
            return slug
        }
    }
}
