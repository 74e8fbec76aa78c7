import ArgumentParser
import Foundation
import QuotegenCore
import QuotegenHTTP

/// `quotegen token create|list|revoke`: named admin tokens, kept in the store (only their SHA-256).
struct TokenCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "token",
        abstract: "Create, list and revoke named admin tokens (each server on the store sees a change within a second).",
        subcommands: [Create.self, List.self, Revoke.self]
    )

    struct Create: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a token and print it once (only its SHA-256 is stored: keep it now).")

        @Argument(help: "Who or what will use it: letters, digits, '.', '_', '-' (up to 64).")
        var name: String

        @Option(help: "Lifetime, e.g. 90m, 12h, 30d, 2w. [default: never expires]")
        var expires: String?

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runCommand { command in
                try AdminTokenName.validate(name)
                let lifetime = try expires.map { text throws(TokenLifetimeInvalid) in try TokenLifetime(text) }
                let now = Date()
                let token = AdminTokenSecret.generate()
                let expiry = lifetime.map { Timestamp.string(from: now.addingTimeInterval(TimeInterval($0.seconds))) }
                try await command.withStore(database) { opened in
                    try await opened.store.createAdminToken(
                        name: name, digest: AdminTokenSecret.digest(token), createdAt: Timestamp.string(from: now), expiresAt: expiry
                    )
                }
                print(token)
                let until = expiry.map { "until \($0)" } ?? "until revoked"
                FileHandle.standardError.write(Data("token '\(name)' created, valid \(until); it is shown only this once\n".utf8))
            }
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the tokens (never the tokens themselves).")

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runCommand { command in
                let tokens = try await command.withStore(database, readOnly: true) { try await $0.store.adminTokens() }
                let now = Timestamp.string(from: Date())
                let rows = [["NAME", "CREATED", "EXPIRES", "LAST USED", "STATE"]] + tokens.map { token in
                    let state = token.revokedAt.map { "revoked \($0)" } ?? (token.expiresAt.map { $0 <= now } == true ? "expired" : "active")
                    return [token.name, token.createdAt, token.expiresAt ?? "never", token.lastUsedAt ?? "never", state]
                }
                let widths = (0..<5).map { column in rows.map { $0[column].count }.max() ?? 0 }
                for row in rows {
                    print(zip(row, widths).map { $0.padding(toLength: $1, withPad: " ", startingAt: 0) }.joined(separator: "  ")
                        .trimmingCharacters(in: .whitespaces))
                }
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a token: every server refuses it within a second.")

        @Argument(help: "The token's name.")
        var name: String

        @OptionGroup var database: DatabaseOptions

        func run() async throws {
            try await runCommand { command in
                let revoked = try await command.withStore(database) { opened in
                    try await opened.store.revokeAdminToken(name: name, at: Timestamp.string(from: Date()))
                }
                guard revoked else { throw NoSuchToken(name: name) }
                print("token '\(name)' revoked")
            }
        }
    }
}

struct NoSuchToken: UserFacingError {
    let name: String
    var description: String { "no token named '\(name)' is active ('quotegen token list' shows them)" }
}
