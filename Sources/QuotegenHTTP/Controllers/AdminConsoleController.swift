import HTTPTypes
import Hummingbird

/// The admin console's files (`console/` at the top of the repository), embedded at build time by the
/// EmbedResources plugin.
enum AdminConsoleFiles {}

/// Serves the admin console at `/admin/`: static files only; the page talks to the same API as curl does, with
/// the token the admin types. Each answer forbids everything the page does not need: scripts and styles from
/// this origin only (none inline), no frames around it, no referrer, no type sniffing (`NoSniffMiddleware`).
struct AdminConsoleController {
    /// The page's whole allowance. `connect-src 'self'`: the API; `img-src 'self'`: the icon; nothing else loads.
    static let contentSecurityPolicy = """
        default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; \
        base-uri 'none'; form-action 'none'; frame-ancestors 'none'
        """

    private struct File {
        let body: ByteBuffer
        let contentType: String
        let etag: String
    }

    private static let types = [
        "html": "text/html; charset=utf-8", "css": "text/css; charset=utf-8",
        "js": "text/javascript; charset=utf-8", "svg": "image/svg+xml",
    ]

    private let files: [String: File] = AdminConsoleFiles.contents.reduce(into: [:]) { files, entry in
        let type = entry.key.split(separator: ".").last.flatMap { Self.types[String($0)] } ?? "application/octet-stream"
        files[entry.key] = File(body: ByteBuffer(string: entry.value), contentType: type, etag: EntityTags.strongTag(for: entry.value.utf8))
    }

    private static let referrerPolicy = HTTPField.Name("Referrer-Policy")!
    private static let frameOptions = HTTPField.Name("X-Frame-Options")!

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("admin") { request, _ in
            // Relative links in the page need the trailing slash: /admin alone is sent there.
            guard request.uri.path.hasSuffix("/") else {
                return Response(status: .permanentRedirect, headers: [.location: "/admin/",  Self.referrerPolicy: "no-referrer"])
            }
            return try serve("index.html", request)
        }
        router.get("admin/:file") { request, context in
            try serve(context.parameters.get("file") ?? "", request)
        }
        router.rejectOtherMethods(on: "admin", allowed: [.get])
        router.rejectOtherMethods(on: "admin/:file", allowed: [.get])
    }

    private func serve(_ name: String, _ request: Request) throws -> Response {
        guard let file = files[name] else { throw Problem(.notFound, "the admin console has no file named '\(name)'") }
        var headers: HTTPFields = [
            .contentType: file.contentType, .eTag: file.etag, .cacheControl: "no-cache",
            .contentSecurityPolicy: Self.contentSecurityPolicy, Self.referrerPolicy: "no-referrer", Self.frameOptions: "DENY",
        ]
        if let notModified = EntityTags.notModified(request, headers: headers) { return notModified }
        headers[.contentLength] = String(file.body.readableBytes)
        return Response(status: .ok, headers: headers, body: .init(byteBuffer: file.body))
    }
}
