import Foundation

/// Asks a running server's `/healthz` whether it is up, over plain TCP, so that the container's
/// health check needs no curl. Blocking and bounded by `timeout`: meant for the CLI, not for handlers.
public enum HealthProbe {
    /// True when `GET /healthz` on host:port answers 200 within `timeout` seconds.
    /// A wildcard listen address (`0.0.0.0`, `::`) is probed on loopback.
    public static func isHealthy(host: String, port: Int, timeout: Int = 3) -> Bool {
        let target = switch host {
        case "0.0.0.0", "": "127.0.0.1"
        case "::", "[::]": "::1"
        default: host
        }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var addresses: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(target, String(port), &hints, &addresses) == 0, let first = addresses else { return false }
        defer { freeaddrinfo(addresses) }

        let socket = Glibc.socket(first.pointee.ai_family, first.pointee.ai_socktype, first.pointee.ai_protocol)
        guard socket >= 0 else { return false }
        defer { close(socket) }
        var limit = timeval(tv_sec: timeout, tv_usec: 0)
        setsockopt(socket, SOL_SOCKET, SO_RCVTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        setsockopt(socket, SOL_SOCKET, SO_SNDTIMEO, &limit, socklen_t(MemoryLayout<timeval>.size))
        guard connect(socket, first.pointee.ai_addr, first.pointee.ai_addrlen) == 0 else { return false }

        let request = "GET /healthz HTTP/1.1\r\nHost: \(target):\(port)\r\nConnection: close\r\n\r\n"
        let sent = request.withCString { send(socket, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
        guard sent == request.utf8.count else { return false }
        var buffer = [UInt8](repeating: 0, count: 64)
        let received = recv(socket, &buffer, buffer.count, 0)
        guard received > 0 else { return false }
        let statusLine = String(decoding: buffer[..<received], as: UTF8.self)
        return statusLine.hasPrefix("HTTP/1.1 200") || statusLine.hasPrefix("HTTP/1.0 200")
    }
}
