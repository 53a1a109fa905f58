/// A node of the reverse-mode autodiff graph (placeholder; filled in by the autodiff work).
public final class GraphNode: Sendable {
  let shape: [Int]
  init(leafShape: [Int]) { self.shape = leafShape }
}
