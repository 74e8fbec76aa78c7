import Foundation
import Testing

/// The module graph is a promise of `Package.swift`: `scripts/check-architecture.py` reads it and every source
/// file's imports, the README's graph, and the sizes of files and functions, and names each breach.
@Suite(.timeLimit(.minutes(1))) struct ArchitectureTests {
    @Test func everyImportIsDeclaredAndTheReadmeGraphIsPackageSwifts() async throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        try await withTemporaryDirectory { folder in
            let output = folder.appending(path: "report.txt").path
            let check = try Spawned(
                "/usr/bin/env", ["python3", root.appending(path: "scripts/check-architecture.py").path],
                environment: ProcessInfo.processInfo.environment, output: output
            )
            try await check.exited()
            let report = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            #expect(check.terminationStatus == 0, "\(report)")
        }
    }
}
