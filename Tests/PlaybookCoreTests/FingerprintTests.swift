import Foundation
import PlaybookCore
import Testing

/// The graph fingerprint names what a run's next-check index was computed under: it must follow
/// the playbooks' contents, not the spelling of the folder's path.
struct FingerprintTests {
    @Test func sameFolderAnyPathSameFingerprint() throws {
        let shipped = TestSupport.packageRoot.appendingPathComponent("playbooks")
        let copy = FileManager.default.temporaryDirectory.appendingPathComponent("fingerprint-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: copy) }
        try FileManager.default.copyItem(at: shipped, to: copy)
        let original = try ProjectLoader.load(paths: [shipped.path]).graph.fingerprint
        let dotted = try ProjectLoader.load(paths: [shipped.path + "/."]).graph.fingerprint
        #expect(try ProjectLoader.load(paths: [copy.path]).graph.fingerprint == original)
        #expect(dotted == original)
        let file = copy.appendingPathComponent("repurchase.yaml")
        let text = try String(contentsOf: file, encoding: .utf8)
        try text.replacingOccurrences(of: "小美保養", with: "小美商店").write(to: file, atomically: true, encoding: .utf8)
        #expect(try ProjectLoader.load(paths: [copy.path]).graph.fingerprint != original)
    }
}
