import Hummingbird

/// Liveness and readiness probes.
struct HealthController<Repository: QuoteRepository> {
    let repository: Repository

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("healthz") { _, _ in try JSONResponse.make(["status": "ok"]) }
        router.get("readyz") { _, _ in
            guard await repository.isReady() else { throw Problem(.serviceUnavailable, "the database does not answer") }
            return try JSONResponse.make(["status": "ready"])
        }
        router.rejectOtherMethods(on: "healthz", allowed: [.get])
        router.rejectOtherMethods(on: "readyz", allowed: [.get])
    }
}
