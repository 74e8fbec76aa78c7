import Hummingbird
import Foundation
import HummingbirdTesting
import Testing

/// The server as the open network meets it: a real process, raw sockets, settings made short so the bounds show.
@Suite(.timeLimit(.minutes(1))) struct ConnectionTests {
    static let shortLimits = [
        "QUOTEGEN_ADMIN_TOKEN": adminSecret, "QUOTEGEN_MAX_CONNECTIONS": "20",
        "QUOTEGEN_HEADER_TIMEOUT": "1", "QUOTEGEN_BODY_TIMEOUT": "1", "QUOTEGEN_IDLE_TIMEOUT": "1",
    ]

    @Test func atTheCapANewConnectionIs503dAtOnceAndServedWithinASecondOnceIdleOnesTimeOut() async throws {
        // Timeouts of 3 s, not 1: on a loaded machine, opening the 20 idle connections took long enough that the
        // first ones timed out before the 21st arrived, which then found room (a full parallel run beside a
        // Docker build).
        var limits = Self.shortLimits
        limits["QUOTEGEN_HEADER_TIMEOUT"] = "3"
        limits["QUOTEGEN_IDLE_TIMEOUT"] = "3"
        try await withTemporaryDirectory { folder in
            try await withServer(in: folder, environment: limits) { server, port in
                let idle = try (1...20).map { _ in try RawConnection(port: port) }
                try await Task.sleep(for: .milliseconds(200))
                let refused = try RawConnection(port: port)
                refused.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                let answer = refused.readAll()
                #expect(answer.text.hasPrefix("HTTP/1.1 503 Service Unavailable"))
                #expect(answer.text.contains("application/problem+json"))
                #expect(answer.text.lowercased().contains("x-content-type-options: nosniff"))
                #expect(answer.closed)
                // The idle ones are closed by the header timeout (3 s here)...
                for connection in idle { #expect(connection.readAll().closed) }
                // ...and a fresh client is served at once (promised within 1 s; measured in tens of milliseconds,
                // the bound leaves room for a CI machine running other suites' servers).
                let start = ContinuousClock.now
                let fresh = try RawConnection(port: port)
                fresh.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(fresh.readResponse().hasPrefix("HTTP/1.1 200 OK"))
                #expect(ContinuousClock.now - start < .seconds(2))
                #expect(server.log.contains("connection refused: too many open connections"))
            }
        }
    }

    @Test func slowHeadersIdleKeepAliveAndSlowBodiesAreTimedOut() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(in: folder, environment: Self.shortLimits) { _, port in
                // Slowloris: a header byte every 100 ms never completes a head; closed after about 1 s.
                let slow = try RawConnection(port: port, readTimeout: 0.1)
                let start = ContinuousClock.now
                var sentAll = true
                for byte in Array("GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: \(String(repeating: "a", count: 60))".utf8) {
                    guard slow.send([byte]) else { sentAll = false; break }
                    if slow.readAll().closed { sentAll = false; break }
                }
                #expect(!sentAll, "the trickled head was never cut off")
                #expect(ContinuousClock.now - start < .seconds(4))

                // A kept-alive connection that sends nothing more is closed after the idle timeout.
                let keptAlive = try RawConnection(port: port)
                keptAlive.send("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
                #expect(keptAlive.readResponse().hasPrefix("HTTP/1.1 200"))
                #expect(keptAlive.readAll().closed)

                // A body announced as 100 bytes with 10 sent is cut off after the body timeout.
                let slowBody = try RawConnection(port: port)
                slowBody.send("POST /quotes HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer \(adminSecret)\r\n"
                    + "Content-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"quote\": ")
                #expect(slowBody.readAll().closed)
            }
        }
    }

    @Test func requestsTheParserRejectsGetA400ProblemAndOneLogLine() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(in: folder) { server, port in
                let requests = [
                    "GET /\(String(repeating: "a", count: 100_000)) HTTP/1.1\r\nHost: x\r\n\r\n",
                    "GET /quote HTTP/1.1\r\nHost: x\r\nX-Big: \(String(repeating: "b", count: 200_000))\r\n\r\n",
                    "GET /quote HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
                    "POST /quotes HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n",
                ]
                for request in requests {
                    let connection = try RawConnection(port: port)
                    connection.send(request)
                    let answer = connection.readResponse()
                    #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request"), "\(request.prefix(60))")
                    #expect(answer.contains("application/problem+json"))
                    #expect(answer.contains(#""status":400"#))
                    #expect(answer.lowercased().contains("x-content-type-options: nosniff"))
                }
                _ = try await eventually { server.log.components(separatedBy: "request rejected by the HTTP parser").count - 1 >= 4 }
                #expect(server.log.components(separatedBy: "request rejected by the HTTP parser").count - 1 == 4)
            }
        }
    }

    @Test func aMalformedOrAbandonedBodyIsA400NeverA5xx() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(in: folder) { server, port in
                let id = try await liveRequest(port: port, .post, "/quotes", headers: adminHeaders(), body: #"{"quote": "Target"}"#)
                #expect(id.status == .created)
                let admin = "Authorization: Bearer \(adminSecret)\r\nContent-Type: application/json\r\n"
                for request in [
                    "POST /quotes HTTP/1.1\r\nHost: x\r\n\(admin)Transfer-Encoding: chunked\r\n\r\nzz\r\n",
                    "PUT /quotes/1 HTTP/1.1\r\nHost: x\r\n\(admin)Transfer-Encoding: chunked\r\n\r\n5\r\n{\"quote\": \"toolong\"}\r\n0\r\n\r\n",
                ] {
                    let connection = try RawConnection(port: port)
                    connection.send(request)
                    let answer = connection.readResponse()
                    #expect(answer.hasPrefix("HTTP/1.1 400 Bad Request"), "\(answer)")
                    #expect(answer.contains("application/problem+json"))
                }
                // A client that goes away halfway through its body.
                let gone = try RawConnection(port: port)
                gone.send("POST /quotes HTTP/1.1\r\nHost: x\r\n\(admin)Content-Length: 50\r\n\r\n{\"quote\":")
                try await Task.sleep(for: .milliseconds(100))
                _ = consume gone
                try await Task.sleep(for: .milliseconds(300))

                let metrics = String(buffer: try await liveRequest(port: port, .get, "/metrics").body ?? ByteBuffer())
                #expect(!metrics.contains(#"status="5xx""#), "\(metrics)")
                #expect(!server.log.contains("error"), "\(server.log)")
                #expect(!server.log.contains("status=500"))
            }
        }
    }

    @Test func http10WithoutKeepAliveIsClosedAfterItsAnswerAndWithKeepAliveStaysOpen() async throws {
        try await withTemporaryDirectory { folder in
            try await withServer(in: folder) { _, port in
                let plain = try RawConnection(port: port)
                plain.send("GET /healthz HTTP/1.0\r\n\r\n")
                let answer = plain.readAll()
                #expect(answer.closed)
                #expect(answer.text.hasPrefix("HTTP/1.1 200 OK"))
                #expect(answer.text.lowercased().contains("connection: close"))

                let keepAlive = try RawConnection(port: port, readTimeout: 0.5)
                keepAlive.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(keepAlive.readResponse().hasPrefix("HTTP/1.1 200 OK"))
                keepAlive.send("GET /healthz HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
                #expect(keepAlive.readResponse().hasPrefix("HTTP/1.1 200 OK"))
            }
        }
    }
}
