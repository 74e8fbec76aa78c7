import Hummingbird

/// The API's contract, `openapi.json` at the top of the repository, embedded at build time
/// (see the EmbedResources plugin) and served as written.
enum OpenAPIDocument {}

struct OpenAPIController {
    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        let body = ByteBuffer(string: OpenAPIDocument.json)
        router.get("openapi.json") { request, _ in
            Response(
                status: .ok, headers: [.contentType: "application/json; charset=utf-8"],
                body: .init(byteBuffer: body)
            )
        }
        router.rejectOtherMethods(on: "openapi.json", allowed: [.get])
    }
}
