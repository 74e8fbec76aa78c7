import Logging
import Foundation
import Testing
@testable import QuotegenJSON
@testable import QuotegenRuntime

@Suite(.timeLimit(.minutes(1))) struct LogOutputTests {
    /// A LogOutput on a temporary file, and what has reached the file so far.
    private func withOutput(interval: TimeInterval, _ body: (LogOutput, () -> String) async throws -> Void) async throws {
        try await withTemporaryDirectory { folder in
            let file = folder.appending(path: "log.txt")
            _ = FileManager.default.createFile(atPath: file.path, contents: nil)
            let handle = try FileHandle(forWritingTo: file)
            defer { try? handle.close() }
            let output = LogOutput(fileDescriptor: handle.fileDescriptor, interval: interval)
            try await body(output) { (try? String(contentsOf: file, encoding: .utf8)) ?? "" }
        }
    }

    @Test func urgentLinesAreWrittenAtOnceWithEverythingQueuedBeforeThemInOrder() async throws {
        try await withOutput(interval: 3600) { output, written in
            output.write("one\n".utf8, urgent: false)
            output.write("two\n".utf8, urgent: false)
            output.write("warning\n".utf8, urgent: true)
            #expect(written() == "one\ntwo\nwarning\n")
        }
    }

    @Test func queuedLinesLeaveOnFlushOrByThemselvesSoon() async throws {
        try await withOutput(interval: 3600) { output, written in
            output.write("queued\n".utf8, urgent: false)
            output.flush()
            #expect(written() == "queued\n")
        }
        try await withOutput(interval: 0.05) { output, written in
            output.write("later\n".utf8, urgent: false)
            let arrived = try await eventually(seconds: 5) { written() == "later\n" }
            #expect(arrived)
        }
    }

    @Test func textLinesKeepStreamLogHandlersFormat() async throws {
        try await withOutput(interval: 3600) { output, written in
            var handler = TextLogHandler(label: "quotegen", output: output)
            handler[metadataKey: "z"] = "last"
            let logger = Logger(label: "quotegen") { _ in handler }
            logger.info("request", metadata: ["status": "200", "method": "GET"])
            logger.debug("not at this level")
            output.flush()
            let line = written()
            let pattern = #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d{4} info quotegen: method=GET status=200 z=last \[QuotegenTests\] request\n$/#
            #expect(line.wholeMatch(of: pattern) != nil, "\(line)")
        }
    }
}
