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
}
