/// The pages of a paged JetStream listing (`STREAM.NAMES`, `STREAM.LIST`, `CONSUMER.NAMES`,
/// `CONSUMER.LIST`) as one `AsyncSequence` of items.
///
/// Pages are requested lazily with `{"offset":n}` as the iteration reaches them, so listing a
/// thousand streams does not hold a thousand StreamInfos at once, and breaking out early sends
/// no further request. It ends when the server's `total` is reached or a page comes back empty
/// (a listing shrinking meanwhile must not loop forever).
public struct PagedSequence<Element: Sendable>: AsyncSequence, Sendable {
    public typealias Failure = any Error
    /// One page: its items and the server's `total`.
    typealias Page = (items: [Element], total: Int)
    let fetch: @Sendable (_ offset: Int) async throws -> Page

    init(fetch: @escaping @Sendable (_ offset: Int) async throws -> Page) {
        self.fetch = fetch
    }

    public struct AsyncIterator: AsyncIteratorProtocol {
        let fetch: @Sendable (Int) async throws -> Page
        var buffer: [Element] = []
        var index = 0
        var offset = 0
        var total: Int?
        var done = false

        public mutating func next() async throws -> Element? {
            if index < buffer.count {
                defer { index += 1 }
                return buffer[index]
            }
            if done { return nil }
            if let total, offset >= total { return nil }
            let page = try await fetch(offset)
            total = page.total
            buffer = page.items
            index = 0
            offset += page.items.count
            if page.items.isEmpty {
                done = true
                return nil
            }
            index = 1
            return buffer[0]
        }
    }

    public func makeAsyncIterator() -> AsyncIterator { AsyncIterator(fetch: fetch) }

    /// Every item, all pages read.
    public func collect() async throws -> [Element] {
        var all: [Element] = []
        for try await item in self { all.append(item) }
        return all
    }
}
