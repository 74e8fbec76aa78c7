/// What `q` asks for, read as words and never as a query language: each word must begin a word of the text, a
/// `"quoted phrase"` must appear as a phrase, and all of them must hold. Case and accents do not matter (the
/// search index folds both). Punctuation inside a word separates it into parts that must follow each other,
/// as they do in the text ("don't" is "don" then "t").
public struct SearchText: Sendable, Equatable {
    public enum Term: Sendable, Equatable {
        /// Words in this order, the last one a prefix.
        case prefix([String])
        /// Words in this order, each complete.
        case phrase([String])
    }

    /// A longer `q`, in code points, is a 400: a search is a few words, not a document.
    public static let maximumLength = 256

    public let terms: [Term]

    /// `q` as typed (already percent-decoded). Nil when it holds no term at all (empty or only blanks).
    public init?(_ text: String) throws(SearchTextError) {
        guard text.unicodeScalars.count <= Self.maximumLength else { throw SearchTextError(length: text.unicodeScalars.count) }
        var terms: [Term] = []
        var inPhrase = false
        var current = ""
        func close() {
            let words = Self.words(current)
            current = ""
            guard !words.isEmpty else { return }
            terms.append(inPhrase ? .phrase(words) : .prefix(words))
        }
        for character in text {
            if character == "\"" {
                close()
                inPhrase.toggle()
            } else if !inPhrase && character.isWhitespace {
                close()
            } else {
                current.append(character)
            }
        }
        close()
        // Only blanks: no search. Only punctuation (`q=*`, `q="`): a search that matches nothing.
        guard !terms.isEmpty || text.contains(where: { !$0.isWhitespace }) else { return nil }
        self.terms = terms
    }

    /// Whether nothing in it can match: it had no letter or digit.
    public var matchesNothing: Bool { terms.isEmpty }

    /// The runs of letters, digits and marks, in order; everything else separates them.
    static func words(_ text: String) -> [String] {
        var words: [String] = []
        var word = String.UnicodeScalarView()
        for scalar in text.unicodeScalars {
            if isWordScalar(scalar) {
                word.append(scalar)
            } else if !word.isEmpty {
                words.append(String(word))
                word = String.UnicodeScalarView()
            }
        }
        if !word.isEmpty { words.append(String(word)) }
        return words
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.properties.generalCategory {
        case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
             .decimalNumber, .letterNumber, .otherNumber,
             .nonspacingMark, .spacingMark, .enclosingMark, .privateUse:
            true
        default:
            false
        }
    }
}

public struct SearchTextError: Error, Equatable {
    /// The length of the `q` refused, in code points.
    public let length: Int
}
