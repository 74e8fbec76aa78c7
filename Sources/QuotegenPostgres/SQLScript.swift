/// A migration file cut into its statements: PostgresNIO sends each query as one prepared statement, which
/// PostgreSQL refuses to hold several commands. Splits at semicolons outside quotes, dollar-quoted bodies and
/// comments; a statement that is only comments and blanks is dropped.
enum SQLScript {
    static func statements(_ script: String) -> [String] {
        var statements: [String] = []
        var current = ""
        var hasCode = false
        let characters = Array(script)
        var index = 0
        func append(upTo end: Int) {
            current += String(characters[index..<end])
            index = end
        }
        while index < characters.count {
            let character = characters[index]
            let next: Character? = index + 1 < characters.count ? characters[index + 1] : nil
            if character == "-", next == "-" {
                let end = characters[index...].firstIndex(of: "\n") ?? characters.count
                append(upTo: end)
            } else if character == "/", next == "*" {
                let rest = String(characters[(index + 2)...])
                let length = rest.range(of: "*/").map { rest.distance(from: rest.startIndex, to: $0.upperBound) } ?? rest.count
                append(upTo: index + 2 + length)
            } else if character == "'" || character == "\"" {
                let close = characters[(index + 1)...].firstIndex(of: character) ?? (characters.count - 1)
                hasCode = true
                append(upTo: close + 1)
            } else if character == "$", let tagEnd = characters[(index + 1)...].firstIndex(of: "$"),
                      characters[(index + 1)..<tagEnd].allSatisfy({ $0.isLetter || $0 == "_" }) {
                let tag = String(characters[index...tagEnd])
                let rest = String(characters[(tagEnd + 1)...])
                let length = rest.range(of: tag).map { rest.distance(from: rest.startIndex, to: $0.upperBound) } ?? rest.count
                hasCode = true
                append(upTo: tagEnd + 1 + length)
            } else if character == ";" {
                if hasCode { statements.append(current.trimmingWhitespace()) }
                (current, hasCode) = ("", false)
                index += 1
            } else {
                if !character.isWhitespace { hasCode = true }
                append(upTo: index + 1)
            }
        }
        if hasCode { statements.append(current.trimmingWhitespace()) }
        return statements
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        String(drop(while: \.isWhitespace).reversed().drop(while: \.isWhitespace).reversed())
    }
}
