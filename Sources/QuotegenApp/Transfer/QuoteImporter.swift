import Foundation

/// What `quotegen import` did.
public struct ImportReport: Sendable, Equatable {
    public var added = 0
    public var revived = 0
    /// Texts already stored (live, deleted and not revived, or repeated in the file).
    public var alreadyStored = 0
    /// Rows that are not valid quotes, each with its line.
    public var rejections: [RowRejection] = []
}

/// Adds the quotes of a transfer file to the store: validated like API input, then added in batched
/// transactions by `SQLiteQuoteRepository.addQuotes`, idempotently.
public struct QuoteImporter: Sendable {
    let repository: SQLiteQuoteRepository

    public init(repository: SQLiteQuoteRepository) {
        self.repository = repository
    }

    /// With `strict`, any rejected row fails the whole import (`StrictImportError`) before anything is written.
    /// `progress(done, total)` is called as batches commit.
    public func importFile(
        _ contents: Data, format: TransferFormat, revive: Bool, strict: Bool,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        let (rows, malformed) = try TransferFileReader.read(contents, format: format)
        var report = ImportReport(rejections: malformed)
        var contents: [QuoteContent] = []
        contents.reserveCapacity(rows.count)
        for row in rows {
            do {
                contents.append(try QuoteContent(text: row.record.text, author: row.record.author, tags: row.record.tags))
            } catch {
                report.rejections.append(RowRejection(line: row.line, reason: error.description))
            }
        }
        report.rejections.sort { $0.line < $1.line }
        if strict, !report.rejections.isEmpty { throw StrictImportError(rejections: report.rejections) }
        let total = contents.count
        let added = try await repository.addQuotes(contents, source: .api, revive: revive) { done in progress(done, total) }
        report.added = added.added
        report.revived = added.revived
        report.alreadyStored = added.alreadyStored
        return report
    }
}

/// `--strict` and at least one row is not a valid quote: nothing was written.
public struct StrictImportError: Error, CustomStringConvertible {
    public let rejections: [RowRejection]

    public var description: String {
        let shown = rejections.prefix(10).map(\.description).joined(separator: "\n  ")
        let more = rejections.count > 10 ? "\n  … and \(rejections.count - 10) more" : ""
        return "\(rejections.count) invalid row(s), nothing imported (--strict):\n  \(shown)\(more)"
    }
}
