import Foundation

extension Unicode.Scalar {
    /// `U+001B`: how messages name a character.
    public var codePointName: String {
        let hex = String(value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }
}

extension String {
    /// Unicode Normalization Form C: "Café" typed with a combining accent and with a precomposed é become the
    /// same string, byte for byte, so that SQLite's comparisons (duplicates, filters) agree with what people see.
    /// Every input path (API, seed file, import, query parameters) stores or compares this form.
    public var nfc: String {
        // Text made only of ASCII is already in every normal form.
        utf8.allSatisfy({ $0 < 0x80 }) ? self : precomposedStringWithCanonicalMapping
    }

    /// Whether anything in it shows: a text made only of white space, format characters (U+200B ZERO WIDTH
    /// SPACE, U+2060 WORD JOINER…) and other default-ignorable code points renders as nothing.
    var hasVisibleCharacters: Bool {
        unicodeScalars.contains { scalar in
            let properties = scalar.properties
            return !properties.isWhitespace && !properties.isDefaultIgnorableCodePoint
                && properties.generalCategory != .format && properties.generalCategory != .control
        }
    }
}

extension String {
    /// The form in which two names are the same name: case and accents folded ("Émile Zola", "emile zola" and
    /// "EMILE ZOLA" share one key), as the search index folds words (`unicode61 remove_diacritics 2`).
    /// The `author` filter, the authors' tallies and the in-memory index compare this key.
    public var searchKey: String {
        let lowered = lowercased()
        guard !lowered.utf8.allSatisfy({ $0 < 0x80 }) else { return lowered }
        // Decomposed, an accented letter is its base letter and combining marks; the marks are dropped.
        var scalars = String.UnicodeScalarView()
        for scalar in lowered.decomposedStringWithCanonicalMapping.unicodeScalars
        where scalar.properties.generalCategory != .nonspacingMark {
            scalars.append(scalar)
        }
        return String(scalars).nfc
    }
}
