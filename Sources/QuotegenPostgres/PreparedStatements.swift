import PostgresNIO
import QuotegenCore

/// The statements of the hot paths (`GET /quote`, `GET /quotes/{id}`, the index's change feed), prepared once per
/// connection and then only bound and executed: no parse or plan per request.
enum PreparedStatements {
    /// The live quotes among some ids (`PointReads`' batches), in `PostgresQuoteRow.columns`, in no order.
    struct LiveQuotes: PostgresPreparedStatement {
        static let sql = "SELECT \(PostgresQuoteRow.columns) FROM quote q WHERE q.id = ANY($1) AND q.deleted_at IS NULL"
        static let bindingDataTypes: [PostgresDataType] = [.int8Array]
        let ids: [Int64]

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(ids)
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> Quote { try PostgresQuoteRow.quote(row) }
    }

    /// The change feed's next rows (`PostgresQuoteRow.changesSQL`).
    struct Changes: PostgresPreparedStatement {
        static let sql = PostgresQuoteRow.changesSQL
        static let bindingDataTypes: [PostgresDataType] = [.int8, .int8]
        let after: Int64
        let limit: Int

        func makeBindings() throws -> PostgresBindings {
            var bindings = PostgresBindings()
            bindings.append(after)
            bindings.append(Int64(limit))
            return bindings
        }

        func decodeRow(_ row: PostgresRow) throws -> QuoteChange { try PostgresQuoteRow.change(row) }
    }
}
