// The ceiling of this stack on this machine, for scripts/bench.sh: Hummingbird 2 answering GET /quote
// with a fixed JSON body, no middleware, no database, nothing logged. quotegen cannot answer faster
// than this; the benchmark prints both in the same run.
//
//   hummingbird-ceiling PORT        (binds 127.0.0.1)
import Hummingbird
import Logging

let port = CommandLine.arguments.dropFirst().first.flatMap(Int.init) ?? 8081
let body = ByteBuffer(string: #"{"quote":"Simplicity is prerequisite for reliability."}"#)
let router = Router()
router.get("quote") { _, _ in
    Response(status: .ok, headers: [.contentType: "application/json; charset=utf-8"], body: .init(byteBuffer: body))
}
var logger = Logger(label: "hummingbird-ceiling")
logger.logLevel = .warning
let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: port)), logger: logger)
try await app.runService()
