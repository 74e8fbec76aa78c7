import Foundation
import QuotegenJSON

/// Reads a transfer file into quote records, each with the line it starts on. A malformed row becomes a
/// rejection and the rest are still read; a file that cannot be read as its format at all throws.
enum TransferFileReader {
    struct Row {
        let line: Int
        let record: QuoteRecord
    }

    /// Fields that `quotegen export` writes besides the quote's content; an import ignores them. The target store
    /// gives each new author its own slug, the same as the source's when the authors arrive in the order the
    /// source met them (an export into an empty store) and no other author holds it.
    static let exportOnlyFields: Set<String> = ["id", "author_slug", "source", "created_at", "updated_at"]

    /// `firstLine` numbers the first line of `contents`, which may be a part of a file that starts at a line
    /// (see `lineAlignedParts`); a CSV file is always read whole.
    static func read(_ contents: Data, format: TransferFormat, firstLine: Int = 1) throws(TransferError) -> (rows: [Row], rejections: [RowRejection]) {
        switch format {
        case .txt: return readText(contents, firstLine: firstLine)
        case .jsonl: return readJSONLines(contents, firstLine: firstLine)
        case .csv: return try readCSV(contents)
        }
    }

    /// `contents` cut into up to `count` parts at line ends, each with the number of its first line, so that
    /// line-per-record formats can be read in parallel.
    static func lineAlignedParts(_ contents: Data, count: Int) -> [(data: Data, firstLine: Int)] {
        var parts: [(Data, Int)] = []
        var start = contents.startIndex
        var line = 1
        let target = max(contents.count / max(count, 1), 1)
        while start < contents.endIndex {
            var end = min(start + target, contents.endIndex)
            if end < contents.endIndex, parts.count < count - 1 {
                end = contents[end...].firstIndex(of: UInt8(ascii: "\n")).map { $0 + 1 } ?? contents.endIndex
            } else {
                end = contents.endIndex
            }
            let part = contents[start..<end]
            parts.append((Data(part), line))
            line += part.reduce(0) { $0 + ($1 == UInt8(ascii: "\n") ? 1 : 0) }
            start = end
        }
        return parts
    }

    /// The seed file's rules (`SeedFile`): UTF-8 line by line, trimmed, blank lines skipped.
    private static func readText(_ contents: Data, firstLine: Int) -> (rows: [Row], rejections: [RowRejection]) {
        let file = SeedFile(contents: contents, firstLine: firstLine)
        return (
            file.lines.map { Row(line: $0.line, record: QuoteRecord(text: $0.text, author: nil, tags: [])) },
            file.rejections.map { RowRejection(line: $0.line, reason: $0.reason) }
        )
    }

    private static func readJSONLines(_ contents: Data, firstLine: Int) -> (rows: [Row], rejections: [RowRejection]) {
        var rows: [Row] = []
        var rejections: [RowRejection] = []
        for (index, line) in contents.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false).enumerated() {
            let number = firstLine + index
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            guard case .object(var object)? = JSONValue.parse(line) else {
                rejections.append(RowRejection(line: number, reason: "not a JSON object in UTF-8"))
                continue
            }
            for field in exportOnlyFields { object[field] = nil }
            do {
                let body = try QuoteRequestBody(json: object)
                rows.append(Row(line: number, record: QuoteRecord(text: body.quote, author: body.author, tags: body.tags)))
            } catch {
                rejections.append(RowRejection(line: number, reason: error.detail))
            }
        }
        return (rows, rejections)
    }

    private static func readCSV(_ contents: Data) throws(TransferError) -> (rows: [Row], rejections: [RowRejection]) {
        var bytes = contents[...]
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes = bytes.dropFirst(3) }
        guard String(validating: bytes, as: UTF8.self) != nil else { throw TransferError("the CSV file is not valid UTF-8") }
        var records = Array(bytes).withUnsafeBufferPointer { CSV.records(in: $0) }[...]
        guard let header = records.popFirst() else { return ([], []) }
        let columns = header.fields.map { $0.trimmingWhitespace().lowercased() }
        let known: Set<String> = exportOnlyFields.union(["quote", "author", "tags"])
        if let unknown = columns.first(where: { !known.contains($0) }) {
            throw TransferError("the CSV header has an unknown column '\(unknown)'; the columns are quote (required), author, tags")
        }
        guard let quoteColumn = columns.firstIndex(of: "quote") else {
            throw TransferError("the CSV header (line \(header.line)) has no 'quote' column")
        }
        let authorColumn = columns.firstIndex(of: "author")
        let tagsColumn = columns.firstIndex(of: "tags")
        var rows: [Row] = []
        var rejections: [RowRejection] = []
        for record in records {
            if let error = record.error {
                rejections.append(RowRejection(line: record.line, reason: error))
            } else if record.fields.count != columns.count {
                rejections.append(RowRejection(line: record.line, reason: "\(record.fields.count) fields; the header has \(columns.count)"))
            } else {
                let author = authorColumn.map { record.fields[$0] }.flatMap { $0.isEmpty ? nil : $0 }
                let tags = tagsColumn.map { record.fields[$0].split(separator: " ").map(String.init) } ?? []
                rows.append(Row(line: record.line, record: QuoteRecord(text: record.fields[quoteColumn], author: author, tags: tags)))
            }
        }
        return (rows, rejections)
    }
}
