import Hummingbird

extension Router {
    /// Answers 405 with an `Allow` header on `path` for every method it has no route for.
    /// Hummingbird's router alone answers 404 there.
    func rejectOtherMethods(on path: RouterPath, allowed: [HTTPRequest.Method]) {
        var allowed = allowed
        if allowed.contains(.get) { allowed.append(.head) }
        let allow = allowed.map(\.rawValue).joined(separator: ", ")
        // Every method of RFC 9110 and RFC 5789 that a request can carry to a path (CONNECT names a host instead),
        // and QUERY (a safe method with a body, in the HTTP working group's drafts).
        let every: [HTTPRequest.Method] = [.get, .head, .post, .put, .patch, .delete, .options, .trace, HTTPRequest.Method("QUERY")!]
        for method in every where !allowed.contains(method) {
            on(path, method: method) { request, _ -> Response in
                throw Problem(
                    .methodNotAllowed,
                    "\(request.method.rawValue) is not allowed on \(request.uri.path); allowed: \(allow)",
                    headers: [.allow: allow]
                )
            }
        }
    }
}
