import Hummingbird

/// The API's contracts, embedded at build time (see the EmbedResources plugin) and served as written:
/// `openapi.json` at the top of the repository for quotegen's own API, `openapi-quotable.json` for Quotable's
/// API under `/quotable/`.
enum OpenAPIDocument {}

struct OpenAPIController {
    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        for (path, document) in [("openapi.json", OpenAPIDocument.json), ("quotable/openapi.json", OpenAPIDocument.quotable)] {
            let body = ByteBuffer(string: document)
            router.get(RouterPath(path)) { request, _ in
                Response(
                    status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                    body: .init(byteBuffer: body)
                )
            }
            router.rejectOtherMethods(on: RouterPath(path), allowed: [.get])
        }
    }
}
