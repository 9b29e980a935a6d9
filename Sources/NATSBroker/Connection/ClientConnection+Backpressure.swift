import Logging
import NIOCore
import Synchronization

/// Backpressure, as nats-server's "stalled clients": when a subscriber's socket cannot keep up (its
/// channel is over the write-buffer high-water mark), the publishers feeding it stop being read until
/// it drains, instead of the broker buffering without bound and cutting the subscriber off. A
/// subscriber that stays blocked longer than `write_deadline` is a slow consumer and is closed, which
/// releases its publishers; `max_pending` still caps what one connection may hold.
extension ClientConnection {
    /// On the publisher's loop: stop reading this publisher until `target` can write again.
    func stall(on target: ClientConnection) {
        guard !readPaused, !closing, !target.closing else { return }
        broker.logger.trace("\(logPrefix) - stalled on cid:\(target.id)")
        pauseReading()
        broker.counters.stalls.add(1, ordering: .relaxed)
        let publisher = self
        if target.loop === loop {
            target.stalledPublishers.append(publisher)
        } else {
            target.loop.eventLoop.execute {
                if target.writable || target.closing {
                    publisher.loop.eventLoop.execute { publisher.resumeReading() }
                } else {
                    target.stalledPublishers.append(publisher)
                }
            }
        }
    }

    func pauseReading() {
        readPaused = true
        try? context?.channel.syncOptions?.setOption(.autoRead, value: false)
    }

    func resumeReading() {
        broker.logger.trace("\(logPrefix) - resume (paused: \(readPaused), closing: \(closing))")
        guard readPaused, !closing else { return }
        readPaused = false
        try? context?.channel.syncOptions?.setOption(.autoRead, value: true)
    }

    /// From `channelWritabilityChanged` (on this connection's loop).
    func writabilityChanged(_ isWritable: Bool) {
        broker.logger.trace("\(logPrefix) - writable: \(isWritable), stalled publishers: \(stalledPublishers.count)")
        writable = isWritable
        if isWritable {
            stallDeadline?.cancel()
            stallDeadline = nil
            releaseStalledPublishers()
        } else if stallDeadline == nil {
            let deadline = TimeAmount.nanoseconds(BrokerOptions.nanoseconds(broker.options.writeDeadline))
            stallDeadline = channel.eventLoop.scheduleTask(in: deadline) { [self] in
                stallDeadline = nil
                if !writable && !closing {
                    closeReason = "Slow Consumer (Write Deadline)"
                    slowConsumer(reason: "WriteDeadline of \(broker.options.writeDeadline)s exceeded")
                }
            }
        }
    }

    /// Lets every publisher waiting on this connection read again (also when it closes).
    func releaseStalledPublishers() {
        guard !stalledPublishers.isEmpty else { return }
        let publishers = stalledPublishers
        stalledPublishers.removeAll()
        for publisher in publishers {
            if publisher.loop === loop {
                publisher.resumeReading()
            } else {
                publisher.loop.eventLoop.execute { publisher.resumeReading() }
            }
        }
    }
}
