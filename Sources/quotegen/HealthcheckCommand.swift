import ArgumentParser
import Foundation
import QuotegenApp

struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 if the server on the configured host and port answers /healthz, else 1.",
        discussion: "For Docker's HEALTHCHECK, which then needs no curl in the image."
    )

    @Option(help: "Host the server listens on. [env: QUOTEGEN_HOST, default: \(ServerSettings.defaultHost)]")
    var host: String?

    @Option(help: "Port the server listens on. [env: QUOTEGEN_PORT, default: \(ServerSettings.defaultPort)]")
    var port: Int?

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let host = host ?? environment["QUOTEGEN_HOST"].flatMap { $0.isEmpty ? nil : $0 } ?? ServerSettings.defaultHost
        let port = port ?? environment["QUOTEGEN_PORT"].flatMap { Int($0) } ?? ServerSettings.defaultPort
        guard HealthProbe.isHealthy(host: host, port: port) else {
            FileHandle.standardError.write(Data("quotegen: no healthy server at \(host):\(port)\n".utf8))
            throw ExitCode(1)
        }
        print("healthy")
    }
}
