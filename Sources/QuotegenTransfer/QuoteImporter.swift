import Foundation
import QuotegenCore

/// What `quotegen import` did.
public struct ImportReport: Sendable, Equatable {
    public var added = 0
    public var revived = 0
    /// Texts already stored (live, deleted and not revived, or repeated in the file).
    public var alreadyStored = 0
    /// Rows that are not valid quotes, each with its line.
    public var rejections: [RowRejection] = []
    /// Entries of an authors file (`--authors`) that are not valid authors.
    public var authorRejections: [RowRejection] = []
}

/// Adds the quotes of a transfer file to the store: validated like API input, then added in batched
/// transactions by the store's `addQuotes`, idempotently.
public struct QuoteImporter: Sendable {
    let store: any QuoteStore

    public init(store: any QuoteStore) {
        self.store = store
    }

    /// With `strict`, any rejected row fails the whole import (`StrictImportError`) before anything is written.
    /// `progress(done, total)` is called as batches commit.
    public func importFile(
        _ contents: Data, format: TransferFormat, revive: Bool, strict: Bool,
        progress: @escaping @Sendable (_ done: Int, _ total: Int) -> Void = { _, _ in }
    ) async throws -> ImportReport {
        let (contents, rejections) = try await Self.readAndValidate(contents, format: format)
        var report = ImportReport(rejections: rejections)
        if strict, !report.rejections.isEmpty { throw StrictImportError(rejections: report.rejections) }
        let total = contents.count
        let added = try await store.addQuotes(contents, source: .api, revive: revive) { done in progress(done, total) }
        report.added = added.added
        report.revived = added.revived
        report.alreadyStored = added.alreadyStored
        return report
    }
}

extension QuoteImporter {
    /// Reads and validates on every core: line-per-record formats in line-aligned parts, CSV (whose quoted
    /// fields may span lines) read whole and validated in parts. Results keep file order.
    static func readAndValidate(_ file: Data, format: TransferFormat) async throws -> (contents: [QuoteContent], rejections: [RowRejection]) {
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        var parts: [(rows: [TransferFileReader.Row], rejections: [RowRejection])] = []
        if format == .csv {
            let (rows, rejections) = try TransferFileReader.read(file, format: .csv)
            let size = max((rows.count + cores - 1) / cores, 1)
            parts = stride(from: 0, to: rows.count, by: size).map { (Array(rows[$0..<min($0 + size, rows.count)]), []) }
            parts.append(([], rejections))
        } else {
            parts = try await withThrowingTaskGroup(of: (Int, [TransferFileReader.Row], [RowRejection]).self) { group in
                for (index, part) in TransferFileReader.lineAlignedParts(file, count: cores).enumerated() {
                    group.addTask {
                        let (rows, rejections) = try TransferFileReader.read(part.data, format: format, firstLine: part.firstLine)
                        return (index, rows, rejections)
                    }
                }
                var results: [(Int, [TransferFileReader.Row], [RowRejection])] = []
                for try await result in group { results.append(result) }
                return results.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2) }
            }
        }
        let validated = await withTaskGroup(of: (Int, [QuoteContent], [RowRejection]).self) { group in
            for (index, part) in parts.enumerated() {
                group.addTask {
                    var contents: [QuoteContent] = []
                    var rejections = part.rejections
                    contents.reserveCapacity(part.rows.count)
                    for row in part.rows {
                        do {
                            contents.append(try QuoteContent(text: row.record.text, author: row.record.author, tags: row.record.tags))
                        } catch let error as QuoteValidationError {
                            rejections.append(RowRejection(line: row.line, reason: error.description))
                        } catch {
                            rejections.append(RowRejection(line: row.line, reason: "\(error)"))
                        }
                    }
                    return (index, contents, rejections)
                }
            }
            var results: [(Int, [QuoteContent], [RowRejection])] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }
        }
        return (
            validated.flatMap { $0.1 },
            validated.flatMap { $0.2 }.sorted { $0.line < $1.line }
        )
    }
}

/// `--strict` and at least one row is not a valid quote: nothing was written.
public struct StrictImportError: UserFacingError {
    public let rejections: [RowRejection]

    public var description: String {
        let shown = rejections.prefix(10).map(\.description).joined(separator: "\n  ")
        let more = rejections.count > 10 ? "\n  … and \(rejections.count - 10) more" : ""
        return "\(rejections.count) invalid row(s), nothing imported (--strict):\n  \(shown)\(more)"
    }
}
