import Foundation
import HummingbirdTesting
import Testing
@testable import QuotegenHTTP

/// The admin console as the server serves it. What it does in a browser is `scripts/console-test.py`'s (headless
/// Chromium, in CI); here, what the server promises about its files.
@Suite(.timeLimit(.minutes(1))) struct AdminConsoleTests {
    @Test func theConsoleIsServedWithHeadersThatForbidInlineCodeFramingReferrersAndSniffing() async throws {
        try await withApp { client, _ in
            for (path, type) in [("/admin/", "text/html"), ("/admin/console.js", "text/javascript"), ("/admin/console.css", "text/css"), ("/admin/favicon.svg", "image/svg+xml")] {
                let response = try await client.execute(uri: path, method: .get)
                #expect(response.status == .ok, "\(path)")
                #expect(response.headers[.contentType]?.hasPrefix(type) == true, "\(path)")
                let policy = try #require(response.headers[.contentSecurityPolicy])
                let directives = Dictionary(uniqueKeysWithValues: policy.split(separator: ";").map { directive in
                    let words = directive.split(separator: " ").map(String.init)
                    return (words[0], Set(words.dropFirst()))
                })
                #expect(directives["default-src"] == ["'none'"])
                #expect(directives["script-src"] == ["'self'"])
                #expect(directives["style-src"] == ["'self'"])
                #expect(directives["frame-ancestors"] == ["'none'"])
                #expect(response.headers[.init("Referrer-Policy")!] == "no-referrer")
                #expect(response.headers[.init("X-Content-Type-Options")!] == "nosniff")
                let etag = try #require(response.headers[.eTag])
                #expect(try await client.execute(uri: path, method: .get, headers: [.ifNoneMatch: etag]).status == .notModified)
            }
        }
    }

    @Test func adminWithoutItsSlashIsRedirectedAndAnUnknownFileIsA404() async throws {
        try await withApp { client, _ in
            let bare = try await client.execute(uri: "/admin", method: .get)
            #expect(bare.status == .permanentRedirect)
            #expect(bare.headers[.location] == "/admin/")
            let unknown = try await client.execute(uri: "/admin/secrets.txt", method: .get)
            #expect(unknown.status == .notFound)
            #expect(unknown.headers[.contentType] == "application/problem+json")
            #expect(try await client.execute(uri: "/admin/console.js", method: .post).status == .methodNotAllowed)
        }
    }

    /// The CSP forbids inline code; these keep the page within it, and keep quote text out of the HTML parser.
    @Test func thePageHasNoInlineCodeAndTheScriptNeverWritesHTML() throws {
        let page = try #require(AdminConsoleFiles.contents["index.html"])
        #expect(page.firstMatch(of: /<script(?![^>]*\bsrc=)[^>]*>/) == nil, "an inline script")
        #expect(page.firstMatch(of: /<style\b/) == nil, "an inline style sheet")
        #expect(page.firstMatch(of: /\sstyle\s*=/) == nil, "a style attribute")
        #expect(page.firstMatch(of: /\son[a-z]+\s*=/) == nil, "an event handler attribute")
        #expect(page.firstMatch(of: /(src|href)\s*=\s*"(https?:)?\/\//) == nil, "a resource from another origin")
        let script = try #require(AdminConsoleFiles.contents["console.js"])
        for sink in ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"] {
            #expect(!script.contains(sink), "console.js uses \(sink)")
        }
        #expect(!script.contains("localStorage"), "the token must live in sessionStorage only")
        #expect(!script.contains("http://") && !script.contains("https://"), "a request to another origin")
    }

    @Test func everyTextOfTheConsoleExistsInEnglishAndFrench() throws {
        let script = try #require(AdminConsoleFiles.contents["console.js"])
        func keys(_ language: String) throws -> Set<String> {
            let start = try #require(script.range(of: "  \(language): {\n"))
            let end = try #require(script[start.upperBound...].range(of: "\n  },"))
            let block = script[start.upperBound..<end.lowerBound]
            // Keys begin a line or follow "{ " or ", ", never inside a text.
            return Set(block.matches(of: /(?:^ +|\{ |, )(\w+): "/.anchorsMatchLineEndings()).map { String($0.1) })
        }
        let (english, french) = (try keys("en"), try keys("fr"))
        #expect(english.count > 40)
        #expect(english == french)
        let page = try #require(AdminConsoleFiles.contents["index.html"])
        let used = Set(page.matches(of: /data-i18n="(\w+)"/).map { String($0.1) })
        #expect(used.subtracting(english) == [], "the page names texts that are not translated")
    }
}
