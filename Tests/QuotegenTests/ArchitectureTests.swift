import Foundation
import Testing

/// The module graph is a promise of `Package.swift`: `scripts/check-architecture.py` reads it and every source
/// file's imports, the README's graph, and the sizes of files and functions, and names each breach.
@Suite(.timeLimit(.minutes(1))) struct ArchitectureTests {
    @Test func everyImportIsDeclaredAndTheReadmeGraphIsPackageSwifts() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", root.appending(path: "scripts/check-architecture.py").path]
        let output = Pipe()
        process.standardOutput = output
        process.standardError = output
        try process.run()
        let report = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect(process.terminationStatus == 0, "\(report)")
    }
}
