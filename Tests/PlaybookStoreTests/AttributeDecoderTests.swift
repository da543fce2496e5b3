import Testing

@testable import PlaybookStore

struct AttributeDecoderTests {
    @Test func decodesStoredAttributesAndRemembersThemPerText() {
        var decoder = AttributeDecoder()
        let taipei = #"{"city":"台北","skin_type":"oily"}"#
        #expect(decoder.decode(taipei) == ["city": "台北", "skin_type": "oily"])
        #expect(decoder.decode(#"{"city":"台中"}"#) == ["city": "台中"])
        // The second reading of a text comes from memory and must equal the first.
        #expect(decoder.decode(taipei) == ["city": "台北", "skin_type": "oily"])
        #expect(decoder.decode("{}").isEmpty)
        #expect(decoder.decode("not json").isEmpty)
        #expect(decoder.decode(#"{"count":3}"#).isEmpty)
    }

    /// Texts that differ only in Unicode normalization are two texts: each decodes to its own
    /// bytes, as stored, whichever was remembered first.
    @Test func remembersTextsByTheirBytes() {
        var decoder = AttributeDecoder()
        let composed = "{\"city\":\"Qu\u{E9}bec\"}"
        let decomposed = "{\"city\":\"Que\u{301}bec\"}"
        #expect(Array(decoder.decode(composed)["city"]?.utf8 ?? "".utf8) == Array("Qu\u{E9}bec".utf8))
        #expect(Array(decoder.decode(decomposed)["city"]?.utf8 ?? "".utf8) == Array("Que\u{301}bec".utf8))
    }
}
