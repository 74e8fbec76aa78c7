import Hummingbird
import QuotegenCore
import QuotegenJSON

/// Liveness and readiness probes.
struct HealthController<Repository: QuoteRepository> {
    let repository: Repository

    func addRoutes<Context: RequestContext>(to router: Router<Context>) {
        router.get("healthz") { _, _ in JSONResponse.make(HealthStatus(status: "ok")) }
        router.get("readyz") { _, _ in
            do {
                try await repository.checkReady()
            } catch let gone as DatabaseFileGone {
                throw Problem(.serviceUnavailable, gone.description)
            } catch let loading as IndexLoading {
                throw Problem(.serviceUnavailable, loading.description)
            } catch {
                throw Problem(.serviceUnavailable, "the database does not answer")
            }
            return JSONResponse.make(HealthStatus(status: "ready"))
        }
        router.rejectOtherMethods(on: "healthz", allowed: [.get])
        router.rejectOtherMethods(on: "readyz", allowed: [.get])
    }
}

/// `{"status": …}`, the probes' answer.
struct HealthStatus: JSONWritable {
    let status: String

    func write(to json: inout JSONWriter) {
        json.object { json in json.field("status") { $0.string(status) } }
    }
}
