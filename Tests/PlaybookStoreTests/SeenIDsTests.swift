import Foundation
import Testing

@testable import PlaybookStore

/// The ids of a file seen so far: a repeated id is found with the line it first appeared on, also
/// after the ids moved out of memory into the scratch file, in and out of order. Serialized: the
/// second test counts the scratch files in TMPDIR.
@Suite(.serialized) struct SeenIDsTests {
    static func id(_ number: Int) -> String { "O" + String(format: "%07d", number) }

    @Test(arguments: [1, 7, 100, 1 << 20])
    func repeatsAreFoundWhereverTheIdsAre(spillAfter: Int) throws {
        var seen = SeenIDs(spillAfter: spillAfter)
        // 300 ascending ids on lines 2…301, then 50 out of order (descending, from 1000 down).
        for number in 0..<300 { #expect(try seen.insert(Self.id(number), line: number + 2) == nil) }
        for number in (0..<50).map({ 1000 - $0 }) {
            #expect(try seen.insert(Self.id(number), line: 400 + number) == nil)
        }
        #expect(try seen.insert(Self.id(0), line: 5000) == 2, "the first ascending id")
        #expect(try seen.insert(Self.id(299), line: 5001) == 301, "the last ascending id")
        #expect(try seen.insert(Self.id(951), line: 5002) == 1351, "an id that came out of order")
        #expect(try seen.insert(Self.id(1000), line: 5003) == 1400)
        #expect(try seen.insert(Self.id(500), line: 5004) == nil, "a new id below the last ascending one")
        #expect(try seen.insert(Self.id(500), line: 5005) == 5004)
        #expect(try seen.insert(Self.id(2000), line: 5006) == nil, "a new ascending id")
        #expect(try seen.insert(Self.id(2000), line: 5007) == 5006)
    }

    @Test func theScratchFileIsDeletedWithTheIds() throws {
        let folder = FileManager.default.temporaryDirectory.path
        func scratchFiles() throws -> Set<String> {
            Set(try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.hasPrefix("playbook-ids-") })
        }
        let before = try scratchFiles()
        do {
            var seen = SeenIDs(spillAfter: 2)
            for number in 0..<10 { _ = try seen.insert(Self.id(number), line: number) }
            #expect(try scratchFiles().count > before.count, "the ids moved to a scratch file")
        }
        #expect(try scratchFiles().subtracting(before).isEmpty, "and it is gone with them")
    }
}
