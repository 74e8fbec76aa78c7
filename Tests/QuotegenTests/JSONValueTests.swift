import Foundation
import Testing
@testable import QuotegenJSON

@Suite(.timeLimit(.minutes(1))) struct JSONValueTests {
    @Test func parsesEveryKindOfValue() {
        let text = #" {"s": "a\"b\\c\/d\b\f\n\r\t", "u": "\u00e9\ud83d\ude00", "raw": "é😀", "n": -12.5e+2, "z": 0,"#
            + #" "t": true, "f": false, "null": null, "a": [1, [], {}], "o": {"k": "v"}} "#
        let expected: JSONValue = .object([
            "s": .string("a\"b\\c/d\u{8}\u{c}\n\r\t"), "u": .string("é😀"), "raw": .string("é😀"),
            "n": .number(-1250), "z": .number(0), "t": .bool(true), "f": .bool(false), "null": .null,
            "a": .array([.number(1), .array([]), .object([:])]), "o": .object(["k": .string("v")]),
        ])
        #expect(JSONValue.parse(Array(text.utf8)) == expected)
        #expect(JSONValue.parse(Array("\"top-level string\"".utf8)) == .string("top-level string"))
    }

    @Test(arguments: [
        "", " ", "{", "}", "[1,]", "{\"a\":1,}", "{\"a\" 1}", "{a: 1}", "'single'", "[1 2]", "01", "1.", ".5", "-",
        "1e", "+1", "tru", "nul", "\"unterminated", "\"bad \\x escape\"", "\"\\u12\"", "\"\\ud800\"", "\"\\udc00\"",
        "\"\\ud800\\u0041\"", "\"raw \u{1} control\"", "{} trailing", "[\"a\"] []", "NaN", "Infinity",
    ])
    func refusesWhatIsNotJSON(text: String) {
        #expect(JSONValue.parse(Array(text.utf8)) == nil)
    }

    @Test func refusesInvalidUTF8AndDeepNesting() {
        #expect(JSONValue.parse([0x22, 0xFF, 0x22]) == nil)
        #expect(JSONValue.parse([0x22, 0x5C, 0x6E, 0xC3, 0x28, 0x22]) == nil)  // invalid after an escape
        #expect(JSONValue.parse(Array((String(repeating: "[", count: 100) + String(repeating: "]", count: 100)).utf8)) != nil)
        #expect(JSONValue.parse(Array((String(repeating: "[", count: 10_000) + String(repeating: "]", count: 10_000)).utf8)) == nil)
    }

    @Test func agreesWithFoundationOnValidDocuments() throws {
        let samples = [
            #"{"quote": "Stay curious.", "author": "Ada", "tags": ["science", "life"]}"#,
            #"[1, 2.5, -3e-2, "x", null, true, {"nested": {"deeper": ["\u0041"]}}]"#,
        ]
        for sample in samples {
            let ours = try #require(JSONValue.parse(Array(sample.utf8)))
            let foundation = try JSONSerialization.jsonObject(with: Data(sample.utf8), options: .fragmentsAllowed)
            #expect(ours == Self.value(foundation))
        }
    }

    private static func value(_ any: Any) -> JSONValue {
        switch any {
        case is NSNull: return .null
        case let string as String: return .string(string)
        case let array as [Any]: return .array(array.map(value))
        case let object as [String: Any]: return .object(object.mapValues(value))
        case let number as NSNumber:
            if String(cString: number.objCType) == "c" { return .bool(number.boolValue) }
            return .number(number.doubleValue)
        default: return .null
        }
    }
}
