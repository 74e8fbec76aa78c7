import ArgumentParser
import Foundation
import QuotegenRuntime
import QuotegenServer

struct HealthcheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "healthcheck",
        abstract: "Exit 0 if the server on the configured host and port answers /healthz, else 1.",
        discussion: "For Docker's HEALTHCHECK, which then needs no curl in the image."
    )

    @OptionGroup var listen: ListenOptions

    func run() throws {
        let address: (host: String, port: Int)
        do {
            address = try ServerSettings.resolveListenAddress(
                host: listen.host, port: listen.port, environment: ProcessInfo.processInfo.environment
            )
        } catch {
            throw ValidationError(error.description)
        }
        guard HealthProbe.isHealthy(host: address.host, port: address.port) else {
            FileHandle.standardError.write(Data("quotegen: no healthy server at \(address.host):\(address.port)\n".utf8))
            throw ExitCode(1)
        }
        print("healthy")
    }
}
